import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { installationSecrets } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";

const secretName = "console-csrf";

/** The installation's key for the console's CSRF tokens and signed notices, created on first use. */
export async function consoleKey(deps: Deps): Promise<Buffer> {
  const [row] = await deps.read((db) =>
    db.select().from(installationSecrets).where(eq(installationSecrets.name, secretName)),
  );
  if (row) return Buffer.from(row.value, "base64url");
  const value = randomBytes(32).toString("base64url");
  await deps.write((tx) =>
    tx
      .insert(installationSecrets)
      .values({ name: secretName, value, createdAt: deps.clock.now() })
      .onConflictDoNothing(),
  );
  return consoleKey(deps);
}

/** A MAC of `subject` for one purpose: a session's CSRF token, a notice shown after a redirect. */
export function signFor(key: Buffer, purpose: string, subject: string): string {
  return createHmac("sha256", key).update(`${purpose}\n${subject}`).digest("base64url");
}

export function verifySigned(key: Buffer, purpose: string, subject: string, given: string): boolean {
  const expected = Buffer.from(signFor(key, purpose, subject));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
