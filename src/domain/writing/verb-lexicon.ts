/**
 * Just enough of English verbs to tell a sentence from a fragment without a part-of-speech tagger:
 * auxiliaries, common verbs in their base form, and irregular past forms. A word is taken for a
 * finite verb only when its position allows it (not after "the" or "to"), so that "the plan" or
 * "to grow" do not count as verbs; when unsure, the fragment rule stays silent.
 */

export const AUXILIARIES: ReadonlySet<string> = new Set([
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would',
  'can', 'could', 'shall', 'should', 'may', 'might', 'must', "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't",
  "hadn't", "don't", "doesn't", "didn't", "won't", "wouldn't", "can't", "cannot", "couldn't", "shouldn't", "mustn't",
]);

const COMMON_VERBS = `accept achieve act add adopt agree aim allow answer appear apply approve argue arrive ask assume
avoid become begin believe belong break bring build buy call cancel care carry catch cause change charge check choose
claim clean close come compare compete complain complete consider contain continue cost count cover create cut deal
decide decline define deliver depend describe design destroy develop die do drive drop earn eat enable end enjoy
ensure enter exist expand expect explain face fail fall feel fight fill find finish fit fix follow forget form gain
get give go grow handle happen hate have hear help hide hire hit hold hope hurt identify imagine improve include
increase intend invest involve join jump keep kill know last launch lead learn leave lend let lie like limit listen
live load look lose love maintain make manage matter mean measure meet miss move need offer open operate order own pay
perform pick plan play point prefer prepare present prevent produce promise protect prove provide publish pull push put
raise reach read realize receive recommend reduce refuse relate release rely remain remember remove repeat replace
reply report represent require rest return reveal review ride rise run save say see seek seem sell send serve set settle
share ship show shrink sign sit sleep slow solve speak spend stand start stay step stop study succeed suffer suggest
supply support suppose take talk teach tell tend test thank think throw track train travel treat try turn understand
use vary visit wait walk want warn waste watch win wish work worry write`.split(/\s+/);

const IRREGULAR_PAST = `arose ate awoke became began bent bet bit bled blew bore bought bound bred broke brought built burnt
came caught chose clung cost crept cut dealt did dug drank drew drove fed fell felt fled flew forbade forgave forgot
fought found froze gave got grew had heard held hid hit hung hurt kept knew laid led learnt left lent let lay lit lost
made meant met mistook overcame oversaw paid put quit ran rang read rode rose said sang sank sat saw sent set shook shed
shone shot showed shrank shut slept slid sold sought spent split spoke spread sprang stood stole stuck stung strove
struck swam swore swept swung taught thought threw told took tore understood undertook upheld went withdrew woke won
wore wound wrote`.split(/\s+/);

export const BASE_VERBS: ReadonlySet<string> = new Set(COMMON_VERBS);
export const PAST_FORMS: ReadonlySet<string> = new Set(IRREGULAR_PAST);

/** "-s" forms of the common verbs: "ships", "reaches", "tries". */
export const THIRD_PERSON_FORMS: ReadonlySet<string> = new Set(
  COMMON_VERBS.flatMap((verb) => {
    if (verb === 'have') return ['has'];
    if (verb === 'do' || verb === 'go') return [`${verb}es`];
    if (/(?:s|sh|ch|x|z)$/.test(verb)) return [`${verb}es`];
    if (/[^aeiou]y$/.test(verb)) return [`${verb.slice(0, -1)}ies`];
    return [`${verb}s`];
  }),
);

/** A word after one of these is read as its verb: "we onboard", "they churn". */
export const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['i', 'we', 'they', 'he', 'she', 'it', 'you', 'who']);

/** Words after which a verb-looking word is a noun or an infinitive: "the plan", "to grow", "for support", "faster answers". */
export const NOT_BEFORE_FINITE_VERB: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'my', 'your', 'our', 'their', 'its', 'his', 'her', 'no', 'each',
  'every', 'some', 'any', 'all', 'another', 'other', 'what', 'which', 'whose', 'to', 'of', 'for', 'in', 'on', 'at', 'by',
  'with', 'from', 'into', 'about', 'without', 'per', 'via', 'than', 'more', 'less', 'fewer', 'better', 'worse', 'faster',
  'slower', 'higher', 'lower', 'bigger', 'smaller', 'cheaper', 'larger', 'greater', 'easier', 'harder', 'shorter',
  'longer', 'quicker', 'simpler', 'clearer', 'newer', 'older', 'stronger', 'weaker', 'safer', 'richer', 'deeper',
  'new', 'good', 'bad', 'big', 'small', 'first', 'last', 'next', 'one', 'two', 'three', 'many', 'few', 'several',
  'quick', 'great', 'huge', 'major', 'key', 'real', 'clear', 'easy', 'simple', 'main', 'early', 'late', 'fast', 'full',
  'final', 'long', 'short', 'high', 'low', 'strong', 'top', 'true', 'whole', 'own', 'same', 'single', 'total',
]);

/** Prepositions: after "for supplier changes" the "-s" word ends a noun phrase, it is no verb. */
export const PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'on', 'at', 'by', 'with', 'from', 'into', 'about', 'without', 'per', 'via', 'over', 'under', 'between', 'across', 'through']);

/** Words that open a dependent clause: a sentence made only of such a clause is a fragment. */
export const SUBORDINATORS: ReadonlySet<string> = new Set([
  'because', 'although', 'though', 'while', 'whereas', 'since', 'unless', 'if', 'when', 'whenever', 'until', 'once',
]);

/** Contractions that carry a verb: "it's", "we're", "they've", "I'll", "she'd", "I'm". */
export function isVerbContraction(lower: string): boolean {
  if (!lower.includes("'")) return false;
  return /'(?:re|ve|ll|d|m)$/.test(lower) || /n't$/.test(lower) || /^(?:it|that|there|here|what|he|she|who|where|let)'s$/.test(lower);
}
