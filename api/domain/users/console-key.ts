import { createHmac, timingSafeEqual } from "node:crypto";
import type { Deps } from "../context.ts";
import { installationSecret } from "../installation-secret.ts";

const secretName = "console-csrf";

/** The installation's key for the console's CSRF tokens and signed notices, created on first use. */
export const consoleKey = (deps: Deps): Promise<Buffer> => installationSecret(deps, secretName);

/** A MAC of `subject` for one purpose: a session's CSRF token, a notice shown after a redirect. */
export function signFor(key: Buffer, purpose: string, subject: string): string {
  return createHmac("sha256", key).update(`${purpose}\n${subject}`).digest("base64url");
}

export function verifySigned(key: Buffer, purpose: string, subject: string, given: string): boolean {
  const expected = Buffer.from(signFor(key, purpose, subject));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
