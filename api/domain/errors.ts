/** The closed set of domain error codes; api/web/errors.ts maps each one to an HTTP status. */
export const domainErrorCodes = [
  "invalid_input",
  "invalid_reference",
  "not_found",
  "conflict",
  "invalid_transition",
  "unauthorized",
  "forbidden",
  "rate_limited",
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** `rate_limited`: seconds until trying again may succeed (sent as `Retry-After`). */
  readonly retryAfterS: number | undefined;

  constructor(code: DomainErrorCode, message: string, details?: ErrorDetail[], retryAfterS?: number) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
    this.retryAfterS = retryAfterS;
  }
}

export const rateLimited = (message: string, retryAfterS: number) =>
  new DomainError("rate_limited", message, undefined, retryAfterS);

export const notFound = (what: string, id: string) =>
  new DomainError("not_found", `${what} ${JSON.stringify(id)} does not exist.`);
