/**
 * The built-in vocabularies of the writing checks. Each list is kept short on purpose: a term is
 * here only when a careful editor would flag it nearly every time it appears (precision first; the
 * org adds its own terms in the settings).
 */

/** Business and internal jargon: says little to a customer, and hides what is meant. */
export const BUILT_IN_JARGON: readonly string[] = [
  'leverage', 'leverages', 'leveraged', 'leveraging',
  'synergy', 'synergies', 'synergistic',
  'paradigm', 'paradigm shift',
  'best-of-breed', 'best-in-class', 'world-class', 'industry-leading', 'market-leading',
  'cutting-edge', 'bleeding-edge', 'state-of-the-art', 'next-generation', 'next-gen',
  'game-changer', 'game-changing', 'revolutionary', 'disruptive',
  'move the needle', 'low-hanging fruit', 'circle back', 'touch base', 'deep dive', 'boil the ocean',
  'value-add', 'win-win', 'mission-critical', 'holistic', 'seamless', 'seamlessly', 'frictionless', 'turnkey',
  'robust', 'actionable', 'learnings', 'ideate', 'ideation', 'operationalize', 'operationalise',
  'incentivize', 'incentivise', 'utilize', 'utilise', 'utilization', 'empower', 'empowers', 'empowering',
  'north star', 'double-click', 'drill down', 'bandwidth', 'single pane of glass', 'table stakes',
  'thought leadership', 'best practices', 'core competency', 'core competencies', 'key learnings',
  'go-forward', 'net-net', 'take offline', 'end-to-end solution', 'solutioning',
];

/** Weasel words: intensifiers and vague quantities that stand in for a fact or a number. */
export const WEASEL_WORDS: readonly string[] = [
  'very', 'really', 'extremely', 'incredibly', 'tremendously', 'hugely', 'vastly', 'enormously',
  'significantly', 'substantially', 'considerably', 'dramatically',
  'various', 'numerous', 'countless', 'myriad',
  'fairly', 'quite', 'rather', 'relatively', 'reasonably',
  'arguably', 'virtually', 'obviously', 'basically', 'essentially', 'literally', 'totally', 'truly',
  'a lot of', 'lots of', 'tons of', 'a great deal of', 'a number of',
  'huge', 'massive',
  'most people', 'some people', 'many people', 'experts say', 'experts agree', 'studies show', 'research shows',
  'it is widely believed', 'it is said', 'it is known',
];

/** Hedges: words that hold back commitment where the reader needs a clear claim. */
export const HEDGE_WORDS: readonly string[] = [
  'might', 'perhaps', 'possibly', 'probably', 'maybe', 'hopefully', 'potentially', 'presumably', 'conceivably',
  'somewhat', 'seemingly', 'apparently', 'supposedly',
  'seems to', 'seem to', 'seemed to', 'appears to', 'appear to',
  'we think', 'we believe', 'we feel', 'we hope', 'i think', 'i believe', 'i feel', 'i guess',
  'sort of', 'kind of', 'more or less', 'to some extent', 'to a certain extent', 'in theory',
  'could potentially', 'may or may not', 'it is possible that', 'there is a chance',
];

/** Internal technical terms that belong in the internal FAQ, not in a press release. */
export const BUILT_IN_TECHNICAL_TERMS: readonly string[] = [
  'api', 'apis', 'sdk', 'sdks', 'endpoint', 'endpoints', 'backend', 'back-end', 'frontend', 'front-end',
  'microservice', 'microservices', 'kubernetes', 'docker', 'schema', 'schemas',
  'latency', 'throughput', 'p50', 'p90', 'p95', 'p99', 'json', 'xml', 'yaml', 'restful', 'grpc', 'graphql',
  'http', 'https', 'tcp', 'udp', 'sql', 'nosql', 'oauth', 'tls', 'ssl', 'cpu', 'cpus', 'gpu', 'gpus', 'ram',
  'cache', 'caching', 'sharding', 'shard', 'shards', 'webhook', 'webhooks', 'middleware', 'postgres', 'postgresql',
  'redis', 'kafka', 'dynamodb', 'ec2', 's3', 'vcpu', 'vcpus', 'regex', 'orm', 'crud', 'websocket', 'websockets',
  'rest api', 'rest apis', 'load balancer', 'message queue', 'data pipeline', 'machine learning model', 'neural network', 'transformer model',
];

