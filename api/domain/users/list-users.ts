import { asc } from "drizzle-orm";
import { users } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Ctx } from "../verb.ts";
import { type UserInfo, userInfo } from "./user-store.ts";

/** Every console user, oldest first (owners only: the list is who holds the keys). */
export async function listUsers({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<UserInfo[]> {
  authorize(actor, "owner");
  const rows = await deps.read((db) => db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)));
  return rows.map(userInfo);
}
