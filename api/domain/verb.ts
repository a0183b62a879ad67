import type { z } from "zod";
import type { Actor, Deps } from "./context.ts";
import { DomainError, type ErrorDetail } from "./errors.ts";

/**
 * The one shape of a domain verb: `verb({ ctx, input })`. `ctx` says who acts and with what the
 * process supplies (hash parameters, validators, the client's address, a file, callbacks); `input`
 * is what the caller sent, which the verb parses itself with its schema (`parseInput`), so the HTTP
 * API, the console and the CLI get the same checks and the same messages. A verb with nothing to
 * read takes `{ ctx }` alone.
 */
export interface PublicCtx {
  deps: Deps;
}

/** A verb an admin runs: the actor is checked against the role it needs and written in the audit log. */
export interface Ctx extends PublicCtx {
  actor: Actor;
}

/** The argument of a verb whose input `S` parses. */
export interface Call<S extends z.ZodType, C extends PublicCtx = Ctx> {
  ctx: C;
  input: z.input<S>;
}

const pathOf = (path: PropertyKey[]) => (path.length ? path.map(String).join(".") : "(body)");

/**
 * One detail per field to fix. zod's wording is kept except where it does not say what to do: an
 * unknown field is named in its own path, a missing field says "required", a bad record key says why.
 */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({
        path: pathOf([...issue.path, key]),
        message: "unknown field; remove it (see /api/openapi.json for the accepted fields)",
      }));
    if (issue.code === "invalid_type" && /received undefined$/.test(issue.message))
      return [{ path: pathOf(issue.path), message: `required (expected ${issue.expected})` }];
    if (issue.code === "invalid_key")
      return [
        {
          path: pathOf(issue.path),
          message: `invalid key: ${issue.issues.map((i) => i.message).join("; ")}`,
        },
      ];
    return [{ path: pathOf(issue.path), message: issue.message }];
  });
}

/** At most this many issues are spelled out in a message; `details` lists them all. */
const summarised = 10;

/** "a: required; b: too long": the fields to fix, in one line. */
export function summarise(details: ErrorDetail[]): string {
  const more = details.length - summarised;
  return (
    details
      .slice(0, summarised)
      .map((d) => `${d.path}: ${d.message}`)
      .join("; ") + (more > 0 ? `; and ${more} more (see details)` : "")
  );
}

/** Parses a verb's input; a wrong one is an `invalid_input` DomainError naming every field to fix. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = zodDetails(result.error);
  throw new DomainError("invalid_input", `Invalid input: ${summarise(details)}`, details);
}