/** Units of measure that mark a technical specification when they follow a number. */
export const TECHNICAL_UNITS: ReadonlySet<string> = new Set([
  'ms', 'µs', 'ns', 'mm', 'kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'hz', 'khz', 'mhz', 'ghz',
  'kbps', 'mbps', 'gbps', 'mah', 'nm', 'fps', 'dpi', 'ppi', 'rpm', 'tps', 'qps', 'rps', 'iops', 'vcpu', 'vcpus',
  'cores', 'threads', 'kw', 'kwh', 'mw', 'mp', 'megapixels', 'milliseconds', 'microseconds', 'nanoseconds',
  'megabytes', 'gigabytes', 'terabytes', 'kilobytes', 'gigahertz', 'megahertz', 'teraflops',
]);

/** Acronyms readers know without a definition; the org adds its own in the settings. */
export const KNOWN_ACRONYMS: readonly string[] = [
  'CEO', 'CFO', 'COO', 'CTO', 'CIO', 'CMO', 'VP', 'SVP', 'EVP', 'HR', 'PR', 'FAQ', 'FAQS', 'OK', 'ID', 'TV', 'PC',
  'US', 'USA', 'UK', 'EU', 'UN', 'NYC', 'LA', 'AM', 'PM', 'USD', 'EUR', 'GBP', 'GDP', 'IT', 'AI', 'PDF', 'URL', 'FAQ',
  'API', 'SDK', 'CPU', 'GPU', 'RAM', 'SQL', 'REST', 'TCP', 'UDP', 'TLS', 'SSL', 'YAML', 'ORM', 'CRUD', 'DNS', 'SSO', 'HTML', 'CSS', 'HTTP', 'HTTPS', 'JSON', 'XML', 'CSV', 'USB', 'GPS', 'SMS',
  'PIN', 'ATM', 'DNA', 'NASA', 'FBI', 'LLC', 'INC', 'LTD', 'CO', 'Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'FY', 'YOY', 'MP',
  'GB', 'MB', 'KB', 'TB', 'MS', 'DIY', 'FYI', 'ASAP', 'RSVP', 'ETA', 'TBD', 'N/A', 'IOS', 'IP', 'VPN', 'WIFI', 'QR',
  'ISBN', 'ZIP', 'PS', 'NB', 'AD', 'BC', 'DC', 'EV', 'PhD', 'MBA', 'MD', 'RN', 'CPA', 'IPO', 'B2B', 'B2C', 'SAAS', 'IRS',
];

/** Words that are not shouted acronyms but emphasis: "do NOT", "ALL customers". */
export const SHOUTED_WORDS: ReadonlySet<string> = new Set([
  'NOT', 'NO', 'NEVER', 'ALL', 'NEW', 'FREE', 'NOW', 'ONLY', 'MUST', 'AND', 'OR', 'THE', 'YES', 'NONE', 'EVERY',
  'ANY', 'STOP', 'NOTE', 'WARNING', 'TODO', 'IMPORTANT', 'BEFORE', 'AFTER', 'WHY', 'WHAT', 'HOW', 'WHO', 'DONE',
]);

/** Forms of "to be" that start a passive construction. */
export const BE_FORMS: ReadonlySet<string> = new Set(['am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', "isn't", "aren't", "wasn't", "weren't"]);

