/** The closed set of domain error codes; api/http/errors.ts maps each one to an HTTP status. */
export const domainErrorCodes = [
  "invalid_input",
  "invalid_reference",
  "not_found",
  "conflict",
  "invalid_transition",
  "unauthorized",
  "forbidden",
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: DomainErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError("not_found", `${what} ${JSON.stringify(id)} does not exist.`);
