import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Actor } from "../context.ts";
import { DomainError, notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, type Ctx, type PublicCtx, parseInput } from "../verb.ts";
import { bearerTokenInput, createTokenInput, tokenIdInput } from "./schemas.ts";

export type TokenRow = typeof apiTokens.$inferSelect;
/** A token as shown after creation: the row without its hash. */
export type TokenInfo = Omit<TokenRow, "tokenHash">;

const tokenPrefix = "vgt_";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const info = ({ tokenHash: _, ...rest }: TokenRow): TokenInfo => rest;

/** Creates a token. The secret is returned here once; only its SHA-256 is stored. */
export async function createToken(
  call: Call<typeof createTokenInput>,
): Promise<{ token: string; info: TokenInfo }> {
  const input = parseInput(createTokenInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "owner");
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row: TokenRow = {
      id: newId("token"),
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      prefix: token.slice(0, tokenPrefix.length + 6),
      createdAt: at,
      lastUsedAt: null,
      revokedAt: null,
    };
    await tx.insert(apiTokens).values(row);
    await appendEvent(tx, at, "token.created", { token_id: row.id, role: row.role });
    await recordAudit(tx, at, actor, {
      action: "token.create",
      entityType: "token",
      entityId: row.id,
      after: info(row),
    });
    return { token, info: info(row) };
  });
}

export async function listTokens({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<TokenInfo[]> {
  authorize(actor, "owner");
  const rows = await deps.read((db) => db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)));
  return rows.map(info);
}

export async function revokeToken(call: Call<typeof tokenIdInput>): Promise<TokenInfo> {
  const { id } = parseInput(tokenIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "owner");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!row) throw notFound("Token", id);
    if (row.revokedAt) throw new DomainError("conflict", `Token ${id} is already revoked.`);
    await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id));
    await appendEvent(tx, at, "token.revoked", { token_id: id });
    const after = { ...row, revokedAt: at };
    await recordAudit(tx, at, actor, {
      action: "token.revoke",
      entityType: "token",
      entityId: id,
      before: info(row),
      after: info(after),
    });
    return info(after);
  });
}

/** The actor behind a bearer token, or null for an unknown or revoked one. */
export async function authenticateToken(
  call: Call<typeof bearerTokenInput, PublicCtx>,
): Promise<(Actor & { tokenId: string }) | null> {
  const { token } = parseInput(bearerTokenInput, call.input);
  const { deps } = call.ctx;
  if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
  const hash = hashToken(token);
  const [row] = await deps.read((db) =>
    db
      .select({ id: apiTokens.id, role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt))),
  );
  if (!row) return null;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await deps.write((tx) => tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)));
  }
  return { id: `token:${row.id}`, role: row.role, tokenId: row.id };
}
