import { desc, ne, sql } from "drizzle-orm";
import { migrationStatus } from "../../../db/client.ts";
import { siteBuilds } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";

export interface ReadinessCheck {
  ok: boolean;
  /** What is wrong and what to do, or what was found when all is well. */
  message: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: ReadinessCheck; migrations: ReadinessCheck; site: ReadinessCheck };
}

export interface CheckReadinessOptions {
  /**
   * Whether this process builds the page. One that does not is not held back by a page nobody has
   * built yet (another process, or none, publishes it); a failed build by another process still counts.
   */
  buildsSite?: boolean;
  /** A check that has not answered by then counts as failed: a hung database must not hang the probe. */
  timeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The first line of a driver's message, bounded: enough to diagnose, never a dump. */
function why(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").slice(0, 200);
}

const skipped: ReadinessCheck = { ok: false, message: "not checked: the database did not answer" };

async function checkMigrations(deps: Deps): Promise<ReadinessCheck> {
  const { pending, unknown } = await deps.read((db) => migrationStatus(db));
  if (pending > 0)
    return {
      ok: false,
      message: `${pending} migration(s) not applied yet: restart Vigie or run vigie migrate`,
    };
  if (unknown > 0)
    return {
      ok: false,
      message: `the database has ${unknown} migration(s) from a newer Vigie: upgrade this process`,
    };
  return { ok: true, message: "current" };
}

async function checkSite(deps: Deps, buildsSite: boolean): Promise<ReadinessCheck> {
  const [last] = await deps.read((db) =>
    db
      .select({ id: siteBuilds.id, status: siteBuilds.status, error: siteBuilds.error })
      .from(siteBuilds)
      .where(ne(siteBuilds.status, "running"))
      .orderBy(desc(siteBuilds.id))
      .limit(1),
  );
  if (!last)
    return buildsSite
      ? { ok: false, message: "the status page has not been built yet" }
      : { ok: true, message: "not built by this process (VIGIE_PUBLISHER=0), nor by another yet" };
  if (last.status === "failed")
    return {
      ok: false,
      message: `the last build of the status page (#${last.id}) failed: ${last.error ?? ""}`,
    };
  return { ok: true, message: `build #${last.id} succeeded` };
}

/** Whether this process can serve: the database answers, its schema is current and the page is built. */
export async function checkReadiness(
  deps: Deps,
  { timeoutMs = 2_000, buildsSite = true }: CheckReadinessOptions = {},
): Promise<Readiness> {
  const run = (what: string, check: () => Promise<ReadinessCheck>) =>
    withTimeout(check(), timeoutMs, what).catch(
      (error): ReadinessCheck => ({
        ok: false,
        message: `${what}: ${why(error)}`,
      }),
    );
  const database = await run("the database", async () => {
    await deps.read((db) => db.run(sql`SELECT 1`));
    return { ok: true, message: "answers" };
  });
  const migrations = database.ok ? await run("the migration check", () => checkMigrations(deps)) : skipped;
  const site = database.ok ? await run("the site build check", () => checkSite(deps, buildsSite)) : skipped;
  return { ready: database.ok && migrations.ok && site.ok, checks: { database, migrations, site } };
}
