import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "node-html-parser";
import { systemActor } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { createIncident } from "../../api/domain/incidents/create-incident.ts";
import { buildSite } from "../../api/publish/build-site.ts";
import { createTestApp } from "../helpers/harness.ts";
import { serveApp } from "../helpers/serve.ts";
import { readBuilt } from "../site/build-site.ts";
import type { Benchmark, BenchOutcome } from "./benchmark.ts";
import { table } from "./format.ts";

const day = 86_400_000;
const kb = (bytes: number) => `${bytes.toLocaleString("en")} B (${(bytes / 1024).toFixed(1)} KB)`;

/** Inline scripts and same-origin script files of a built page, gzipped together. */
function pageWeight(outDir: string) {
  const html = readBuilt(outDir, "index.html");
  const root = parse(html);
  const js = root
    .querySelectorAll("script")
    .map((s) => s.textContent)
    .join("\n");
  const requests = 1 + root.querySelectorAll("[src], link[rel=stylesheet]").length + 1;
  return { raw: Buffer.byteLength(html), gzip: gzipSync(html).length, jsGzip: gzipSync(js).length, requests };
}

/**
 * The status page as a product feature: the home page's weight with the demo data, and how long a
 * rebuild takes after a change when the history holds 1,000 incidents (through the real API and the
 * same `astro build` the publisher runs).
 */
export const siteBuild: Benchmark = {
  name: "site-build",
  description:
    "home-page bytes and requests (demo data); a full one-shot astro build with 1,000 incidents (the fallback path)",
  async run({ progress }): Promise<BenchOutcome> {
    const t = await createTestApp({ now: new Date() });
    const server = await serveApp(t.app);
    const dirs: string[] = [];
    const build = async () => {
      const outDir = mkdtempSync(join(tmpdir(), "vigie-bench-site-"));
      dirs.push(outDir);
      const outcome = await buildSite({ apiUrl: server.url, liveApiUrl: "", outDir });
      if (!outcome.ok) throw new Error(outcome.error ?? "build failed");
      return { outDir, ms: outcome.durationMs };
    };
    try {
      await seedDemo(t.deps);
      progress("building the demo page");
      const demo = await build();
      const weight = pageWeight(demo.outDir);

      progress("recording 1,000 past incidents");
      const actor = systemActor("bench");
      const start = t.clock.now().getTime();
      for (let i = 0; i < 1000; i++) {
        await createIncident({
          ctx: { deps: t.deps, actor },
          input: {
            name: `Past incident ${i + 1}`,
            body: "Something went wrong, then it was fixed.",
            backfilled_at: new Date(start - (i + 1) * 0.3 * day).toISOString(),
          },
        });
      }
      progress("building with 1,000 incidents (first build)");
      const first = await build();
      await createIncident({
        ctx: { deps: t.deps, actor },
        input: { name: "A new incident", body: "Investigating." },
      });
      progress("rebuilding after a change");
      const rebuild = await build();
      const withHistory = pageWeight(rebuild.outDir);
      const pass = weight.gzip <= 14 * 1024 && weight.jsGzip <= 3 * 1024;
      return {
        report: table(
          ["figure", "value"],
          [
            [
              "home page HTML + inline CSS, demo data",
              `${kb(weight.raw)} raw, ${kb(weight.gzip)} gzip (budget 14 KB)`,
            ],
            ["JavaScript on the home page", `${kb(weight.jsGzip)} gzip (budget 3 KB)`],
            [
              "requests to show the home page",
              `${weight.requests} (the page, then the live refresh's summary.json)`,
            ],
            ["home page with 1,000 incidents in history", `${kb(withHistory.gzip)} gzip`],
            ["build, demo data", `${(demo.ms / 1000).toFixed(1)} s`],
            ["first build, 1,000 incidents", `${(first.ms / 1000).toFixed(1)} s`],
            ["rebuild after a change, 1,000 incidents", `${(rebuild.ms / 1000).toFixed(1)} s`],
          ],
        ),
        headline: `home ${(weight.gzip / 1024).toFixed(1)} KB gzip, JS ${(weight.jsGzip / 1024).toFixed(1)} KB; rebuild (1,000 incidents) ${(rebuild.ms / 1000).toFixed(1)} s`,
        pass,
      };
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await server.close();
      t.close();
    }
  },
};
