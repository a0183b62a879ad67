import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSiteBuilder, type SiteBuilder } from "../../../api/publish/site-renderer/site-builder.ts";
import type { SiteDocument } from "../../../api/shapes/site-document.ts";
import type { Served } from "../../helpers/serve.ts";
import { buildSiteOrThrow, builtFiles } from "../../site/build-site.ts";
import { fakeSiteDocument } from "../../site/fake-site-document.ts";
import { serveStatic } from "../../site/serve-json.ts";

let dir: string;
let server: Served | undefined;
let builder: SiteBuilder | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-site-builder-"));
});
afterEach(async () => {
  await builder?.stop();
  builder = undefined;
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Every file of a build with its bytes. */
const contents = (root: string) => new Map(builtFiles(root).map((f) => [f, readFileSync(join(root, f))]));

/** The same files with the same bytes; names the first file that differs. */
function expectSameSite(actual: string, expected: string) {
  const a = contents(actual);
  const b = contents(expected);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [file, bytes] of b)
    expect({ file, text: a.get(file)?.toString("utf8") }).toEqual({ file, text: bytes.toString("utf8") });
}

/** Serves a site document that the test changes between builds. */
async function serveDocument(doc: SiteDocument) {
  const route = { type: "application/json", body: JSON.stringify(doc) };
  server = await serveStatic({ "/api/site.json": route });
  return { apiUrl: server.url, publish: () => (route.body = JSON.stringify(doc)) };
}

describe("the incremental site builder", () => {
  it("writes the bytes a full astro build writes, first and after changes, and leaves the previous build as it was", async () => {
    const doc = fakeSiteDocument({ incidents: 24, now: new Date("2026-11-20T10:00:00Z") });
    const { apiUrl, publish } = await serveDocument(doc);
    builder = createSiteBuilder({ dir: join(dir, "renderer") });
    const build = (name: string, previous: string | null) =>
      builder!.build({
        apiUrl,
        liveApiUrl: "",
        outDir: join(dir, name),
        name,
        previous: previous ? { name: previous, dir: join(dir, previous) } : null,
      });

    const first = await build("b1", null);
    expect(first).toMatchObject({ ok: true, error: null, pages: { compiled: true, unchanged: 0 } });
    await buildSiteOrThrow({ apiUrl, outDir: join(dir, "full1") });
    expectSameSite(join(dir, "b1"), join(dir, "full1"));
    const total = first.pages!.rendered;

    // An update's text, a component's status, a new incident, one gone, a new publication time.
    const firstBuild = contents(join(dir, "b1"));
    doc.incidents[5]!.incident_updates[0]!.body = "We found the **cause**.";
    doc.components[1]!.status = "major_outage";
    doc.incidents.unshift({ ...doc.incidents[3]!, id: "inc_brandnew", name: "A brand new incident" });
    const gone = doc.incidents.splice(10, 1)[0]!;
    doc.generated_at = "2026-11-20T10:05:00Z";
    publish();
    const second = await build("b2", "b1");
    // The incident gone takes its page and its feed with it, in each of the two languages.
    expect(second).toMatchObject({ ok: true, pages: { compiled: false, removed: 4 } });
    expect(second.pages!.rendered).toBeGreaterThan(0);
    expect(second.pages!.rendered).toBeLessThan(total / 2);
    await buildSiteOrThrow({ apiUrl, outDir: join(dir, "full2") });
    expectSameSite(join(dir, "b2"), join(dir, "full2"));
    expect(builtFiles(join(dir, "b2"))).not.toContain(`incidents/${gone.id}/index.html`);
    expect(builtFiles(join(dir, "b2"))).not.toContain(`incidents/${gone.id}/feed.atom`);
    // Built from links to the first build's files, yet the first build did not change.
    expect(contents(join(dir, "b1"))).toEqual(firstBuild);

    // The page's name is on every page (the badge and the default favicon aside): they are all
    // rendered again.
    doc.page.name = "Renamed <Status>";
    publish();
    const third = await build("b3", "b2");
    expect(third.ok).toBe(true);
    expect(third.pages!.unchanged).toBeLessThanOrEqual(2);
    await buildSiteOrThrow({ apiUrl, outDir: join(dir, "full3") });
    expectSameSite(join(dir, "b3"), join(dir, "full3"));
  }, 400_000);

  it("renders every page when the build it is given to start from is not the last one it made", async () => {
    const doc = fakeSiteDocument({ incidents: 3 });
    const { apiUrl } = await serveDocument(doc);
    builder = createSiteBuilder({ dir: join(dir, "renderer") });
    const base = { apiUrl, liveApiUrl: "" };
    const first = await builder.build({ ...base, outDir: join(dir, "b1"), name: "b1" });
    expect(first.ok).toBe(true);
    const other = await builder.build({
      ...base,
      outDir: join(dir, "b2"),
      name: "b2",
      previous: { name: "someone-else", dir: join(dir, "b1") },
    });
    expect(other).toMatchObject({ ok: true, pages: { unchanged: 0, rendered: first.pages!.rendered } });
    expectSameSite(join(dir, "b2"), join(dir, "b1"));
  }, 200_000);

  it("builds the page in full with astro build when its renderer cannot be made, and says why", async () => {
    const doc = fakeSiteDocument({ incidents: 2 });
    const { apiUrl } = await serveDocument(doc);
    // A file where the builder's folder should be: nothing can be compiled there.
    writeFileSync(join(dir, "in-the-way"), "a file");
    builder = createSiteBuilder({ dir: join(dir, "in-the-way", "renderer") });
    const outcome = await builder.build({ apiUrl, liveApiUrl: "", outDir: join(dir, "out"), name: "b1" });
    expect(outcome.ok).toBe(true);
    expect(outcome.pages).toBeUndefined();
    expect(outcome.error).toMatch(/built in full: the incremental renderer could not start \(.*ENOTDIR/);
    expect(readFileSync(join(dir, "out", "index.html"), "utf8")).toContain("<html");
  }, 200_000);

  it("fails with the reason when the API does not answer", async () => {
    const doc = fakeSiteDocument({ incidents: 2 });
    const { apiUrl } = await serveDocument(doc);
    builder = createSiteBuilder({ dir: join(dir, "renderer") });
    const base = { apiUrl, liveApiUrl: "" };
    expect((await builder.build({ ...base, outDir: join(dir, "b1"), name: "b1" })).ok).toBe(true);
    await server!.close();
    server = undefined;
    const failed = await builder.build({
      ...base,
      outDir: join(dir, "b2"),
      name: "b2",
      previous: { name: "b1", dir: join(dir, "b1") },
    });
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/site build failed: .*Cannot build the status page: fetching .*site\.json/s);
  }, 200_000);
});
