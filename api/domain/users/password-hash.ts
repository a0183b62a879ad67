import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { DomainError } from "../errors.ts";

/** scrypt cost parameters; the stored hash carries them, so they can be raised without a migration. */
export interface HashParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (about 128 MiB per hash). */
export const owaspHashParams: HashParams = { N: 2 ** 17, r: 8, p: 1 };

/** How a verb that hashes passwords is tuned; tests pass cheaper parameters. */
export interface PasswordOptions {
  hashParams?: HashParams | undefined;
}

const saltBytes = 16;
const keyBytes = 32;
export const minPasswordLength = 12;
/** Long enough for any passphrase, short enough that nobody posts a megabyte to the hash. */
export const maxPasswordLength = 1024;

const derive = (password: string, salt: Buffer, { N, r, p }: HashParams) =>
  new Promise<Buffer>((resolve, reject) => {
    // Node refuses anything above 32 MiB by default; scrypt needs 128·N·r bytes, so leave room.
    const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
    scrypt(password.normalize("NFC"), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string, params: HashParams = owaspHashParams): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

/** The parameters of a stored hash, or null when it is not one we wrote (bounded, so a bad row cannot stall us). */
export function parseHash(stored: string): { params: HashParams; salt: Buffer; key: Buffer } | null {
  const match = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([\w-]{8,64})\$([\w-]{16,128})$/.exec(stored);
  if (!match) return null;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return {
    params: { N, r, p },
    salt: Buffer.from(match[4]!, "base64url"),
    key: Buffer.from(match[5]!, "base64url"),
  };
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyHash(stored: string, password: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Spends what a real check costs, so an unknown account answers no faster than a wrong password. */
export async function dummyVerify(password: string, params: HashParams = owaspHashParams): Promise<false> {
  await derive(password, randomBytes(saltBytes), params);
  return false;
}

/** Refuses a password nobody should use: too short, too long, or one character repeated. */
export function checkPasswordStrength(password: string, field = "password"): void {
  const length = [...password].length;
  const refuse = (message: string) => {
    throw new DomainError("invalid_input", `${field}: ${message}`, [{ path: field, message }]);
  };
  if (length < minPasswordLength)
    refuse(`must be at least ${minPasswordLength} characters long (a few words make a good one)`);
  if (length > maxPasswordLength) refuse(`must be at most ${maxPasswordLength} characters long`);
  if (new Set(password).size === 1) refuse("must not be one character repeated");
}
