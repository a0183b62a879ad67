import { inArray } from "drizzle-orm";
import { apiTokens, users } from "../../../db/schema/index.ts";
import { type Call, parseInput } from "../verb.ts";
import { type AuditRow, listAuditLog } from "./list-audit-log.ts";
import { listAuditLogInput } from "./schemas.ts";

export interface AuditPage {
  entries: AuditRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  olderThan: number | null;
  /** A readable name for each actor id of this page that is a user or a token. */
  actorNames: Map<string, string>;
}

/** One page of the audit log for people: who is named, and whether older entries remain. */
export async function browseAuditLog(call: Call<typeof listAuditLogInput>): Promise<AuditPage> {
  const input = parseInput(listAuditLogInput, call.input);
  const { deps } = call.ctx;
  const rows = await listAuditLog({ ctx: call.ctx, input: { ...input, limit: input.limit + 1 } });
  const entries = rows.slice(0, input.limit);
  const more = rows.length > input.limit;
  const idsOf = (prefix: string) =>
    [...new Set(entries.map((e) => e.actor))]
      .filter((a) => a.startsWith(prefix))
      .map((a) => a.slice(prefix.length));
  const userIds = idsOf("user:");
  const tokenIds = idsOf("token:");
  const actorNames = new Map<string, string>();
  await deps.read(async (db) => {
    if (userIds.length)
      for (const u of await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(inArray(users.id, userIds)))
        actorNames.set(`user:${u.id}`, `${u.name} <${u.email}>`);
    if (tokenIds.length)
      for (const t of await db
        .select({ id: apiTokens.id, name: apiTokens.name })
        .from(apiTokens)
        .where(inArray(apiTokens.id, tokenIds)))
        actorNames.set(`token:${t.id}`, `API token "${t.name}"`);
  });
  return { entries, olderThan: more ? entries.at(-1)!.id : null, actorNames };
}
