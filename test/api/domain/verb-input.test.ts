import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { moveComponent } from "../../../api/domain/components/move-component.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { DomainError } from "../../../api/domain/errors.ts";
import { deleteIncident } from "../../../api/domain/incidents/delete-incident.ts";
import { loadComponents } from "../../../api/domain/read/load-page.ts";
import { createToken } from "../../../api/domain/tokens/tokens.ts";
import { auditLog } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
const actor = systemActor("test");

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** The error a verb throws, for a caller (console, CLI) that did not check the input first. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { code, message, details } = error as DomainError;
  return { code, message, details };
}

describe("a verb parses its own input", () => {
  it("names each field to fix, as the HTTP API does, and writes nothing", async () => {
    const refused = await refusal(
      // Cast: as a caller that skipped the schema would send it.
      createComponent({ ctx: { deps: t.deps, actor }, input: { name: "", colour: "red" } as never }),
    );
    expect(refused.code).toBe("invalid_input");
    expect(refused.details?.map((d) => d.path).sort()).toEqual(["colour", "name"]);
    expect(refused.message).toMatch(/^Invalid input: /);
    expect(refused.message).toContain("colour: unknown field; remove it");
    expect(await loadComponents(t.deps)).toEqual([]);
    expect(await t.deps.read((db) => db.select().from(auditLog))).toEqual([]);
  });

  it("checks what used to be positional arguments: a kind, a direction, a role", async () => {
    const kind = await refusal(
      deleteIncident({ ctx: { deps: t.deps, actor }, input: { kind: "outage", id: "inc_x" } as never }),
    );
    expect(kind).toMatchObject({ code: "invalid_input", details: [{ path: "kind" }] });
    const component = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    const direction = await refusal(
      moveComponent({
        ctx: { deps: t.deps, actor },
        input: { id: component.id, direction: "sideways" } as never,
      }),
    );
    expect(direction).toMatchObject({ code: "invalid_input", details: [{ path: "direction" }] });
    const role = await refusal(
      createToken({ ctx: { deps: t.deps, actor }, input: { name: "ci", role: "admin" } as never }),
    );
    expect(role).toMatchObject({ code: "invalid_input", details: [{ path: "role" }] });
  });

  it("takes a well-formed input, the ids the path named included", async () => {
    const component = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "API" } });
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "Web" } });
    expect(
      await moveComponent({ ctx: { deps: t.deps, actor }, input: { id: component.id, direction: "down" } }),
    ).toBe(true);
    expect((await loadComponents(t.deps)).map((c) => c.name)).toEqual(["Web", "API"]);
  });
});
