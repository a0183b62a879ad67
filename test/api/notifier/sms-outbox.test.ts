import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveries } from "../../../db/schema/index.ts";
import { codeIn, type SmsRig, startSmsRig } from "../../helpers/sms-rig.ts";

let rig: SmsRig;
beforeEach(async () => {
  rig = await startSmsRig({});
});
afterEach(() => rig.close());

const phone = "+33612345678";
const outbox = () => join(rig.dataDir, "mailbox", "sms");
const files = () => (existsSync(outbox()) ? readdirSync(outbox()).sort() : []);
const read = (file: string) => readFileSync(join(outbox(), file), "utf8");

describe("the development SMS outbox", () => {
  it("writes each SMS as a text file, says so at start, and its code confirms the number", async () => {
    expect(rig.description).toBe(
      `NOT SENT: no TWILIO_* nor VONAGE_* credentials, so every SMS is written to the development outbox ${resolve(outbox())} (.txt files)`,
    );
    await rig.subscribe(phone);
    await rig.settle();
    const [delivery] = await rig.t.deps.db.select().from(deliveries);
    expect(files()).toEqual([`${delivery!.id}.txt`]);
    const text = read(files()[0]!);
    expect(text).toMatch(/^To: \+33612345678\nSegments: 1 \(GSM-7\)\n\nStatus: your code is \d{6}\n$/);
    await rig.confirm(phone, codeIn(text.split("\n\n")[1])!);
    expect(delivery).toMatchObject({ channel: "sms", kind: "confirmation" });

    const component = (await rig.t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    await rig.t.json("POST", "/api/admin/incidents", {
      body: { name: "API down", body: "On it.", components: { [component]: "major_outage" } },
    });
    await rig.settle();
    expect(files()).toHaveLength(2);
    const news = files()
      .map(read)
      .find((f) => f.includes("new incident"));
    expect(news).toContain("API: Major outage. API down. http://status.test/incidents/");
    const rows = await rig.t.deps.db.select().from(deliveries);
    expect(rows.map((r) => [r.state, r.provider])).toEqual([
      ["sent", "sms-outbox"],
      ["sent", "sms-outbox"],
    ]);
  });
});