/** Irregular past participles ("was built", "is written", "were sold"). */
export const IRREGULAR_PARTICIPLES: ReadonlySet<string> = new Set([
  'arisen', 'awoken', 'beaten', 'begun', 'bent', 'bet', 'bid', 'bitten', 'blown', 'borne', 'bought',
  'bound', 'bred', 'brought', 'broken', 'built', 'burnt', 'cast', 'caught', 'chosen', 'cut', 'dealt',
  'drawn', 'dreamt', 'driven', 'drunk', 'dug', 'eaten', 'fallen', 'fed', 'felt', 'fled', 'flown', 'forbidden',
  'forgiven', 'forgotten', 'fought', 'found', 'frozen', 'given', 'gotten', 'ground', 'grown', 'held', 'hidden',
  'hit', 'hung', 'hurt', 'kept', 'known', 'laid', 'led', 'learnt', 'left', 'lent', 'let', 'lit', 'lost', 'made', 'meant',
  'met', 'mistaken', 'outgrown', 'overcome', 'overdone', 'overseen', 'overtaken', 'overthrown', 'paid', 'proven', 'put',
  'quit', 'read', 'rebuilt', 'redone', 'remade', 'rewritten', 'rethought', 'ridden', 'risen', 'rung', 'run', 'said', 'seen',
  'sent', 'set', 'sewn', 'shaken', 'shed', 'shot', 'shown', 'shrunk', 'shut', 'slain', 'slid', 'sold', 'sought', 'sown',
  'spent', 'spilt', 'split', 'spoken', 'spread', 'spun', 'stolen', 'struck', 'stuck', 'stung', 'sung', 'sunk', 'swept',
  'sworn', 'swum', 'taken', 'taught', 'thought', 'thrown', 'told', 'torn', 'undergone', 'understood', 'undertaken',
  'undone', 'upheld', 'upset', 'withdrawn', 'withheld', 'won', 'worn', 'woven', 'wound', 'written',
]);

/**
 * "-ed" words that after "to be" describe a state or a feeling rather than an action done to the
 * subject ("we are excited", "the plan is based on"): not reported as passive voice.
 */
export const STATIVE_ED_WORDS: ReadonlySet<string> = new Set([
  'interested', 'excited', 'pleased', 'delighted', 'thrilled', 'tired', 'worried', 'concerned', 'surprised',
  'satisfied', 'frustrated', 'bored', 'confused', 'disappointed', 'scared', 'amazed', 'embarrassed', 'ashamed',
  'annoyed', 'relieved', 'prepared', 'supposed', 'used', 'based', 'related', 'unrelated', 'detailed', 'advanced',
  'experienced', 'qualified', 'skilled', 'talented', 'crowded', 'complicated', 'sophisticated', 'dedicated',
  'committed', 'focused', 'focussed', 'involved', 'engaged', 'aligned', 'convinced', 'determined', 'motivated',
  'married', 'retired', 'located', 'situated', 'inclined', 'entitled', 'limited', 'unlimited', 'united', 'armed', 'need', 'speed', 'feed', 'seed', 'hundred',
  'sacred', 'naked', 'wicked', 'rugged', 'ragged', 'beloved', 'learned', 'aged', 'blessed', 'crooked', 'dogged',
  'jagged', 'wretched', 'biased', 'unbiased', 'automated', 'connected', 'disconnected', 'overjoyed',
  'exhausted', 'overwhelmed', 'impressed', 'stressed', 'done', 'gone', 'finished', 'closed',
]);

/** Adverbs that may stand between "to be" and the participle ("was quickly adopted"). */
export const PASSIVE_GAP_WORDS: ReadonlySet<string> = new Set([
  'not', 'never', 'also', 'always', 'often', 'already', 'still', 'just', 'now', 'then', 'all', 'both', 'rarely',
  'usually', 'sometimes', 'first', 'only', 'even', 'further', 'later', 'soon',
]);

/** Generic words for the customer, counted by the customer-focus check (the org adds its own). */
export const CUSTOMER_WORDS: ReadonlySet<string> = new Set([
  'customer', 'customers', "customer's", "customers'", 'you', 'your', 'yours', 'yourself', "you're", "you'll", "you've",
  'user', 'users', 'shopper', 'shoppers', 'buyer', 'buyers', 'client', 'clients', 'member', 'members', 'reader', 'readers',
  'owner', 'owners', 'people', 'patient', 'patients', 'parent', 'parents', 'student', 'students', 'teacher', 'teachers',
  'family', 'families', 'traveler', 'travelers', 'traveller', 'travellers', 'driver', 'drivers', 'rider', 'riders',
  'guest', 'guests', 'subscriber', 'subscribers', 'developer', 'developers', 'seller', 'sellers', 'player', 'players',
]);

/** The company speaking of itself. */
export const COMPANY_WORDS: ReadonlySet<string> = new Set(['we', 'our', 'ours', 'us', 'ourselves', "we're", "we've", "we'll", "we'd"]);
