import { createHmac, type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { linkSecret } from "./links.ts";

/** How long a texted code can be used, and how many wrong codes end it. */
export const smsCodeLifetimeMs = 10 * 60_000;
export const smsCodeMaxAttempts = 5;

/**
 * The code is never stored. It is derived from the installation key, the subscriber and the id of
 * the confirmation delivery that carries it (a fresh random id per request), so the notifier can
 * recompute it when it renders that SMS; the subscriber row keeps only a keyed hash to check it against.
 */
export function deriveSmsCode(key: Buffer | KeyObject, subscriberId: string, deliveryId: string): string {
  const digest = createHmac("sha256", key).update(`sms-code:${subscriberId}:${deliveryId}`).digest();
  // 48 bits modulo a million: the bias towards small codes is below one in 10^8.
  return String(digest.readUIntBE(0, 6) % 1_000_000).padStart(6, "0");
}

export function hashSmsCode(key: Buffer | KeyObject, subscriberId: string, code: string): string {
  return createHmac("sha256", key).update(`sms-code-check:${subscriberId}:${code}`).digest("base64url");
}

/** A hash no code matches: verifying against it costs the same as against a real one. */
export const unmatchableCodeHash = () => randomBytes(32).toString("base64url");

export function codeMatches(
  key: Buffer | KeyObject,
  subscriberId: string,
  code: string,
  storedHash: string,
): boolean {
  const given = Buffer.from(hashSmsCode(key, subscriberId, code));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The code an SMS confirmation delivery must carry, or null when that delivery is stale (a newer
 * code was requested, the code expired or was tried too often, or the number is confirmed): the
 * notifier then drops it instead of texting a code that would not work.
 */
export async function smsConfirmationCode(
  deps: Deps,
  delivery: { id: string; subscriberId: string },
): Promise<string | null> {
  const key = await linkSecret(deps);
  const [row] = await deps.read((db) =>
    db.select().from(subscribers).where(eq(subscribers.id, delivery.subscriberId)),
  );
  if (row?.channel !== "sms" || row.state !== "pending" || !row.verificationCodeHash) return null;
  if (!row.verificationExpiresAt || row.verificationExpiresAt <= deps.clock.now()) return null;
  if (row.verificationAttempts >= smsCodeMaxAttempts) return null;
  const code = deriveSmsCode(key, row.id, delivery.id);
  return codeMatches(key, row.id, code, row.verificationCodeHash) ? code : null;
}
