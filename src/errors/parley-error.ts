/**
 * Typed errors with a stable `code`. Every code Parley can emit is in this one list; the HTTP
 * layer maps codes to statuses in one place (src/store/http/errors.ts), the CLI maps them to exit codes.
 */
export const ERROR_CODES = [
  // input files and config
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'YAML_SYNTAX',
  'INVALID_CONFIG',
  'INVALID_ANSWERS',
  'INVALID_BLUEPRINT',
  // public API
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'MISSING_REQUIRED_VARIABLES',
  'RUN_NOT_ACTIVE',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'FORBIDDEN_SCOPE',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'METHOD_NOT_ALLOWED',
  'INVALID_WEBHOOK_URL',
  'INVALID_JSON',
  'BLUEPRINT_NOT_PUBLISHED',
  'BLUEPRINT_ARCHIVED',
  'AGENT_DELETED',
  'INVALID_EMAIL',
  'EMAIL_NOT_CONFIGURED',
  'LIMIT_EXCEEDED',
  // account-level variables
  'VARIABLE_NAME_EXISTS',
  'VARIABLE_IN_USE',
  'CANNOT_MAKE_VARIABLE_REQUIRED',
  // recordings and signed media URLs
  'RECORDING_NOT_FOUND',
  'RECORDING_NOT_REQUESTED',
  'SIGNED_URL_EXPIRED',
  'SIGNED_URL_INVALID',
  'RANGE_NOT_SATISFIABLE',
  // model providers (OpenAI, Anthropic)
  'MODEL_ERROR',
  'MODEL_TIMEOUT',
  // the worker's audio path
  'VAD_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    this.details = details;
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** True for a string that is one of Parley's stable error codes (e.g. read back from a store response). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}
