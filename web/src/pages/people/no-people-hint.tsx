import { Link } from '../../lib/router.js';

/**
 * Under an owner field with no one to choose: owners are people on the org chart, which a new org starts without
 * (signing up makes a login, not a person), so the form says where to add them instead of failing on submit.
 */
export function NoPeopleHint({ orgId, what, rule }: { orgId: string; what: string; rule?: string }) {
  return (
    <>
      {rule ?? `${what} belongs to someone on the org chart`}, and it has nobody yet: add yourself on <Link to={`/o/${orgId}/home`}>Home</Link> (one click) and your colleagues on <Link to={`/o/${orgId}/people`}>People</Link> first.
    </>
  );
}
