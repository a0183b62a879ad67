import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../../../api/domain/errors.ts";
import { appendEvent } from "../../../api/domain/outbox/append-event.ts";
import { createSignals, fireAfterCommit, type Signal } from "../../../api/domain/signals.ts";
import { parseInput } from "../../../api/domain/verb.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
let heard: Signal[];

beforeEach(async () => {
  t = await createTestDb();
  heard = [];
  for (const signal of ["queued", "dependencies-due", "schedule-changed"] as const)
    t.deps.signals.on(signal, () => heard.push(signal));
});
afterEach(() => t.close());

describe("signals fired by writes", () => {
  it("are heard once the transaction commits, not while it runs", async () => {
    await t.deps.write(async (tx) => {
      await appendEvent(tx, t.deps.clock.now(), "component.deleted", { component_id: "cmp_x" });
      fireAfterCommit(tx, "schedule-changed");
      fireAfterCommit(tx, "schedule-changed");
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(["queued", "schedule-changed"]);
  });

  it("are never heard when the transaction rolls back", async () => {
    await expect(
      t.deps.write(async (tx) => {
        fireAfterCommit(tx, "dependencies-due");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(heard).toEqual([]);
  });

  it("keep telling the other listeners when one throws, and say so", () => {
    const errors: string[] = [];
    const signals = createSignals((signal, error) => errors.push(`${signal}: ${String(error)}`));
    let told = 0;
    signals.on("queued", () => {
      throw new Error("boom");
    });
    const off = signals.on("queued", () => told++);
    signals.fire("queued");
    off();
    signals.fire("queued");
    expect({ told, errors }).toEqual({ told: 1, errors: ["queued: Error: boom", "queued: Error: boom"] });
  });
});

describe("parseInput", () => {
  it("names every field to fix in one invalid_input error", () => {
    const schema = z.strictObject({ name: z.string().min(1), when: z.iso.datetime() });
    const error = (() => {
      try {
        parseInput(schema, { when: "yesterday", colour: "red" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_input");
    expect((error as DomainError).message).toMatch(
      /^Invalid input: .*name: required.*when: .*colour: unknown field/,
    );
    expect(parseInput(schema, { name: "API", when: "2026-12-07T10:00:00Z" })).toEqual({
      name: "API",
      when: "2026-12-07T10:00:00Z",
    });
  });
});
