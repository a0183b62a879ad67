import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { backedUpTables, notBackedUp } from "../../../../api/domain/backup/backup-tables.ts";
import { decodeRow, tableCodec } from "../../../../api/domain/backup/table-codec.ts";
import * as schema from "../../../../db/schema/index.ts";

/** Every table the schema declares, read from db/schema/index.ts: a new table shows up here by itself. */
const schemaTables: SQLiteTable[] = (Object.values(schema) as unknown[]).filter(
  (value): value is SQLiteTable => is(value, SQLiteTable),
);
const nameOf = (table: SQLiteTable) => getTableConfig(table).name;
const backedUp = backedUpTables.map((spec) => nameOf(spec.table));

describe("the tables a backup holds", () => {
  it("cover every table of the schema, or say why a table is left out", () => {
    expect(schemaTables.length).toBeGreaterThan(20);
    const uncovered = schemaTables
      .map(nameOf)
      .filter((name) => !backedUp.includes(name) && !notBackedUp[name]);
    expect(uncovered, "add each to backedUpTables or to notBackedUp with a reason").toEqual([]);
    expect(backedUp.filter((name) => notBackedUp[name])).toEqual([]);
    expect(new Set(backedUp).size).toBe(backedUp.length);
    expect(Object.keys(notBackedUp).filter((name) => !schemaTables.map(nameOf).includes(name))).toEqual([]);
  });

  it("come in an order where each table follows every table it references", () => {
    for (const [index, spec] of backedUpTables.entries()) {
      const config = getTableConfig(spec.table);
      for (const fk of config.foreignKeys) {
        const target = nameOf(fk.reference().foreignTable);
        if (target === config.name) {
          expect(spec.passes, `${config.name} references itself: it needs passes`).toBeDefined();
          continue;
        }
        expect(backedUp.indexOf(target), `${config.name} references ${target}`).toBeGreaterThanOrEqual(0);
        expect(backedUp.indexOf(target), `${config.name} must come after ${target}`).toBeLessThan(index);
      }
    }
  });

  it("name secret columns that exist, and restore rows without them", () => {
    for (const spec of backedUpTables) {
      const codec = tableCodec(spec.table);
      for (const column of spec.secretColumns?.columns ?? []) expect(codec.byName.has(column)).toBe(true);
    }
    const users = tableCodec(schema.users);
    const row: Record<string, unknown> = {
      id: "usr_1",
      email: "a@example.com",
      name: "A",
      role: "owner",
      password_changed_at: "2026-11-27T12:00:00.000Z",
      disabled_at: null,
      last_login_at: null,
      created_at: "2026-11-27T12:00:00.000Z",
      updated_at: "2026-11-27T12:00:00.000Z",
    };
    expect(decodeRow(users, row)).toEqual({ ok: false, error: "users.password_hash is missing" });
    backedUpTables.find((s) => s.table === schema.users)!.secretColumns!.restore(row, new Date());
    const decoded = decodeRow(users, row);
    expect(decoded.ok && decoded.values.passwordHash).toBe("!restored-without-password");
  });

  it("encode every column of every table, and say what a bad value should have been", () => {
    for (const table of schemaTables) expect(() => tableCodec(table)).not.toThrow();
    const codec = tableCodec(schema.components);
    const good = {
      id: "cmp_1",
      name: "API",
      description: null,
      status: "operational",
      position: 1,
      showcase: true,
      only_show_if_degraded: false,
      start_date: null,
      is_group: false,
      group_id: null,
      created_at: "2026-11-27T13:00:00.123+01:00",
      updated_at: "2026-11-27T12:00:00.123Z",
    };
    const decoded = decodeRow(codec, good);
    expect(decoded.ok && decoded.values.createdAt).toEqual(new Date("2026-11-27T12:00:00.123Z"));
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, position: 1.5 }, "components.position must be an integer, not 1.5"],
      [{ ...good, showcase: 1 }, "components.showcase must be a boolean, not 1"],
      [{ ...good, name: null }, "components.name must not be null"],
      [
        { ...good, created_at: 1795780860000 },
        "components.created_at must be an ISO 8601 date-time, not 1795780860000",
      ],
      [{ ...good, colour: "red" }, 'components has no column "colour"'],
    ];
    for (const [row, error] of cases) expect(decodeRow(codec, row)).toEqual({ ok: false, error });
    expect(decodeRow(codec, [good])).toEqual({
      ok: false,
      error: "a row of components must be a JSON object",
    });
  });
});
