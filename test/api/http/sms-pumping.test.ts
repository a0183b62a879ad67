import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../../api/http/app.ts";
import { deliveries, outboxEvents, rateCounters } from "../../../db/schema/index.ts";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";
import { testPublicUrl } from "../../helpers/harness.ts";

/** SMS pumping: strangers asking for confirmation codes to numbers that earn them money. */

let rig: EmailRig;
afterEach(() => rig?.close());

async function askCode(phone: string, ip: string, app = rig.t.app) {
  const res = await app.request("/api/subscribers", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
    body: JSON.stringify({ channel: "sms", phone }),
  });
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, headers: res.headers, body };
}

const codeDeliveries = () => rig.t.deps.read((db) => db.select().from(deliveries));

describe("SMS pumping", () => {
  it("refuses codes to countries the page does not serve, one client address each, with a 422 saying why", async () => {
    rig = await startEmailRig();
    // Mobile numbers of nine countries far from an English and French page, as in the attack.
    const numbers = [
      "+4915123456789",
      "+393123456789",
      "+34612345678",
      "+2348031234567",
      "+639171234567",
      "+79123456789",
      "+5511987654321",
      "+919876543210",
      "+6281234567890",
    ];
    expect(numbers.map((n) => parsePhoneNumberFromString(n)?.getType())).not.toContain(undefined);
    const answers = await Promise.all(numbers.map((phone, i) => askCode(phone, `198.51.100.${i + 1}`)));
    for (const [i, res] of answers.entries()) {
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("invalid_input");
      const country = parsePhoneNumberFromString(numbers[i]!)!.country!;
      expect(res.body.error.message).toContain(`this number is from ${country}`);
      expect(res.body.error.message).toMatch(
        /^This page sends SMS only to numbers of GB, .*FR.*; subscribe by email/,
      );
    }
    expect(await codeDeliveries()).toEqual([]);

    // An owner can open a country on purpose.
    const opened = await rig.t.json("PATCH", "/api/admin/settings", {
      body: { sms_countries: ["de", "FR"] },
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ sms_countries: ["DE", "FR"], sms_countries_in_effect: ["DE", "FR"] });
    expect((await askCode(numbers[0]!, "198.51.100.200")).status).toBe(202);
    expect((await askCode("+447911123456", "198.51.100.201")).status).toBe(422);
  });

  it("keeps a page-wide budget per hour, answers 429 past it, and alerts the on-call contacts once", async () => {
    rig = await startEmailRig();
    const settings = await rig.t.json("GET", "/api/admin/settings");
    expect(settings.body).toMatchObject({
      sms_budget_per_hour: 30,
      sms_budget_per_day: 150,
      sms_countries: null,
    });
    expect(
      (await rig.t.json("PATCH", "/api/admin/settings", { body: { sms_budget_per_hour: 3 } })).status,
    ).toBe(200);
    expect(
      (
        await rig.t.json("POST", "/api/admin/oncall-contacts", {
          body: { name: "Ops", email: "ops@acme.test" },
        })
      ).status,
    ).toBe(201);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await askCode(`+3361234567${i}`, `203.0.113.${i + 1}`));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429, 429, 429]);
    expect(answers[3]!.body.error.message).toMatch(
      /^This page has sent all the SMS codes it allows this hour: try again in \d+ minutes, or subscribe by email\.$/,
    );
    expect(Number(answers[3]!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await codeDeliveries()).filter((d) => d.channel === "sms")).toHaveLength(3);

    await rig.notifier.drain();
    const alerts = rig.mailTo("ops@acme.test");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toBe("[Vigie] SMS budget reached (3 per hour)");
    expect(alerts[0]!.text).toContain("SMS pumping");

    // The next hour has a fresh budget.
    rig.t.clock.advance(3_600_000);
    expect((await askCode("+33612345679", "203.0.113.50")).status).toBe(202);
  });

  it("counts IPv6 clients by their /64, and keeps counting across a restart of the server", async () => {
    rig = await startEmailRig({ storage: "file" });
    const sameNetwork = ["2001:db8:1:2::a", "2001:db8:1:2:ffff::1", "2001:0db8:0001:0002:0:0:0:3"];
    for (const [i, ip] of sameNetwork.entries())
      expect((await askCode(`+3361111111${i}`, ip)).status).toBe(202);
    const fourth = await askCode("+33611111119", "2001:db8:1:2:abcd::9");
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.message).toMatch(/^Too many SMS codes asked from your network/);
    expect((await askCode("+33611111118", "2001:db8:1:3::1")).status).toBe(202);

    // A new server process on the same database: the counters are in the database, not in memory.
    const restarted = createApp({ deps: rig.t.deps, publicUrl: testPublicUrl, trustedProxies: 1 });
    expect((await askCode("+33611111117", "2001:db8:1:2::77", restarted)).status).toBe(429);
    const counters = await rig.t.deps.read((db) => db.select().from(rateCounters));
    expect(counters.map((c) => c.key)).toContain("sms-code:network:2001:db8:1:2::/64");

    // The same number from many networks: 3 codes a day.
    const number = "+447911123456";
    const perNumber = [];
    for (let i = 0; i < 4; i++) perNumber.push((await askCode(number, `192.0.2.${i + 10}`)).status);
    expect(perNumber).toEqual([202, 202, 202, 429]);
    const events = await rig.t.deps.read((db) => db.select().from(outboxEvents));
    expect(events.filter((e) => e.type === "sms.budget_reached")).toEqual([]);
  });

  it("says on the French form, in French and naming the field, which countries it sends SMS to", async () => {
    rig = await startEmailRig();
    const res = await rig.t.app.request("/api/subscribers", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.77" },
      body: new URLSearchParams({ channel: "sms", locale: "fr", phone: "+4915123456789" }).toString(),
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('lang="fr"');
    expect(page).toMatch(
      /Numéro de mobile : cette page n’envoie de SMS qu’aux numéros de ces pays : GB, .*FR/,
    );
    expect(page).not.toContain("must be a number of");
    expect(await codeDeliveries()).toEqual([]);
  });
});
