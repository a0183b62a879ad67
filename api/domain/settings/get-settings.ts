import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { settings } from "../../../db/schema/index.ts";
import type { Deps, Tx } from "../context.ts";
import { newId } from "../ids.ts";

export type SettingsRow = typeof settings.$inferSelect;

/** The page settings; a fresh database gets defaults on first read. */
export async function getSettings(deps: Deps): Promise<SettingsRow> {
  const row = await deps.read((db) => readSettings(db));
  return row ?? deps.write((tx) => ensureSettings(tx, deps.clock.now()));
}

async function readSettings(db: Db | Tx): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  return row;
}

export async function ensureSettings(tx: Tx, at: Date): Promise<SettingsRow> {
  const existing = await readSettings(tx);
  if (existing) return existing;
  const row: SettingsRow = {
    id: 1,
    pageId: newId("page"),
    name: "Status",
    url: null,
    timeZone: "Etc/UTC",
    defaultLocale: "en",
    locales: ["en", "fr"],
    logoUrl: null,
    websiteUrl: null,
    supportUrl: null,
    accentColor: "#2563eb",
    publishTargets: [],
    allowPrivateTargets: false,
    smsKinds: ["incident-created", "incident-resolved", "maintenance-started"],
    phoneCountry: null,
    emailFromName: null,
    emailFromAddress: null,
    emailReplyTo: null,
    smsBudgetPerHour: 30,
    smsBudgetPerDay: 150,
    smsCountries: null,
    createdAt: at,
    updatedAt: at,
  };
  await tx.insert(settings).values(row);
  return row;
}
