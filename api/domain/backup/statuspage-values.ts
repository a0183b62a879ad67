import { DomainError } from "../errors.ts";
import { type IdKind, newId } from "../ids.ts";

/** Small checks shared by the Statuspage import: each error names the field it comes from. */

const invalid = (where: string, message: string) => new DomainError("invalid_input", `${where}: ${message}.`);

/** A date-time with its offset, as Statuspage writes them; `undefined` in, `null` out. */
export function optionalTime(value: string | null | undefined, where: string): Date | null {
  if (value === null || value === undefined) return null;
  const at = new Date(value);
  // Without an offset the instant would depend on this machine's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(at.getTime()))
    throw invalid(where, `${JSON.stringify(value)} is not an ISO 8601 date-time with an offset`);
  return at;
}

export function time(value: string | null | undefined, where: string, fallback: Date): Date {
  return optionalTime(value, where) ?? fallback;
}

export function oneOf<T extends string>(
  allowed: readonly T[],
  value: string,
  where: string,
  what: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(where, `${JSON.stringify(value)} is not a ${what} (expected one of ${allowed.join(", ")})`);
}

/**
 * Keeps the page's own ids (Statuspage's 12-character codes, incident.io's ULIDs), so that widgets
 * and monitors that name a component or an incident keep working; anything odd gets one of ours.
 */
export function keepId(value: string | null | undefined, kind: IdKind, taken: Set<string>): string {
  const id = value && /^[\w-]{1,64}$/.test(value) && !taken.has(value) ? value : newId(kind);
  taken.add(id);
  return id;
}
