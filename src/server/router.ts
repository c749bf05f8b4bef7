import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';
import { refuseDuplicateJsonKeys } from './json-body.js';
import { unstorableTextError, unstorableTextPath } from './storable-text.js';
import { installValidationMessages } from './validation-messages.js';

type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

/** Names the first bad input the way a person reads it: `body.title`, `query.limit`, `param.orgId`. */
export function validationError(target: string, issues: ReadonlyArray<Issue>): AppError {
  const first = issues[0];
  const path = [target === 'json' ? 'body' : target, ...(first?.path ?? []).map(String)].join('.');
  return new AppError('validation_failed', `${path}: ${first?.message ?? 'is invalid'}`, {
    field: path,
    data: { issues: issues.map((issue) => ({ field: [target === 'json' ? 'body' : target, ...issue.path.map(String)].join('.'), message: issue.message })) },
  });
}

/** Every route group is an OpenAPIHono with the same validation answer: 400 naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  installValidationMessages();
  return new OpenAPIHono<AppEnv>({
    defaultHook: async (result, c) => {
      // Before the schema's verdict: with a key twice, what the schema saw is not what the client meant to send.
      if (result.target === 'json') await refuseDuplicateJsonKeys(c);
      if (!result.success) throw validationError(result.target, result.error.issues);
      if (result.target === 'json') {
        const path = unstorableTextPath(result.data);
        if (path !== null) throw unstorableTextError(path);
      }
    },
  });
}
