import { describe, expect, it } from "vitest";
import { ReadTracker } from "../../../api/publish/site-renderer/read-tracker.ts";

interface Item {
  id: string;
  name: string;
  status: string;
  tags: string[];
}

/** A small site shaped like the real one: settings, a list of items with ids, a Map over them. */
function site(items: Item[], name = "Acme") {
  return { page: { name, zone: "Europe/Paris" }, items, byId: new Map(items.map((i) => [i.id, i])) };
}

const items = (): Item[] => [
  { id: "cmp_a", name: "API", status: "operational", tags: ["x"] },
  { id: "cmp_b", name: "Web", status: "operational", tags: [] },
];

type Site = ReturnType<typeof site>;

/** What a "page" reads, recorded on one generation of the site. */
function record(root: Site, page: (s: Site) => unknown) {
  const tracker = new ReadTracker(root);
  tracker.start();
  page(tracker.site as Site);
  return tracker.stop();
}

const differs = (root: Site, reads: ReturnType<typeof record>) => new ReadTracker(root).differs(reads);

describe("what a page read", () => {
  it("a page that reads one item's name changes with that name only, wherever the item moves", () => {
    const reads = record(site(items()), (s) => s.byId.get("cmp_b")?.name);
    expect(differs(site(items()), reads)).toBe(false);
    const other = items();
    other[0]!.status = "major_outage";
    other[0]!.name = "Renamed API";
    other[1]!.status = "degraded_performance";
    expect(differs(site(other), reads)).toBe(false);
    expect(differs(site(other.reverse()), reads)).toBe(false);
    const renamed = items();
    renamed[1]!.name = "Website";
    expect(differs(site(renamed), reads)).toBe(true);
    expect(differs(site(items().slice(0, 1)), reads)).toBe(true);
  });

  it("a page that walks a list changes with anything in it, and with a new item", () => {
    const reads = record(site(items()), (s) => s.items.map((i) => i.name));
    const status = items();
    status[0]!.status = "major_outage";
    expect(differs(site(status), reads)).toBe(true);
    expect(
      differs(site([...items(), { id: "cmp_c", name: "New", status: "operational", tags: [] }]), reads),
    ).toBe(true);
    expect(differs(site(items()), reads)).toBe(false);
  });

  it("counting a Map, listing an object's keys or a field that was missing are read too", () => {
    const counted = record(site(items()), (s) => s.byId.size);
    expect(differs(site(items().slice(0, 1)), counted)).toBe(true);
    const keys = record(site(items()), (s) => Object.keys(s.page));
    const more = site(items());
    (more.page as Record<string, string>).url = "https://status.example";
    expect(differs(more, keys)).toBe(true);
    const missing = record(site(items()), (s) => (s.page as Record<string, string | undefined>).url);
    expect(differs(site(items()), missing)).toBe(false);
    expect(differs(more, missing)).toBe(true);
  });

  it("reads nothing outside start and stop, and says when a page changed the data", () => {
    const root = site(items());
    const tracker = new ReadTracker(root);
    const seen = tracker.site as Site;
    expect(seen.page.name).toBe("Acme");
    tracker.start();
    expect(tracker.stop().size).toBe(0);
    expect(tracker.raw(seen.page)).toBe(root.page);
    expect(tracker.mutated).toBe(false);
    seen.items.sort((a, b) => a.name.localeCompare(b.name));
    expect(tracker.mutated).toBe(true);
  });
});
