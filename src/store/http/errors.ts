import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { ParleyError, isParleyError, type ErrorCode } from '../../errors/parley-error.js';

/** The one mapping from error codes to HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  FILE_NOT_FOUND: 400,
  FILE_TOO_LARGE: 413,
  YAML_SYNTAX: 400,
  INVALID_CONFIG: 500,
  INVALID_ANSWERS: 400,
  INVALID_BLUEPRINT: 400,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  MISSING_REQUIRED_VARIABLES: 400,
  RUN_NOT_ACTIVE: 400,
  RATE_LIMITED: 429,
  UNAUTHORIZED: 401,
  FORBIDDEN_SCOPE: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  INVALID_WEBHOOK_URL: 400,
  INVALID_JSON: 400,
  BLUEPRINT_NOT_PUBLISHED: 409,
  BLUEPRINT_ARCHIVED: 409,
  AGENT_DELETED: 409,
  INVALID_EMAIL: 400,
  EMAIL_NOT_CONFIGURED: 409,
  LIMIT_EXCEEDED: 400,
  VARIABLE_NAME_EXISTS: 409,
  VARIABLE_IN_USE: 409,
  CANNOT_MAKE_VARIABLE_REQUIRED: 409,
  RECORDING_NOT_FOUND: 404,
  RECORDING_NOT_REQUESTED: 409,
  SIGNED_URL_EXPIRED: 403,
  SIGNED_URL_INVALID: 403,
  RANGE_NOT_SATISFIABLE: 416,
  MODEL_ERROR: 502,
  MODEL_TIMEOUT: 504,
  VAD_UNAVAILABLE: 500,
  INTERNAL: 500,
};

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Zod issues as `{path: "a.b.0", message, code}` (paths joined with dots). */
export function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

export function validationError(error: z.ZodError, target: string): ParleyError {
  const issues = zodIssues(error);
  const first = issues[0];
  return new ParleyError(
    'VALIDATION_FAILED',
    first ? `invalid ${target}: ${first.path ? first.path + ': ' : ''}${first.message}` : `invalid ${target}`,
    { target, issues },
  );
}

export function toParleyError(err: unknown): ParleyError {
  if (isParleyError(err)) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message))
      return new ParleyError('INVALID_JSON', 'malformed JSON in request body');
    if (err.status === 413) return new ParleyError('PAYLOAD_TOO_LARGE', 'request body too large');
    if (err.status === 415) return new ParleyError('UNSUPPORTED_MEDIA_TYPE', 'unsupported Content-Type');
    if (err.status === 401) return new ParleyError('UNAUTHORIZED', err.message || 'unauthorized');
    if (err.status === 404) return new ParleyError('NOT_FOUND', err.message || 'not found');
    return new ParleyError(
      err.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED',
      err.message || 'bad request',
    );
  }
  if (isUntextableInput(err)) {
    return new ParleyError(
      'VALIDATION_FAILED',
      'text the database cannot store (a NUL character or a broken encoding)',
    );
  }
  return new ParleyError('INTERNAL', 'internal error');
}

/** PostgreSQL's "untranslatable character" / "character not in repertoire" / "invalid byte sequence": bad input, not a fault. */
function isUntextableInput(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '22P05' || code === '22021' || code === '22P02') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function respondError(c: Context, err: ParleyError): Response {
  return c.json(errorBody(err.code, err.message, err.details), STATUS_OF[err.code]);
}
