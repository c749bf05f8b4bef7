import { useState } from 'react';
import { keepDraftOverNewer } from './stale-draft.js';

/**
 * A form's values over a record that may be read again while the form is open: the page reloads it after a save (a
 * colleague's change included), or the form fetches it after a save refused as stale (409). A newer record becomes
 * the form's base (`read`, whose token a save sends), and what was typed here and not saved stays over it
 * (keepDraftOverNewer), so saving again applies this person's changes without undoing the colleague's.
 */
export function useDraftOverNewer<R, V extends object>(record: R, tokenOf: (record: R) => string, valuesOf: (record: R) => V) {
  const [read, setRead] = useState(record);
  const [values, setValues] = useState(() => valuesOf(record));
  const [seenToken, setSeenToken] = useState(() => tokenOf(record));
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
  return { read, values, setValues, adopt };
}
