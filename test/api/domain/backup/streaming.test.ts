import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BackupProgress, exportBackup } from "../../../../api/domain/backup/export-backup.ts";
import { importBackup } from "../../../../api/domain/backup/import-backup.ts";
import { insertRows } from "../../../../api/domain/backup/insert-rows.ts";
import type { BackupSource } from "../../../../api/domain/backup/read-backup.ts";
import { type Deps, systemActor } from "../../../../api/domain/context.ts";
import { newSubscriberRow } from "../../../../api/domain/subscribers/subscriber-store.ts";
import { subscribers } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

const owner = systemActor("test");
const many = 12_000;
let source: TestDb;
let target: TestDb;

beforeEach(async () => {
  source = await createTestDb({ storage: "file" });
  target = await createTestDb({ storage: "file" });
});
afterEach(() => {
  source.close();
  target.close();
});

async function addSubscribers(n: number) {
  const at = source.clock.now();
  const rows = Array.from({ length: n }, (_, i) =>
    newSubscriberRow({ channel: "email", address: `s${i}@example.com`, locale: "en", state: "active", at }),
  );
  for (let i = 0; i < rows.length; i += 5_000)
    await source.deps.write((tx) => insertRows(tx, subscribers, rows.slice(i, i + 5_000)));
}

const stringSource = (text: string): BackupSource => ({
  name: "backup.json",
  async *lines() {
    yield* text.split("\n");
  },
  text: async () => text,
});

describe("large backups", () => {
  it("are written page by page and restored in bounded transactions, with progress", async () => {
    await addSubscribers(many);
    const writes: string[] = [];
    const exported: BackupProgress[] = [];
    const counts = await exportBackup({
      ctx: {
        deps: source.deps,
        actor: owner,
        client: source.handle.client,
        write: (text) => {
          writes.push(text);
        },
        onProgress: (p) => exported.push(p),
        pageSize: 1000,
        progressEvery: 5_000,
      },
      input: { withSecrets: true },
    });
    expect(counts.subscribers).toBe(many);
    // One write per page of rows, never the whole table at once.
    expect(writes.length).toBeGreaterThan(many / 1000);
    const rowLines = (text: string) => text.split("\n").filter((l) => l.startsWith("{")).length;
    expect(Math.max(...writes.map(rowLines))).toBe(1000);
    expect(exported.filter((p) => p.table === "subscribers")).toEqual([
      { table: "subscribers", rows: 5_000, done: false },
      { table: "subscribers", rows: 10_000, done: false },
      { table: "subscribers", rows: many, done: true },
    ]);

    let transactions = 0;
    const counting: Deps = {
      ...target.deps,
      write: (fn) => {
        transactions++;
        return target.deps.write(fn);
      },
    };
    const imported: BackupProgress[] = [];
    const result = await importBackup({
      ctx: {
        deps: counting,
        actor: owner,
        source: stringSource(writes.join("")),
        onProgress: (p) => imported.push(p),
        batchRows: 500,
        progressEvery: 5_000,
      },
    });
    expect(result.counts.subscribers).toBe(many);
    expect(transactions).toBeGreaterThanOrEqual(many / 500);
    expect(imported.filter((p) => p.table === "subscribers")).toEqual([
      { table: "subscribers", rows: 5_000, total: many, done: false },
      { table: "subscribers", rows: 10_000, total: many, done: false },
      { table: "subscribers", rows: many, total: many, done: true },
    ]);
    const [row] = await target.deps.db.select({ n: count() }).from(subscribers);
    expect(row!.n).toBe(many);
  });

  it("are consistent: rows written during an export do not appear in it half-way", async () => {
    await addSubscribers(3_000);
    let text = "";
    let wrote = false;
    await exportBackup({
      ctx: {
        deps: source.deps,
        actor: owner,
        client: source.handle.client,
        pageSize: 500,
        write: async (chunk) => {
          text += chunk;
          if (wrote || !chunk.includes("s0@example.com")) return;
          wrote = true;
          // Another process subscribes someone while the export is between two pages.
          const late = newSubscriberRow({
            channel: "email",
            address: "late@example.com",
            locale: "en",
            state: "active",
            at: new Date(),
          });
          await source.deps.write((tx) => insertRows(tx, subscribers, [late]));
        },
      },
      input: { withSecrets: true },
    });
    expect(wrote).toBe(true);
    expect(text).not.toContain("late@example.com");
    expect(text.split("\n").filter((l) => l.includes("@example.com")).length).toBe(3_000);
  });
});
