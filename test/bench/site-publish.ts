import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, systemActor } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { createIncident } from "../../api/domain/incidents/create-incident.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createToken } from "../../api/domain/tokens/tokens.ts";
import { createServerApp } from "../../api/http/server-app.ts";
import { type Publisher, startPublisher } from "../../api/publish/publisher.ts";
import { SiteFolder } from "../../api/publish/site-folder.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { testPublicUrl } from "../helpers/harness.ts";
import { serveApp } from "../helpers/serve.ts";
import type { Benchmark, BenchOutcome } from "./benchmark.ts";
import { table } from "./format.ts";

const day = 86_400_000;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The peak resident size of this process's children running `script`, sampled every 50 ms (Linux). */
function watchChildren(scripts: string[]) {
  const peaks = new Map<string, number>(scripts.map((s) => [s, 0]));
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== process.pid) continue;
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        const script = scripts.find((s) => cmdline.includes(s));
        if (!script) continue;
        const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        peaks.set(script, Math.max(peaks.get(script)!, rss));
      } catch {
        // The process ended between two reads.
      }
    }
  };
  const timer = setInterval(sample, 50);
  return {
    peaks,
    stop: () => clearInterval(timer),
  };
}

/**
 * What an admin waits for: from `POST /api/admin/incidents/:id/updates` until the page served at
 * `/` and the incident's own page both show the update, with 1,000 incidents in the history, the
 * publisher running as the server runs it (its default builder, poked after each API write).
 * Also the peak memory of the build processes (the compile step and the page renderer).
 */
