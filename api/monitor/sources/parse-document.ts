import type { z } from "zod";
import type { Observation, PollResult, PollValidators } from "../../domain/dependencies/poll-result.ts";
import { decodeText } from "./decode-text.ts";
import { noValidators } from "./poll-fetch.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * JSON checked against the few fields an adapter relies on. Anything else in the document is ignored,
 * so upstream additions do not break us; a missing or mistyped field we need is a failure.
 */
export function parseJson<S extends z.ZodType>(
  bytes: Uint8Array,
  schema: S,
  what: string,
): Parsed<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(decodeText(bytes).replace(/^\uFEFF/, ""));
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const checked = schema.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  const issue = checked.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, error: `not ${what}: ${where}${issue?.message ?? "unexpected shape"}` };
}

/**
 * A document we could not read: the state is unknown, never operational. Not retryable: the same URL
 * is read again at the next interval anyway, and hammering a page that sends garbage helps no one.
 */
export function unreadable(url: string, error: string): PollResult {
  return { kind: "failed", error: `${url}: ${error}`, retryable: false, validators: noValidators };
}

export function observed(observation: Observation, validators: PollValidators): PollResult {
  return { kind: "observed", observation, validators };
}

/** An upstream link made absolute against the document it came from; dropped when it is not http(s). */
export function absoluteUrl(link: string | null | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A configured base URL with the path of a well-known document appended. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
