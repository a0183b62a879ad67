import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backedUpTables, noPassword } from "../../../api/domain/backup/backup-tables.ts";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { getSubscription } from "../../../api/domain/subscribers/manage-subscription.ts";
import { webhookSecretFor } from "../../../api/domain/subscribers/webhook-secret.ts";
import { verifyPassword } from "../../../api/domain/users/verify-password.ts";
import { createApp } from "../../../api/http/app.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { runCliCapturing } from "../../helpers/run-cli.ts";
import { buildRichPage, ownerPassword } from "../domain/backup/rich-page.ts";

let dir: string;
let source: TestApp;
let sourceUrl: string;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-backup-"));
  source = await createTestApp({ storage: "file" });
  sourceUrl = `file:${source.handle.location}`;
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  source.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], databaseUrl: string) => runCliCapturing(args, { DATABASE_URL: databaseUrl });

/** The real app over a database file, as the server would open it. */
async function openApp(databaseUrl: string) {
  const handle = createDb({ url: databaseUrl });
  await migrateDb(handle);
  cleanups.push(() => handle.close());
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger, versionTtlMs: 0 });
  const app = createApp({ deps, publicUrl: testPublicUrl });
  const get = async (path: string, token?: string) => {
    const res = await app.request(path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: await res.json() };
  };
  return { deps, get };
}

/** Every column of every backed-up table, in a stable order (a restore may reorder rowids). */
async function rawRows(databaseUrl: string) {
  const client = createClient({ url: databaseUrl });
  cleanups.push(() => client.close());
  const out: Record<string, string[]> = {};
  for (const { table } of backedUpTables) {
    const name = getTableConfig(table).name;
    const result = await client.execute(`SELECT * FROM "${name}"`);
    out[name] = result.rows
      .map((row) => JSON.stringify(Object.fromEntries(result.columns.map((c) => [c, row[c]]))))
      .sort();
  }
  return out;
}

const target = (name = "restored.db") => `file:${join(dir, name)}`;
// biome-ignore lint/suspicious/noExplicitAny: backups are read loosely
const parse = (text: string): any => JSON.parse(text);
const withoutExportTime = ({ exported_at: _, ...rest }: Record<string, unknown>) => rest;

async function exportTo(file: string, databaseUrl: string, ...flags: string[]) {
  const res = await cli(["export", ...flags], databaseUrl);
  expect(res.code, res.stderr).toBe(0);
  writeFileSync(join(dir, file), res.stdout);
  return res;
}

