import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import type { Deps } from "../context.ts";
import { installationSecret } from "../installation-secret.ts";

export type LinkPurpose = "confirm" | "manage";

const secretName = "subscriber-links";

/** The installation's link-signing key, created on first use. */
export const linkSecret = (deps: Deps): Promise<Buffer> => installationSecret(deps, secretName);

/** A `KeyObject` (`createSecretKey`) saves re-importing the key on every link of a large fan-out. */
type LinkKey = Buffer | KeyObject;

const mac = (secret: LinkKey, purpose: LinkPurpose, id: string, version: number) =>
  createHmac("sha256", secret).update(`${purpose}:${id}:${version}`).digest("base64url").slice(0, 32);

/** An opaque token `<subscriber id>.<version>.<mac>`: no login, nothing stored, revocable by version. */
export function signLink(secret: LinkKey, purpose: LinkPurpose, id: string, version: number): string {
  return `${id}.${version}.${mac(secret, purpose, id, version)}`;
}

export function verifyLink(
  secret: LinkKey,
  purpose: LinkPurpose,
  token: string,
): { id: string; version: number } | null {
  const match = /^(sub_[a-z0-9]{1,40})\.(\d{1,9})\.([\w-]{32})$/.exec(token);
  if (!match) return null;
  const [, id, version, given] = match as unknown as [string, string, string, string];
  const expected = mac(secret, purpose, id, Number(version));
  const ok = timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  return ok ? { id, version: Number(version) } : null;
}

export type SubscriberPage = "confirm" | "manage" | "unsubscribe" | "verify" | "sent";

/**
 * Where a subscriber page lives: under the status page's own subscribe path, in the subscriber's
 * language (the default language has no prefix, as on the static page).
 */
export function subscriberPageUrl(
  base: string,
  defaultLocale: string,
  locale: string,
  page: SubscriberPage,
  token?: string,
): string {
  const prefix = locale === defaultLocale ? "" : `/${locale}`;
  return `${base}${prefix}/subscribe/${page}${token === undefined ? "" : `?token=${token}`}`;
}
