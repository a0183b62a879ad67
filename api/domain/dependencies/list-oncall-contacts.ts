import { asc } from "drizzle-orm";
import { oncallContacts } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Deps } from "../context.ts";
import type { OncallContactRow } from "./create-oncall-contact.ts";

export async function listOncallContacts(deps: Deps, actor: Actor): Promise<OncallContactRow[]> {
  authorize(actor, "viewer");
  return deps.read((db) =>
    db.select().from(oncallContacts).orderBy(asc(oncallContacts.name), asc(oncallContacts.id)),
  );
}
