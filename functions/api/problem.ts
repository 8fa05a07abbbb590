/**
 * Every error the API answers is an RFC 9457 problem (`application/problem+json`): a `type` that
 * names the kind of problem, a `title` for that kind, the `status`, a `detail` for this occurrence
 * and, for bad input, `errors: [{ path, message }]` naming each bad field. Values sent by the
 * client are never echoed: a message says what a field must be, not what it was.
 *
 * Errors raised below the API (the domain's InputError, the store's NotFoundError and
 * ConflictError, the cycle's PhaseConflict) are mapped here, in one place; anything else is a 500
 * whose detail says nothing of the cause.
 *
 * @example
 * throw new ApiProblem('not-found', 'case c-1 not found');
 * const { status, body } = problemOf(error); // { status: 404, body: { type: 'tag:atbalsts.lv,2024:problem/not-found', ... } }
 */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { CaseDataError } from '../monthly-run/case-month/case-data-error.ts';
import { CaseClosedError, CycleDataError } from '../review-cycle/case-context.ts';
import { PhaseConflict } from '../review-cycle/commands.ts';
import { CursorError } from '../store/cursor.ts';
import { CaseMovedError, ConflictError, NotFoundError } from '../store/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The kinds of problem, each with its status and title. The `type` URIs are tag URIs (RFC 4151),
 * as RFC 9457 recommends for types that are not meant to be dereferenced; docs/api.md lists them.
 */
export const PROBLEM_KINDS = {
  'bad-request': { status: 400, title: 'The request cannot be read' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The case has moved on' },
  'request-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  gone: { status: 410, title: 'This link can no longer be used' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': {
    status: 415,
    title: 'The request body has a media type this route does not take',
  },
  'invalid-input': { status: 422, title: 'The request has invalid fields' },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was used for a different request',
  },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export const problemType = (kind: ProblemKind) => `tag:atbalsts.lv,2024:problem/${kind}`;

export const fieldErrorSchema = z.object({
  /** The field, as a path (`person.contacts[1].email`), or `row 4, column hours` for a CSV cell. */
  path: z.string(),
  message: z.string(),
  /** For a CSV upload: the spreadsheet's row number (the header is row 1). */
  row: z.number().int().positive().optional(),
  /** For a CSV upload: the column's name as the header gave it. */
  column: z.string().optional(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  /** For a phase conflict: the phase the case is in. */
  phase: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** An error the API answers as a problem of `kind`. */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly errors?: readonly FieldError[],
    readonly extra: { phase?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

/** The problem body of `kind`. */
export function problemBody(
  kind: ProblemKind,
  detail: string,
  errors?: readonly FieldError[],
  phase?: string,
): Problem {
  const { status, title } = PROBLEM_KINDS[kind];
  return {
    type: problemType(kind),
    title,
    status,
    detail,
    ...(errors && errors.length > 0 && { errors: [...errors] }),
    ...(phase !== undefined && { phase }),
  };
}

/**
 * The problem an error is answered with. `knownError` is false for errors the API did not
 * expect (a 500): the caller logs their name.
 */
export function problemOf(error: unknown): {
  body: Problem;
  headers: Record<string, string>;
  knownError: boolean;
} {
  const known = (body: Problem, headers: Record<string, string> = {}) => ({
    body,
    headers,
    knownError: true,
  });
  if (error instanceof ApiProblem) {
    return known(problemBody(error.kind, error.detail, error.errors, error.extra.phase), error.extra.headers);
  }
  // A cursor is a query parameter: a tampered one is a bad request, like any other bad parameter.
  if (error instanceof CursorError) {
    return known(
      problemBody(
        'bad-request',
        'The query has invalid parts; see errors.',
        error.issues.map((issue) => ({ ...issue, path: `query.${issue.path}` })),
      ),
    );
  }
  if (error instanceof InputError) {
    return known(problemBody('invalid-input', 'Some fields are not valid; see errors.', error.issues));
  }
  if (error instanceof NotFoundError) return known(problemBody('not-found', error.message));
  if (error instanceof PhaseConflict)
    return known(problemBody('conflict', error.message, undefined, error.phase));
  if (error instanceof CaseMovedError)
    return known(problemBody('conflict', error.message, undefined, error.phase));
  if (error instanceof ConflictError) return known(problemBody('conflict', error.message));
  if (error instanceof CaseClosedError)
    return known(problemBody('conflict', error.message, undefined, 'closed'));
  // The case's stored data does not allow the step: its message names ids and fields, never values.
  if (error instanceof CaseDataError || error instanceof CycleDataError) {
    return known(problemBody('conflict', error.message));
  }
  return {
    body: problemBody('internal', 'The request could not be completed; try again later.'),
    headers: {},
    knownError: false,
  };
}

/**
 * Field errors from a zod error, under `label` (`body`, `query`): paths and messages, never values.
 *
 * @example
 * zodFieldErrors(schema.safeParse(input).error, 'body') // [{ path: 'body.person.contacts[0].email', message: 'Invalid email address' }]
 */
export function zodFieldErrors(error: z.ZodError, label?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(label === undefined ? issue.path : [label, ...issue.path]),
    message: issue.message,
  }));
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text || '(body)';
}
