import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { createTestApp, type TestApp } from "../helpers/harness.ts";
import { serveApp } from "../helpers/serve.ts";
import { type BuildResult, buildSiteOrThrow } from "./build-site.ts";

export const now = new Date("2026-11-27T12:00:00Z");
const hour = 3_600_000;

/** An incident whose text tries raw HTML, and whose postmortem is published. */
export const markdownIncident = {
  name: "Markdown check",
  body: 'Payments failed. <script>alert("stored xss")</script> See [the help page](https://help.example/outage) or https://status.example/faq.',
  postmortem: "## Root cause\n\nA *config* change <img src=x onerror=alert(1)> reached production.",
};

export interface BuiltDemoSite {
  t: TestApp;
  /** The API's origin on loopback. */
  apiUrl: string;
  /** `/api/site.json` as the build read it. */
  doc: SiteDocument;
  outDir: string;
  build: BuildResult;
  close(): Promise<void>;
}

/**
 * The demo page ("Acme Cloud") on a real API over loopback, built into a temporary folder.
 * With `extras`, a resolved incident with hostile markdown and a published postmortem is added.
 */
export async function buildDemoSite({
  extras = false,
  settings,
  beforeBuild,
}: {
  extras?: boolean;
  /** Runs on the seeded app just before the build (e.g. to store data the API would refuse). */
  beforeBuild?: (t: TestApp) => Promise<void>;
  /** Settings changed (`PATCH /api/admin/settings`) before the build. */
  settings?: Record<string, unknown>;
} = {}): Promise<BuiltDemoSite> {
  const t = await createTestApp({ now });
  await seedDemo(t.deps);
  if (settings) {
    const patched = await t.json("PATCH", "/api/admin/settings", { body: settings });
    if (patched.status !== 200) throw new Error(`settings: ${JSON.stringify(patched.body)}`);
  }
  if (extras) {
    const created = await t.json("POST", "/api/admin/incidents", {
      body: {
        name: markdownIncident.name,
        body: markdownIncident.body,
        backfilled_at: new Date(now.getTime() - 50 * hour).toISOString(),
        resolved_at: new Date(now.getTime() - 49 * hour).toISOString(),
      },
    });
    if (created.status !== 201) throw new Error(`create incident: ${JSON.stringify(created.body)}`);
    const pm = await t.json("PUT", `/api/admin/incidents/${created.body.id}/postmortem`, {
      body: { body: markdownIncident.postmortem },
    });
    if (pm.status !== 200) throw new Error(`postmortem: ${JSON.stringify(pm.body)}`);
  }
  await beforeBuild?.(t);
  const server = await serveApp(t.app);
  const outDir = mkdtempSync(join(tmpdir(), "vigie-site-"));
  try {
    const doc = (await (await fetch(`${server.url}/api/site.json`)).json()) as SiteDocument;
    const build = await buildSiteOrThrow({ apiUrl: server.url, outDir });
    return {
      t,
      apiUrl: server.url,
      doc,
      outDir,
      build,
      close: async () => {
        await server.close();
        t.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    t.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}
