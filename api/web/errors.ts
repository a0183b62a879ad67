import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { DomainError, type DomainErrorCode, type ErrorDetail } from "../domain/errors.ts";
import type { Logger } from "../domain/logger.ts";
import { summarise, zodDetails } from "../domain/verb.ts";
import { clientFault, loggedPath } from "./client-errors.ts";

export { zodDetails };

/** The one table from domain error codes to HTTP statuses. */
export const statusOfCode: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid_input: 422,
  invalid_reference: 422,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

export function errorBody(code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: details?.length ? { code, message, details } : { code, message } };
}

/** Validation failures: one message naming every field to fix. */
export function validationResponse(c: Context, error: ZodError, where: "body" | "query" | "path") {
  const details = zodDetails(error);
  return c.json(errorBody("invalid_input", `Invalid request ${where}: ${summarise(details)}`, details), 422);
}

const httpMessages: Record<number, [string, string]> = {
  400: ["bad_request", "The request is malformed."],
  401: ["unauthorized", "Send an API token: Authorization: Bearer <token>."],
  404: ["not_found", "No such route. See /api/openapi.json for the API."],
  405: ["method_not_allowed", "This method is not allowed on this route."],
  413: ["payload_too_large", "The request body is too large (limit 1 MB)."],
  415: ["unsupported_media_type", "Send the body as JSON with Content-Type: application/json."],
};

export function onError(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof DomainError) {
      const headers = err.retryAfterS === undefined ? undefined : { "Retry-After": String(err.retryAfterS) };
      return c.json(errorBody(err.code, err.message, err.details), statusOfCode[err.code], headers);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const [code, fallback] = httpMessages[status] ?? ["http_error", "The request could not be served."];
      // The libraries' own 413/415 messages only repeat the status text; ours say what to send instead.
      const message =
        err.message && /JSON/i.test(err.message)
          ? "Malformed JSON in request body: send a valid JSON document with Content-Type: application/json."
          : status === 413 || status === 415
            ? fallback
            : err.message || fallback;
      return c.json(errorBody(code, message), status);
    }
    const fault = clientFault(err);
    if (fault) {
      logger.info("bad request", { method: c.req.method, path: loggedPath(c.req.path), reason: err.message });
      return c.json(errorBody("bad_request", fault), 400);
    }
    logger.error("unhandled error", {
      method: c.req.method,
      path: c.req.path,
      error: err.stack ?? String(err),
    });
    return c.json(errorBody("internal_error", "Something went wrong on our side; it has been logged."), 500);
  };
}