export const sitePublish: Benchmark = {
  name: "site-publish",
  description:
    "post → visible on the static page with 1,000 incidents (median of N rounds), on an open page; build processes' peak RSS",
  async run({ options, progress }): Promise<BenchOutcome> {
    const dir = mkdtempSync(join(tmpdir(), "vigie-bench-publish-"));
    const handle = createDb({ url: `file:${join(dir, "vigie.db")}` });
    await migrateDb(handle);
    const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
    const watch = watchChildren(["compile-process.ts", "renderer-process.ts"]);
    let publisher: Publisher | undefined;
    const folder = new SiteFolder(join(dir, "site"));
    const app = createServerApp({
      deps,
      publicUrl: testPublicUrl,
      siteRoot: () => folder.servedRoot(),
    });
    deps.signals.on("queued", () => publisher?.poke());
    const server = await serveApp(app);
    try {
      await seedDemo(deps);
      progress("recording 1,000 past incidents");
      const actor = systemActor("bench");
      const start = Date.now();
      for (let i = 0; i < 1000; i++) {
        await createIncident({
          ctx: { deps, actor },
          input: {
            name: `Past incident ${i + 1}`,
            body: "Something went wrong, then it was fixed.",
            backfilled_at: new Date(start - (i + 1) * 0.3 * day).toISOString(),
          },
        });
      }
      const token = (await createToken({ ctx: { deps, actor }, input: { name: "bench", role: "editor" } }))
        .token;
      const api = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const created = await api("/api/admin/incidents", {
        name: "Checkout errors",
        body: "We are investigating.",
        deliver_notifications: false,
      });
      const incidentId = ((await created.json()) as { id: string }).id;
      const componentId = (
        (await (await fetch(`${server.url}/api/v2/components.json`)).json()) as {
          components: { id: string; group: boolean }[];
        }
      ).components.find((c) => !c.group)!.id;

      progress("first build (compile and render every page)");
      const firstStarted = performance.now();
      publisher = startPublisher({ deps, folder, apiUrl: server.url, liveApiUrl: "" });
      const shows = async (path: string, text: string) => {
        const res = await fetch(`${server.url}${path}`);
        return res.status === 200 && (await res.text()).includes(text);
      };
      const waitFor = async (text: string, limitMs: number) => {
        const deadline = performance.now() + limitMs;
        while (performance.now() < deadline) {
          if ((await shows("/", text)) && (await shows(`/incidents/${incidentId}/`, text))) return true;
          await new Promise((r) => setTimeout(r, 25));
        }
        return false;
      };
      if (!(await waitFor("We are investigating.", 180_000))) throw new Error("the first build never showed");
      const firstMs = performance.now() - firstStarted;

      const summaryUrl = `${server.url}/api/v2/summary.json`;
      const etagOf = async () => (await fetch(summaryUrl)).headers.get("etag");
      const rounds: number[] = [];
      const inSummary: number[] = [];
      const notModified: { status: number; bytes: number }[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        progress(`post → visible, round ${round}/${options.rounds}`);
        const marker = `Update ${round} of the bench: a fix is rolling out.`;
        const etagBefore = await etagOf();
        const posted = performance.now();
        const res = await api(`/api/admin/incidents/${incidentId}/updates`, {
          status: round % 2 ? "identified" : "monitoring",
          body: marker,
          components: { [componentId]: round % 2 ? "major_outage" : "degraded_performance" },
          deliver_notifications: false,
        });
        if (res.status !== 201) throw new Error(`posting an update answered ${res.status}`);
        // What an open page's next poll gets: the summary changes as soon as the post is answered.
        while ((await etagOf()) === etagBefore && performance.now() - posted < 10_000)
          await new Promise((r) => setTimeout(r, 10));
        inSummary.push(performance.now() - posted);
        if (!(await waitFor(marker, 60_000))) throw new Error(`round ${round}: the update never showed`);
        rounds.push(performance.now() - posted);
        // An open page's poll when nothing changed: a revalidation with the ETag it holds.
        const unchanged = await fetch(summaryUrl, {
          headers: { "If-None-Match": (await etagOf()) ?? "", "Accept-Encoding": "gzip, br" },
        });
        notModified.push({ status: unchanged.status, bytes: (await unchanged.arrayBuffer()).byteLength });
        // Let the page settle before the next update, as between two real updates.
        await new Promise((r) => setTimeout(r, 500));
      }
      const med = median(rounds);
      const max = Math.max(...rounds);
      const compilePeak = watch.peaks.get("compile-process.ts")!;
      const rendererPeak = watch.peaks.get("renderer-process.ts")!;
      const buildPeak = Math.max(compilePeak, rendererPeak);
      const livePoll = 8000;
      const openPageMax = livePoll + Math.max(...inSummary);
      const all304 = notModified.every((n) => n.status === 304 && n.bytes === 0);
      const pass = med <= 5000 && buildPeak <= 256 * 1024 && openPageMax <= 10_000 && all304;
      return {
        report: table(
          ["figure", "value"],
          [
            ["first build after start (compile + every page)", seconds(firstMs)],
            [`post → visible, ${options.rounds} rounds`, rounds.map(seconds).join(", ")],
            ["post → visible, median / max", `${seconds(med)} / ${seconds(max)} (target ≤ 5 s)`],
            [
              "post → in summary.json (what an open page polls)",
              `${seconds(median(inSummary))} median, ${seconds(Math.max(...inSummary))} max`,
            ],
            [
              "open page sees it within (8 s poll + the above)",
              `${seconds(openPageMax)} at most (target ≤ 10 s)`,
            ],
            [
              "an open page's poll when nothing changed",
              notModified.map((n) => `${n.status} (${n.bytes} B body)`).join(", "),
            ],
            ["compile process peak RSS", mib(compilePeak)],
            ["renderer process peak RSS", `${mib(rendererPeak)} (target ≤ 256 MiB for each)`],
          ],
        ),
        headline: `post → visible ${seconds(med)} median, ${seconds(max)} max; open page ≤ ${seconds(openPageMax)} (304 polls: ${all304 ? "yes" : "no"}); build peak RSS ${mib(buildPeak)}`,
        pass,
      };
    } finally {
      watch.stop();
      await publisher?.stop();
      await server.close();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
