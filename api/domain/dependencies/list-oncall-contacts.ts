import { asc } from "drizzle-orm";
import { oncallContacts } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Ctx } from "../verb.ts";
import type { OncallContactRow } from "./create-oncall-contact.ts";

export async function listOncallContacts({
  ctx: { deps, actor },
}: {
  ctx: Ctx;
}): Promise<OncallContactRow[]> {
  authorize(actor, "viewer");
  return deps.read((db) =>
    db.select().from(oncallContacts).orderBy(asc(oncallContacts.name), asc(oncallContacts.id)),
  );
}
