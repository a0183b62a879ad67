import { eq } from "drizzle-orm";
import { users } from "../../../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import type { PublicCtx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { dummyVerify, maxPasswordLength, type PasswordOptions, verifyHash } from "./password-hash.ts";
import { verifyPasswordInput } from "./schemas.ts";
import { normaliseEmail, type UserInfo, userInfo } from "./user-store.ts";

/**
 * The user behind an email and password, or null. Unknown, malformed and disabled accounts cost one
 * hash like a wrong password, so the answer's timing does not tell which accounts exist.
 */
export async function verifyPassword(
  call: Call<typeof verifyPasswordInput, PublicCtx & PasswordOptions>,
): Promise<UserInfo | null> {
  const { email, password } = parseInput(verifyPasswordInput, call.input);
  const { deps, ...options } = call.ctx;
  const bounded = password.slice(0, maxPasswordLength * 2);
  let normalised: string | null = null;
  try {
    normalised = normaliseEmail(email);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  const [row] = normalised
    ? await deps.read((db) => db.select().from(users).where(eq(users.email, normalised)))
    : [];
  if (!row || row.disabledAt) return dummyVerify(bounded, options.hashParams).then(() => null);
  return (await verifyHash(row.passwordHash, bounded)) ? userInfo(row) : null;
}
