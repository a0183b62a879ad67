import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The layer order is only real if a wrong import fails `npm run lint`. Each probe below is one file
 * with one import, placed where a room's code lives, and linted with the project's own Biome
 * configuration (copied as it is into a scratch folder, so the working tree is never touched).
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const biome = join(root, "node_modules", ".bin", "biome");

interface Probe {
  file: string;
  from: string;
  /** Type-only import; otherwise a value import. */
  type?: boolean;
  /** A fragment of the expected message; null when the import is allowed. */
  refused: string | null;
}

const upward = "may not import a room beside or above it";
const noSql = "No SQL in api/http, api/web or the console";
const netBelow = "api/net imports nothing";
const siteTypes = "The site reads the API over HTTP";
const siteValue = "takes only `import type` from api/shapes";

const probes: Probe[] = [
  { file: "db/schema/probe.ts", from: "../../api/domain/context.ts", refused: "db is the bottom layer" },
  { file: "db/probe.ts", from: "../api/project-root.ts", refused: null },
  { file: "api/net/probe.ts", from: "../monitor/sources/types.ts", type: true, refused: netBelow },
  { file: "api/net/probe-db.ts", from: "../../db/schema/index.ts", type: true, refused: netBelow },
  { file: "api/net/probe-own.ts", from: "./errors.ts", refused: null },
  { file: "api/domain/probe.ts", from: "../http/errors.ts", refused: upward },
  { file: "api/domain/probe-templates.ts", from: "../templates/index.ts", refused: upward },
  { file: "api/domain/probe-own-templates.ts", from: "./templates/template-overrides.ts", refused: null },
  {
    file: "api/domain/dependencies/probe.ts",
    from: "../../monitor/sources/types.ts",
    type: true,
    refused: upward,
  },
  { file: "api/domain/dependencies/probe-shapes.ts", from: "../../shapes/format-time.ts", refused: upward },
  { file: "api/domain/dependencies/probe-templates.ts", from: "../../templates/index.ts", refused: upward },
  { file: "api/domain/incidents/probe.ts", from: "../../notifier/notifier.ts", refused: upward },
  { file: "api/domain/subscribers/probe-console.ts", from: "../../console/kit.tsx", refused: upward },
  { file: "api/domain/dependencies/probe-own.ts", from: "../templates/template-overrides.ts", refused: null },
  { file: "api/domain/dependencies/probe-db.ts", from: "../../../db/schema/index.ts", refused: null },
  { file: "api/domain/subscribers/probe-net.ts", from: "../../net/check-url.ts", refused: null },
  { file: "api/shapes/probe.ts", from: "../http/errors.ts", refused: upward },
  { file: "api/shapes/probe-templates.ts", from: "../templates/index.ts", refused: upward },
  { file: "api/shapes/probe-domain.ts", from: "../domain/status-rules.ts", refused: null },
  { file: "api/templates/probe.ts", from: "../notifier/notifier.ts", refused: upward },
  { file: "api/templates/probe-shapes.ts", from: "../shapes/format-time.ts", refused: upward },
  { file: "api/templates/probe-domain.ts", from: "../domain/templates/template-overrides.ts", refused: null },
  { file: "api/workers/probe.ts", from: "../notifier/notifier.ts", refused: upward },
  { file: "api/workers/probe-templates.ts", from: "../templates/index.ts", refused: upward },
  {
    file: "api/workers/probe-domain.ts",
    from: "../domain/maintenances/advance-maintenances.ts",
    refused: null,
  },
  { file: "api/domain/maintenances/probe-workers.ts", from: "../../workers/loop.ts", refused: upward },
  { file: "api/domain/probe-workers.ts", from: "../workers/loop.ts", refused: upward },
  { file: "api/shapes/probe-workers.ts", from: "../workers/loop.ts", refused: upward },
  { file: "api/notifier/probe-workers.ts", from: "../workers/loop.ts", refused: null },
  { file: "api/monitor/probe-workers.ts", from: "../workers/loop.ts", refused: null },
  { file: "api/notifier/endpoints/probe.ts", from: "../../http/public/statuspage-v2.ts", refused: upward },
  {
    file: "api/notifier/channels/webhook/probe.ts",
    from: "../../../monitor/sources/types.ts",
    refused: upward,
  },
  { file: "api/notifier/probe-shapes.ts", from: "../shapes/format-time.ts", refused: null },
  { file: "api/notifier/probe-templates.ts", from: "../templates/index.ts", refused: null },
  { file: "api/monitor/sources/probe.ts", from: "../../notifier/notifier.ts", refused: upward },
  { file: "api/monitor/probe-net.ts", from: "../net/safe-fetch.ts", refused: null },
  { file: "api/publish/probe.ts", from: "../monitor/poller.ts", refused: upward },
  { file: "api/http/admin/probe.ts", from: "drizzle-orm", refused: noSql },
  { file: "api/http/admin/probe-cli.ts", from: "../../cli/run.ts", refused: upward },
  { file: "api/http/admin/probe-templates.ts", from: "../../templates/index.ts", refused: null },
  { file: "api/http/console/pages/probe.tsx", from: "../../../../db/schema/index.ts", refused: noSql },
  { file: "api/console/pages/probe.tsx", from: "drizzle-orm", refused: noSql },
  { file: "api/console/probe-cli.ts", from: "../cli/run.ts", refused: upward },
  { file: "api/console/probe-domain.ts", from: "../domain/context.ts", refused: null },
  { file: "api/console/probe-http.ts", from: "../http/client-address.ts", refused: upward },
  { file: "api/console/kit/probe-http.tsx", from: "../../http/admin-app.ts", refused: upward },
  { file: "api/console/kit/probe-web.tsx", from: "../../web/form-body.ts", refused: null },
  { file: "api/http/probe-console.ts", from: "../console/console-app.ts", refused: upward },
  {
    file: "api/http/admin/probe-console.ts",
    from: "../../console/shell/console-env.ts",
    type: true,
    refused: upward,
  },
  { file: "api/http/admin-app.ts", from: "../console/console-app.ts", refused: null },
  { file: "api/http/admin/probe-web.ts", from: "../../web/auth.ts", refused: null },
  { file: "api/web/probe.ts", from: "../http/app.ts", refused: upward },
  { file: "api/web/probe-console.ts", from: "../console/console-app.ts", refused: upward },
  { file: "api/web/probe-notifier.ts", from: "../notifier/provider-status.ts", type: true, refused: upward },
  { file: "api/web/probe-sql.ts", from: "drizzle-orm", refused: noSql },
  { file: "api/notifier/probe-web.ts", from: "../web/errors.ts", refused: upward },
  { file: "api/workers/probe-web.ts", from: "../web/errors.ts", refused: upward },
  { file: "api/web/probe-domain.ts", from: "../domain/errors.ts", refused: null },
  { file: "api/domain/probe-web.ts", from: "../web/errors.ts", refused: upward },
  { file: "api/shapes/probe-web.ts", from: "../web/errors.ts", refused: upward },
  { file: "api/cli/commands/probe.ts", from: "../../http/app.ts", refused: upward },
  {
    file: "site/src/lib/probe-domain.ts",
    from: "../../../api/domain/types.ts",
    type: true,
    refused: siteTypes,
  },
  { file: "site/src/lib/probe-db.ts", from: "../../../db/schema/enums.ts", type: true, refused: siteTypes },
  { file: "site/src/lib/probe-value.ts", from: "../../../api/shapes/site-document.ts", refused: siteValue },
  {
    file: "site/src/components/probe.astro",
    from: "../../../api/shapes/site-document.ts",
    refused: siteValue,
  },
  {
    file: "site/src/lib/probe-type.ts",
    from: "../../../api/shapes/site-document.ts",
    type: true,
    refused: null,
  },
];

