import { useState } from 'react';
import { isStaleWriteRefusal, keepDraftOverNewer } from './stale-draft.js';

/** What came of a save sent from the record a form read: saved (the server's answer), or refused as stale with the record as it now is. */
export type OverNewerOutcome<S, R> = { isNewer: false; saved: S } | { isNewer: true; latest: R };

export interface OverNewerSave<S, R> {
  /** The save, sent with the token of the record the form read. */
  save(): Promise<S>;
  /**
   * The record as it now is, read after a stale refusal; undefined when it is gone, and the refusal then stands. Left
   * out where the page reads the record again after any save (the outcome's `latest` is then undefined).
   */
  readLatest?(): Promise<R | undefined>;
  /** The body field of the token the save sends: the server's 409 names it. */
  tokenField?: string;
}

/**
 * Sends a form's save. Refused because someone saved the record since the form read it (409 naming `tokenField`,
 * nothing written), it is not a failure to show but the record as it now is, for the form to take as its base with
 * what was typed kept over it: reloading would throw that away. Any other failure is thrown, for the form to show.
 */
export async function submitOverNewer<S, R>({ save, readLatest, tokenField = 'baseToken' }: OverNewerSave<S, R>): Promise<OverNewerOutcome<S, R>> {
  try {
    return { isNewer: false, saved: await save() };
  } catch (error) {
    if (!isStaleWriteRefusal(error, tokenField)) throw error;
    if (!readLatest) return { isNewer: true, latest: undefined as R };
    const latest = await readLatest();
    if (latest === undefined) throw error;
    return { isNewer: true, latest };
  }
}

export interface OverNewerSubmit<S, R> extends OverNewerSave<S, R> {
  /** What the form says of the colleague's change, shown until the next submit. */
  note(latest: R): string;
  /** Takes the newer record as the form's base after a stale refusal (useDraftOverNewer's `adopt`). */
  adopt?(latest: R): void;
}

/**
 * A form's submit through submitOverNewer, with the note that names a colleague's change: each submit clears it, and a
 * stale refusal adopts the newer record and sets it. The form goes on after a stale refusal as after a save (the page
 * reloads), since what the person typed is still in the form.
 */
export function useSubmitOverNewer() {
  const [newerNote, setNewerNote] = useState<string | undefined>();
  const submit = async <S, R>({ note, adopt, ...steps }: OverNewerSubmit<S, R>): Promise<OverNewerOutcome<S, R>> => {
    setNewerNote(undefined);
    const outcome = await submitOverNewer(steps);
    if (outcome.isNewer) {
      adopt?.(outcome.latest);
      setNewerNote(note(outcome.latest));
    }
    return outcome;
  };
  /** Drops the note, where the form starts again from another record. */
  const clearNewerNote = () => setNewerNote(undefined);
  return { newerNote, submit, clearNewerNote };
}

/**
 * A form's values over a record that may be read again while the form is open: the page reloads it after a save (a
 * colleague's change included), or the form fetches it after a save refused as stale (409). A newer record becomes
 * the form's base (`read`, whose token a save sends), and what was typed here and not saved stays over it
 * (keepDraftOverNewer), so saving again applies this person's changes without undoing the colleague's.
 * `submit` sends a save from it (useSubmitOverNewer, adopting the newer record), and `savedRecord` names the record a
 * save answers with, which then becomes the base at once.
 */
export function useDraftOverNewer<R, V extends object>(record: R, tokenOf: (record: R) => string, valuesOf: (record: R) => V) {
  const [read, setRead] = useState(record);
  const [values, setValues] = useState(() => valuesOf(record));
  const [seenToken, setSeenToken] = useState(() => tokenOf(record));
  const { newerNote, submit: submitWithNote } = useSubmitOverNewer();
  /** Takes a newer record as the base, keeping what was typed here over it. */
  const adopt = (latest: R) => {
    setValues((current) => keepDraftOverNewer(valuesOf(read), valuesOf(latest), current));
    setRead(latest);
  };
  // The record given by the page changed (a reload): a newer one than the form's base is adopted, during render.
  const token = tokenOf(record);
  if (token !== seenToken) {
    setSeenToken(token);
    if (token !== tokenOf(read)) adopt(record);
  }
  const submit = async <S>({ savedRecord, ...steps }: Omit<OverNewerSubmit<S, R>, 'adopt'> & { savedRecord?(saved: S): R }) => {
    const outcome = await submitWithNote({ ...steps, adopt });
    if (!outcome.isNewer && savedRecord) adopt(savedRecord(outcome.saved));
    return outcome;
  };
  return { read, values, setValues, adopt, newerNote, submit };
}
