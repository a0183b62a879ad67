import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { setupTokens, users } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { hashToken } from "../tokens/tokens.ts";
import type { PublicCtx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { checkUserInput, insertUser } from "./create-user.ts";
import { hashPassword, type PasswordOptions } from "./password-hash.ts";
import { completeSetupInput, setupTokenInput } from "./schemas.ts";
import { type UserInfo, userActor } from "./user-store.ts";

const unusable = () =>
  new DomainError(
    "unauthorized",
    "This setup link is invalid, expired (it lasts 1 hour) or already used. Restart the server for a new link, or run `npm run vigie -- user create --email <email> --role owner --password-stdin`.",
  );

/** Whether the setup link can still be used: checked before showing its form. */
export async function checkSetupToken(call: Call<typeof setupTokenInput, PublicCtx>): Promise<void> {
  const { token } = parseInput(setupTokenInput, call.input);
  const { deps } = call.ctx;
  await deps.read((db) => usableToken(db, token, deps.clock.now()));
}

/** Creates the first owner with the one-time setup link, and burns the link. */
export async function completeSetup(
  call: Call<typeof completeSetupInput, PublicCtx & PasswordOptions>,
): Promise<UserInfo> {
  const { token, ...input } = parseInput(completeSetupInput, call.input);
  const { deps, ...options } = call.ctx;
  await checkSetupToken({ ctx: { deps }, input: { token } });
  const checked = checkUserInput({ ...input, role: "owner" });
  const passwordHash = await hashPassword(input.password, options.hashParams);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const hash = await usableToken(tx, token, at);
    await tx.update(setupTokens).set({ usedAt: at }).where(eq(setupTokens.tokenHash, hash));
    return insertUser(tx, at, (id) => userActor({ id, role: "owner" }), { ...checked, passwordHash });
  });
}

async function usableToken(tx: Db | Tx, token: string, at: Date): Promise<string> {
  if (!/^[\w-]{43}$/.test(token)) throw unusable();
  const hash = hashToken(token);
  const [row] = await tx
    .select()
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hash), isNull(setupTokens.usedAt)));
  if (!row || row.expiresAt.getTime() <= at.getTime()) throw unusable();
  // A link printed before someone created a user another way must not make a second owner.
  const [existing] = await tx.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) throw unusable();
  return hash;
}
