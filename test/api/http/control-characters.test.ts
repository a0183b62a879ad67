import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

/** A control character would make every feed unreadable: the API refuses it, naming the field. */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const oneLineMessage = "must not contain control characters (U+0000 to U+001F); remove them";
const multiLineMessage =
  "must not contain control characters (U+0000 to U+001F) other than tab and line breaks; remove them";

async function refused(method: string, path: string, body: unknown, field: string, message: string) {
  const res = await t.json(method, path, { body });
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error.code).toBe("invalid_input");
  expect(res.body.error.details).toContainEqual({ path: field, message });
  expect(res.body.error.message).toContain(`${field}: ${message}`);
}

describe("control characters in text", () => {
  it("are refused in incident names, bodies and their translations", async () => {
    for (const c of ["\u0000", "\u0007", "\u001b", "\u001f", "\n", "\t"])
      await refused(
        "POST",
        "/api/admin/incidents",
        { name: `Outage${c}x`, body: "ok" },
        "name",
        oneLineMessage,
      );
    for (const c of ["\u0000", "\u0001", "\u000b", "\u000c", "\u001b"])
      await refused(
        "POST",
        "/api/admin/incidents",
        { name: "Outage", body: `o${c}k` },
        "body",
        multiLineMessage,
      );
    await refused(
      "POST",
      "/api/admin/incidents",
      { name: "Outage", body: "ok", name_translations: { fr: "Panne\u0007" } },
      "name_translations.fr",
      oneLineMessage,
    );
    await refused(
      "POST",
      "/api/admin/incidents",
      { name: "Outage", body: "ok", body_translations: { fr: "Panne\u0007" } },
      "body_translations.fr",
      multiLineMessage,
    );
    const list = await t.json("GET", "/api/admin/incidents");
    expect(list.body.incidents).toEqual([]);
  });

  it("keep tab and line breaks in bodies", async () => {
    const res = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Outage", body: "Line one\r\n\tindented\nline three" },
    });
    expect(res.status).toBe(201);
    expect(res.body.incident_updates[0].body).toBe("Line one\r\n\tindented\nline three");
    const update = await t.json("POST", `/api/admin/incidents/${res.body.id}/updates`, {
      body: { status: "identified", body: "Found\u0007" },
    });
    expect(update.status).toBe(422);
    expect(update.body.error.details).toContainEqual({ path: "body", message: multiLineMessage });
    const rename = await t.json("PATCH", `/api/admin/incidents/${res.body.id}`, {
      body: { name: "New\u0007" },
    });
    expect(rename.status).toBe(422);
    expect(rename.body.error.details).toContainEqual({ path: "name", message: oneLineMessage });
  });

  it("are refused in maintenance names and bodies", async () => {
    const window = { scheduled_for: "2026-11-28T10:00:00Z", scheduled_until: "2026-11-28T11:00:00Z" };
    await refused(
      "POST",
      "/api/admin/maintenances",
      { ...window, name: "Up\u0007", body: "ok" },
      "name",
      oneLineMessage,
    );
    await refused(
      "POST",
      "/api/admin/maintenances",
      { ...window, name: "Up", body: "o\u0000k" },
      "body",
      multiLineMessage,
    );
  });

  it("are refused in component and group names and descriptions", async () => {
    await refused("POST", "/api/admin/components", { name: "API\u0008" }, "name", oneLineMessage);
    await refused(
      "POST",
      "/api/admin/components",
      { name: "API", description: "Public\u001b[31m API" },
      "description",
      multiLineMessage,
    );
    await refused("POST", "/api/admin/component-groups", { name: "Core\u0007" }, "name", oneLineMessage);
    const ok = await t.json("POST", "/api/admin/components", {
      body: { name: "API", description: "Two\nlines" },
    });
    expect(ok.status).toBe(201);
  });
});
