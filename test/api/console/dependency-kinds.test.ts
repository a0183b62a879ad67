import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { listDependencies } from "../../../api/domain/dependencies/list-dependencies.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";
import { createTestApp } from "../../helpers/harness.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const all = async () =>
  (await listDependencies({ ctx: { deps: t.deps, actor: systemActor("test") }, input: { limit: 100 } }))
    .dependencies;

/** The per-kind form as the page sends it, without impacts. */
const form = (kind: string, fields: Record<string, string>, extra: Record<string, string> = {}) => ({
  name: "Upstream",
  catalog_id: "",
  source_kind: kind,
  source_config: "",
  policy: "draft",
  poll_interval_seconds: "60",
  enabled: "on",
  impact_count: "0",
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`src_${k}`, v])),
  ...extra,
});

/** The same source through the admin API, to compare its answer with the console's. */
async function apiMessage(source: Record<string, unknown>): Promise<string> {
  const api = await createTestApp();
  try {
    const res = await api.json("POST", "/api/admin/dependencies", { body: { name: "Upstream", source } });
    expect(res.status).toBe(422);
    return (res.body as { error: { details: { path: string; message: string }[] } }).error.details
      .map((d) => `${d.path}: ${d.message}`)
      .join("; ");
  } finally {
    api.close();
  }
}

describe("the per-kind source form", () => {
  it("shows the fields of the kind chosen, from the API's schema, with its defaults and hints", async () => {
    const editor = await t.signedIn("editor");
    const page = await editor.get("/admin/dependencies/new");
    expect(page.text).toContain('name="src_base_url"');
    expect(page.text).toContain('name="src_components"');
    expect(page.text).toContain('name="src_groups"');
    expect(page.text).toContain('data-submit="choose-kind"');
    expect(readerText(page.text)).toContain("Advanced: the settings as JSON");

    const aws = await editor.post("/admin/dependencies", {
      form: form("aws", { base_url: "https://kept.example" }, { intent: "choose_kind" }),
    });
    expect(aws.status).toBe(200);
    expect(aws.text).not.toContain('name="src_components"');
    expect(aws.text).toMatch(/<input id="f-src_service" name="src_service" type="text" value=""/);
    expect(aws.text).toMatch(/name="src_use_current_events" checked=""/);
    expect(aws.text).toMatch(/name="src_silence_hours" type="number" value="24"/);
    expect(aws.text).toContain('value="https://kept.example"');
    expect(readerText(aws.text)).toContain("Such as eu-west-3 or us-east-1.");
    // Asking again for the kind on screen keeps what was typed, an unticked box included.
    const again = await editor.post("/admin/dependencies", {
      form: form("aws", { service: "s3", silence_hours: "48" }, { intent: "choose_kind", shown_kind: "aws" }),
    });
    const box = /<input type="checkbox"[^>]*name="src_use_current_events"[^>]*>/.exec(again.text);
    expect(box?.[0]).toBeDefined();
    expect(box?.[0]).not.toContain("checked");
    expect(again.text).toMatch(/name="src_silence_hours" type="number" value="48"/);
    expect(await all()).toEqual([]);
  });

  it("refuses what the API's schema refuses, with the same message next to the field and the input kept (422)", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new");
    const res = await editor.post("/admin/dependencies", {
      form: form("aws", { service: "ec2", region: "paris", use_current_events: "on", silence_hours: "0" }),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-src_region-error">Region (required): an AWS region such as eu-west-3.');
    expect(res.text).toContain('id="f-src_silence_hours-error">Silence hours must be at least 1.');
    expect(res.text).toContain('value="paris"');
    expect(await apiMessage({ kind: "aws", service: "ec2", region: "paris" })).toBe(
      "source.region: an AWS region such as eu-west-3",
    );

    const blank = await editor.post("/admin/dependencies", {
      form: form("feed", { url: "", active_hours: "x" }),
    });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('id="f-src_active_hours-error">Active hours must be a whole number.');
    const missing = await editor.post("/admin/dependencies", {
      form: form("feed", { url: "", active_hours: "" }),
    });
    expect(missing.text).toContain('id="f-src_url-error">URL (required) must be an http:// or https:// URL.');
    const notUrl = await editor.post("/admin/dependencies", {
      form: form("feed", { url: "javascript:alert(1)", active_hours: "" }),
    });
    expect(notUrl.text).toContain("must be an http:// or https:// URL");
    expect(notUrl.text).toContain('value="javascript:alert(1)"');
    expect(await all()).toEqual([]);
  });

  it("creates a Statuspage and a feed dependency from their fields, lists one per line, defaults filled in", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new");
    const statuspage = await editor.post("/admin/dependencies", {
      form: form("statuspage", {
        base_url: "https://www.githubstatus.com",
        components: "Git Operations\r\n\r\n  API Requests\r\n",
        groups: "",
      }),
    });
    expect(statuspage.status, statuspage.text).toBe(303);
    const feed = await editor.post("/admin/dependencies", {
      form: form(
        "feed",
        { url: "https://status.example.com/history.rss", active_hours: "" },
        { name: "Feed" },
      ),
    });
    expect(feed.status, feed.text).toBe(303);
    const sources = (await all()).map((d) => d.dependency.source);
    expect(sources).toEqual(
      expect.arrayContaining([
        {
          kind: "statuspage",
          base_url: "https://www.githubstatus.com",
          components: ["Git Operations", "API Requests"],
        },
        { kind: "feed", url: "https://status.example.com/history.rss", active_hours: 24 },
      ]),
    );

    // Editing shows the same fields filled in; the JSON box stays empty until someone uses it.
    const id = (await all()).find((d) => d.dependency.source.kind === "statuspage")!.dependency.id;
    const edit = await editor.get(`/admin/dependencies/${id}/edit`);
    expect(edit.text).toContain('value="https://www.githubstatus.com"');
    expect(edit.text).toContain("Git Operations\nAPI Requests</textarea>");
  });

  it("shows hostile input back as text, never as markup", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new");
    const hostile = '"><script>alert(1)</script>{{ 7*7 }}\u0007';
    const res = await editor.post("/admin/dependencies", {
      form: form("statuspage", { base_url: hostile, components: hostile }),
    });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}");
    expect(await all()).toEqual([]);
  });

  it("keeps JSON as the advanced way, which wins when filled in", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin/dependencies/new");
    const res = await editor.post("/admin/dependencies", {
      form: form("gcp", { products: "ignored" }, { source_config: '{"locations": ["europe-west1"]}' }),
    });
    expect(res.status, res.text).toBe(303);
    expect((await all())[0]!.dependency.source).toEqual({ kind: "gcp", locations: ["europe-west1"] });
  });
});