describe("vigie export and vigie import", () => {
  it("round-trip a rich page losslessly with --with-secrets, and the public API says the same", async () => {
    const built = await buildRichPage(source);
    const first = await exportTo("backup.json", sourceUrl, "--with-secrets");
    const backup = parse(first.stdout);
    expect(backup).toMatchObject({ format: "vigie-backup", version: 1, with_secrets: true });
    // Something in every table: the comparison below is not between two empty files.
    for (const [table, rows] of Object.entries(backup.tables))
      expect((rows as unknown[]).length, `${table} is empty in the rich page`).toBeGreaterThan(0);
    expect(backup.tables.subscribers).toContainEqual(
      expect.objectContaining({
        address: "ada@example.com",
        state: "active",
        locale: "fr",
        confirmed_at: expect.any(String),
      }),
    );
    expect(backup.tables.users[0].password_hash).toMatch(/^scrypt\$/);

    const restored = await cli(["import", join(dir, "backup.json")], target());
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ rows from .*backup\.json/);
    expect(restored.stderr).toContain("import: subscribers: 6 rows");
    expect(restored.stderr).not.toContain("warning");

    const second = await cli(["export", "--with-secrets"], target());
    expect(withoutExportTime(parse(second.stdout))).toEqual(withoutExportTime(backup));

    // Independently of the exporter: every row of every restored table, raw, as SQLite holds it.
    expect(await rawRows(target())).toEqual(await rawRows(sourceUrl));
    const before = await openApp(sourceUrl);
    const after = await openApp(target());
    for (const path of ["summary.json", "incidents.json", "scheduled-maintenances.json", "components.json"]) {
      const [a, b] = [await before.get(`/api/v2/${path}`), await after.get(`/api/v2/${path}`)];
      expect(b.status).toBe(200);
      expect(b.body, path).toEqual(a.body);
    }
    // Secrets came back: old links, webhook signatures, passwords and tokens all still work.
    expect(await webhookSecretFor(after.deps, built.webhook.id)).toBe(built.webhook.secret);
    expect(
      (await getSubscription({ ctx: { deps: after.deps }, input: { token: built.webhook.manageToken } }))
        .subscriber.id,
    ).toBe(built.webhook.id);
    expect(
      await verifyPassword({
        ctx: { deps: after.deps },
        input: { email: "owner@example.com", password: ownerPassword },
      }),
    ).toMatchObject({
      role: "owner",
    });
    expect((await after.get("/api/admin/settings", source.tokens.owner)).status).toBe(200);
  });

  it("leave secrets out by default, say what that costs, and restore everything else", async () => {
    const built = await buildRichPage(source);
    const first = await exportTo("backup.json", sourceUrl);
    expect(first.stderr).toContain("without --with-secrets");
    for (const secret of ["password_hash", "token_hash", "verification_code_hash", "installation_secrets"])
      expect(first.stdout).not.toContain(secret);
    const backup = parse(first.stdout);

    const restored = await cli(["import", join(dir, "backup.json")], target());
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/warning: .*links in messages sent before the restore no longer work/);
    expect(restored.stderr).toContain("warning: 1 console user was restored without a password");
    expect(restored.stderr).toContain("warning: 3 API tokens were restored revoked");

    const second = parse((await cli(["export"], target())).stdout);
    const tokens = backup.tables.api_tokens.map((t: { revoked_at: string | null }) => ({
      ...t,
      revoked_at: t.revoked_at ?? expect.any(String),
    }));
    expect(withoutExportTime(second)).toEqual(
      withoutExportTime({ ...backup, tables: { ...backup.tables, api_tokens: tokens } }),
    );

    const after = await openApp(target());
    expect(
      await verifyPassword({
        ctx: { deps: after.deps },
        input: { email: "owner@example.com", password: ownerPassword },
      }),
    ).toBeNull();
    expect((await after.get("/api/admin/settings", source.tokens.owner)).status).toBe(401);
    await expect(
      getSubscription({ ctx: { deps: after.deps }, input: { token: built.webhook.manageToken } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const [a, b] = [
      await (await openApp(sourceUrl)).get("/api/v2/summary.json"),
      await after.get("/api/v2/summary.json"),
    ];
    expect(b.body).toEqual(a.body);
    expect(noPassword).not.toMatch(/^scrypt/);
  });

  it("read a backup with npm's banner in front, or reformatted (pretty-printed JSON)", async () => {
    await buildRichPage(source);
    const first = await exportTo("backup.json", sourceUrl, "--with-secrets");
    // As `npm run vigie -- export > backup.json` writes it: npm's banner first.
    const banner = "\n> vigie@0.1.0 vigie\n> node --import tsx api/cli/run.ts export\n\n";
    writeFileSync(join(dir, "npm.json"), banner + first.stdout);
    const fromNpm = await cli(["import", join(dir, "npm.json")], target("npm.db"));
    expect(fromNpm.code, fromNpm.stderr).toBe(0);
    writeFileSync(join(dir, "pretty.json"), banner + JSON.stringify(parse(first.stdout), null, 2));
    const restored = await cli(["import", join(dir, "pretty.json")], target());
    expect(restored.code, restored.stderr).toBe(0);
    const second = await cli(["export", "--with-secrets"], target());
    expect(withoutExportTime(parse(second.stdout))).toEqual(withoutExportTime(parse(first.stdout)));
  });

  it("refuse a database that already has data, and write nothing", async () => {
    await buildRichPage(source);
    await exportTo("backup.json", sourceUrl);
    const full = await cli(["import", join(dir, "backup.json")], sourceUrl);
    expect(full.code).toBe(1);
    expect(full.stderr).toBe(
      "vigie: the database is not empty: settings (1), installation_secrets (1), components (4) and 18 other tables already hold rows. A backup restores only into an empty database: point DATABASE_URL at a new file and run vigie import again.\n",
    );
    expect((await cli(["token", "create", "--name", "ci"], target())).code).toBe(0);
    const tokenOnly = await cli(["import", join(dir, "backup.json")], target());
    expect(tokenOnly.code).toBe(1);
    expect(tokenOnly.stderr).toMatch(
      /^vigie: the database is not empty: api_tokens \(1\), audit_log \(1\) already/,
    );
    const after = parse((await cli(["export"], target())).stdout);
    expect(after.tables.components).toEqual([]);
    expect(after.tables.subscribers).toEqual([]);
  });
});

describe("vigie import checks the whole file before writing anything", () => {
  const lines = async () => {
    await buildRichPage(source);
    return (await exportTo("backup.json", sourceUrl)).stdout.split("\n");
  };
  const importText = async (text: string) => {
    writeFileSync(join(dir, "edited.json"), text);
    const res = await cli(["import", join(dir, "edited.json")], target());
    const left = parse((await cli(["export"], target())).stdout);
    const rows = Object.values(left.tables).reduce((n: number, r) => n + (r as unknown[]).length, 0);
    return { ...res, rowsLeft: rows };
  };

  it("names the line and column of a bad row, even the very last one", async () => {
    const text = await lines();
    const last = text.findLastIndex((l) => l.startsWith('{"id":'));
    text[last] = text[last]!.replace(/"at":"[^"]+"/, '"at":"yesterday"');
    const res = await importText(text.join("\n"));
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `vigie: ${join(dir, "edited.json")} line ${last + 1}: audit_log.at must be an ISO 8601 date-time, not "yesterday".\n`,
    );
    expect(res.rowsLeft).toBe(0);
  });

  it("refuses what is not a backup, a newer version, unknown or misplaced tables and a cut-off file", async () => {
    const text = await lines();
    const header = parse(`${text[0]}}}`);
    const cases: [string, RegExp][] = [
      ['{"hello":"world"}', /is not a Vigie backup: it must be a JSON object with "format": "vigie-backup"/],
      [
        `${JSON.stringify({ ...header, version: 2 }).slice(0, -1)},"tables":{\n}}`,
        /is a version 2 backup; this Vigie reads version 1: upgrade Vigie/,
      ],
      [
        text.join("\n").replace('"oncall_contacts":[', '"sessions":[]\n,"oncall_contacts":['),
        /table "sessions" is never restored \(console sessions/,
      ],
      [
        text.join("\n").replace('"oncall_contacts":[', '"widgets":[]\n,"oncall_contacts":['),
        /unknown table "widgets"; was the backup made by a newer Vigie\?/,
      ],
      [
        text.join("\n").replace('"users":[', '"settings":[]\n,"users":['),
        /table "settings" comes after "template_overrides"; tables must appear once/,
      ],
      [text.slice(0, 20).join("\n"), /is not valid JSON \(.*\); was the export interrupted\?/],
      [
        text
          .join("\n")
          .replace('"address":"ada@example.com"', '"address":"ada@example.com","nickname":"Ada"'),
        /subscribers has no column "nickname"/,
      ],
    ];
    for (const [content, message] of cases) {
      const res = await importText(content);
      expect(res.code, content.slice(0, 80)).toBe(1);
      expect(res.stderr).toMatch(message);
      expect(res.rowsLeft).toBe(0);
    }
  });

  it("answers a wrong command line with exit code 2 and creates no database", async () => {
    expect(await cli(["import"], target())).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("import needs exactly one backup file"),
    });
    const missing = await cli(["import", join(dir, "nope.json")], target("never.db"));
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("nope.json is not a file") });
    expect(existsSync(join(dir, "never.db"))).toBe(false);
    expect(await cli(["export", "--secrets"], target())).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--with-secrets"),
    });
    const help = await cli(["help"], target());
    expect(help.stdout).toMatch(
      /export \[--with-secrets\][\s\S]*import <backup\.json>[\s\S]*import-statuspage <url>/,
    );
  });
});
