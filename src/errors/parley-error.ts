/**
 * Typed errors with a stable `code`. Every code Parley can emit is in this one literal union; the HTTP
 * layer maps codes to statuses in one place (src/store/http/errors.ts), the CLI maps them to exit codes.
 */
export type ErrorCode =
  // input files and config
  | 'FILE_NOT_FOUND'
  | 'FILE_TOO_LARGE'
  | 'YAML_SYNTAX'
  | 'INVALID_CONFIG'
  | 'INVALID_ANSWERS'
  | 'INVALID_BLUEPRINT'
  // public API
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'MISSING_REQUIRED_VARIABLES'
  | 'RUN_NOT_ACTIVE'
  | 'RATE_LIMITED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN_SCOPE'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_WEBHOOK_URL'
  | 'INVALID_JSON'
  | 'BLUEPRINT_NOT_PUBLISHED'
  | 'LIMIT_EXCEEDED'
  | 'INTERNAL';

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

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}