function source(probe: Probe): string {
  const code = probe.type
    ? `import type { Probe } from "${probe.from}";\nexport type Probed = Probe;\n`
    : `import { probe } from "${probe.from}";\nexport const probed = probe;\n`;
  return probe.file.endsWith(".astro") ? `---\n${code}---\n<p>{probed}</p>\n` : code;
}

/** Two files that load each other: a runtime cycle, whichever room they are in. */
const cycle = [
  {
    file: "api/domain/incidents/probe-cycle-a.ts",
    code: 'import { b } from "./probe-cycle-b.ts";\nexport const a = () => b;\n',
  },
  {
    file: "api/domain/incidents/probe-cycle-b.ts",
    code: 'import { a } from "./probe-cycle-a.ts";\nexport const b = () => a;\n',
  },
];
const typeCycle = [
  {
    file: "api/domain/users/probe-type-a.ts",
    code: 'import type { B } from "./probe-type-b.ts";\nexport type A = { b?: B };\n',
  },
  {
    file: "api/domain/users/probe-type-b.ts",
    code: 'import type { A } from "./probe-type-a.ts";\nexport type B = { a?: A };\n',
  },
];

let scratch: string;
/** The import-rule messages Biome gave, by probe file. */
const refusals = new Map<string, string[]>();

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "vigie-import-rules-")));
  cpSync(join(root, ".biome.json"), join(scratch, ".biome.json"));
  cpSync(join(root, ".biome"), join(scratch, ".biome"), { recursive: true });
  const place = (file: string, code: string) => {
    mkdirSync(join(scratch, dirname(file)), { recursive: true });
    writeFileSync(join(scratch, file), code);
  };
  for (const probe of probes) place(probe.file, source(probe));
  for (const { file, code } of [...cycle, ...typeCycle]) place(file, code);
  const output = await new Promise<string>((resolve) => {
    execFile(
      biome,
      ["lint", "--reporter=github", "--max-diagnostics=none", "--colors=off", "."],
      { cwd: scratch, timeout: 60_000 },
      (_error, stdout) => resolve(stdout),
    );
  });
  for (const line of output.split("\n")) {
    const match = /^::error title=([^,]+),file=([^,]+),.*?::(.*)$/.exec(line);
    const rules = ["lint/style/noRestrictedImports", "lint/suspicious/noImportCycles", "plugin"];
    if (!match || !rules.includes(match[1]!)) continue;
    const file = match[2]!.slice(scratch.length + 1);
    refusals.set(file, [...(refusals.get(file) ?? []), `${match[1]}: ${match[3]}`]);
  }
}, 90_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the import rules of the Biome configuration", () => {
  it.each(probes.filter((p) => p.refused !== null))("refuses $file importing $from", (probe) => {
    expect(refusals.get(probe.file)?.join("\n")).toContain(probe.refused);
  });

  it.each(probes.filter((p) => p.refused === null))("lets $file import $from", (probe) => {
    expect(refusals.get(probe.file)).toBeUndefined();
  });

  it("refuses two files that load each other", () => {
    for (const { file } of cycle) expect(refusals.get(file)?.join("\n")).toContain("noImportCycles");
  });

  it("lets two files name each other's types, since type imports vanish at run time", () => {
    for (const { file } of typeCycle) expect(refusals.get(file)).toBeUndefined();
  });
});
