import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';
import { withFieldsWhereSent } from './body-fields.js';
import { refuseDuplicateJsonKeys } from './json-body.js';
import { unstorableTextError, unstorableTextPath } from './storable-text.js';
import { installValidationMessages } from './validation-messages.js';

type Issue = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: ReadonlyArray<string> };

/**
 * Where an issue is. An unknown query parameter is named itself (`query.sort`), not the query that holds it; an
 * unknown body key stays `body` (the object the form sent, and what clients of the body's answer already read).
 */
function issueField(target: string, issue: Issue | undefined): string {
  const unknownKey = target === 'query' && issue?.code === 'unrecognized_keys' && issue.keys !== undefined ? issue.keys.slice(0, 1) : [];
  return [target === 'json' ? 'body' : target, ...(issue?.path ?? []).map(String), ...unknownKey].join('.');
}

/**
 * A query string's issue in a reader's words: an unknown key is a parameter the endpoint does not take (not a
 * "field"), and a parameter sent twice reaches the schema as a list, whose "must be one of" would blame a good value.
 */
function queryIssueMessage(issue: Issue, repeatedKeys: ReadonlySet<string>): string {
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) return `is not a parameter this endpoint takes${issue.keys.length > 1 ? ` (nor ${issue.keys.slice(1).join(', ')})` : ''}`;
  const key = issue.path[0];
  if (typeof key === 'string' && repeatedKeys.has(key)) return 'is given more than once: send one value';
  return issue.message;
}

/** Names the first bad input the way a person reads it: `body.title`, `query.limit`, `param.orgId`. */
export function validationError(target: string, issues: ReadonlyArray<Issue>, repeatedQueryKeys: ReadonlySet<string> = new Set()): AppError {
  const worded = target === 'query' ? issues.map((issue) => ({ ...issue, message: queryIssueMessage(issue, repeatedQueryKeys) })) : issues;
  const first = worded[0];
  const path = issueField(target, first);
  return new AppError('validation_failed', `${path}: ${first?.message ?? 'is invalid'}`, {
    field: path,
    data: { issues: worded.map((issue) => ({ field: issueField(target, issue), message: issue.message })) },
  });
}

/**
 * Every route group is an OpenAPIHono with the same validation answer: 400 naming the field. Its routes' handlers name a
 * refused input where the client sent it too (`body.teamId`, `param.teamId`), whatever the service called it.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  installValidationMessages();
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: async (result, c) => {
      // Before the schema's verdict: with a key twice, what the schema saw is not what the client meant to send.
      if (result.target === 'json') await refuseDuplicateJsonKeys(c);
      if (!result.success) {
        const repeatedQueryKeys = result.target === 'query' ? new Set(Object.entries(c.req.queries()).flatMap(([key, values]) => (values.length > 1 ? [key] : []))) : undefined;
        throw validationError(result.target, result.error.issues, repeatedQueryKeys);
      }
      if (result.target === 'json') {
        const path = unstorableTextPath(result.data);
        if (path !== null) throw unstorableTextError(path);
      }
    },
  });
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => register(route, withFieldsWhereSent(route.request, handler), hook)) as typeof register;
  return router;
}
