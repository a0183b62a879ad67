import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { incidents } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText as text } from "../../helpers/console-rig.ts";
import { monitorRig } from "../../helpers/monitor-incident-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const incidentRows = () => t.deps.read((db) => db.select().from(incidents));

async function openIncident() {
  const checkout = await monitorRig(t).component("Checkout");
  const editor = await t.signedIn("editor");
  const opened = await editor.post("/admin/incidents", {
    form: {
      name: "Payments failing",
      body: "Card payments fail.",
      status: "investigating",
      [`component-${checkout}`]: "major_outage",
      intent: "post",
    },
  });
  expect(opened.status).toBe(303);
  const [incident] = await incidentRows();
  return { editor, id: incident!.id };
}

describe("how a console form ends", () => {
  it("shows a refusal of the verb in the form, with what was typed kept, and writes nothing", async () => {
    const { editor, id } = await openIncident();
    const early = await editor.post(`/admin/incidents/${id}/postmortem`, {
      form: { body: "Root cause: <b>an index</b>.", publish: "true" },
    });
    expect(early.status).toBe(409);
    expect(text(early.text)).toContain("Resolve the incident before adding its postmortem.");
    expect(early.text).toContain("Root cause: &lt;b&gt;an index&lt;/b&gt;.");
    expect((await incidentRows())[0]!.postmortemBody).toBeNull();
  });

  it("lists what to fix instead of previewing input the schema refuses", async () => {
    await monitorRig(t).component("Checkout");
    const editor = await t.signedIn("editor");
    const preview = await editor.post("/admin/incidents", {
      form: { name: "   ", body: "Card payments fail.", status: "investigating", intent: "preview" },
    });
    expect(preview.status).toBe(422);
    expect(text(preview.text)).toContain("Some fields need fixing");
    expect(text(preview.text)).not.toContain("Subject:");
    // No preview shown: the page keeps the console's strict policy.
    expect(preview.headers.get("Content-Security-Policy")).not.toContain("'unsafe-inline'");
    expect(await incidentRows()).toHaveLength(0);
  });

  it("leaves an error the form cannot explain to the console's error page", async () => {
    const editor = await t.signedIn("editor");
    const missing = await editor.post("/admin/incidents/inc_missing/edit", {
      form: { name: "Renamed", impact: "" },
    });
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('name="name"');
  });
});
