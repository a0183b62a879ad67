import { eq } from "drizzle-orm";
import { parse } from "node-html-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smsConfirmationCode } from "../../../api/domain/subscribers/sms-codes.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const phone = "+33612345678";
const subscribeSms = (body: Record<string, unknown>, ip = "203.0.113.1") =>
  t.json("POST", "/api/subscribers", {
    token: null,
    body: { channel: "sms", ...body },
    headers: { "X-Forwarded-For": ip },
  });
const verify = (body: unknown) => t.json("POST", "/api/subscribers/verify", { token: null, body });
const postForm = (path: string, fields: [string, string][]) =>
  t.app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.7" },
    body: new URLSearchParams(fields).toString(),
  });

/** The code the notifier would text for the newest SMS confirmation to this number. */
async function textedCode(number = phone): Promise<string> {
  const [person] = await t.deps.db.select().from(subscribers).where(eq(subscribers.address, number));
  const rows = await t.deps.db.select().from(deliveries).where(eq(deliveries.subscriberId, person!.id));
  const code = await smsConfirmationCode(t.deps, rows.at(-1)!);
  if (!code) throw new Error("no code to text");
  return code;
}
const notIt = (code: string) => (code === "000000" ? "111111" : "000000");

describe("POST /api/subscribers with channel sms", () => {
  it("refuses a number that cannot take SMS with a 400 saying what to send", async () => {
    const national = await subscribeSms({ phone: "06 12 34 56 78" });
    expect(national.status).toBe(400);
    expect(national.body.error.message).toBe(
      "phone: must be in international format: + then the country code and the number, e.g. +33612345678",
    );
    const landline = await subscribeSms({ phone: "+33145678901" });
    expect(landline.status).toBe(400);
    expect(landline.body.error.message).toContain("must be a mobile number that can receive SMS");
    expect((await subscribeSms({ address: phone })).body.error.message).toMatch(/phone: required/);
    expect(await t.deps.db.select().from(subscribers)).toEqual([]);
  });

  it("texts a code, confirms the number with it, and counts wrong codes down", async () => {
    const res = await subscribeSms({ phone: "+33 6 12 34 56 78", locale: "fr" });
    expect(res.status).toBe(202);
    expect(res.body.verify).toBe("/api/subscribers/verify");
    const code = await textedCode();
    const wrong = await verify({ phone, code: notIt(code) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      error: { code: "wrong_code", message: "This code is not right: 4 tries left." },
      attemptsLeft: 4,
    });
    const right = await verify({ phone: "+33 6 12 34 56 78", code });
    expect(right.status).toBe(200);
    expect(right.body.state).toBe("active");
    expect(right.body.message).toMatch(/^Vous recevrez un SMS/);
    const [row] = await t.deps.db.select().from(subscribers);
    expect(row).toMatchObject({ channel: "sms", address: phone, state: "active", locale: "fr" });
  });

  it("sends a number back to subscribing after five wrong codes or ten minutes", async () => {
    await subscribeSms({ phone });
    const code = await textedCode();
    for (let i = 0; i < 4; i++) await verify({ phone, code: notIt(code) });
    const fifth = await verify({ phone, code: notIt(code) });
    expect(fifth.status).toBe(400);
    expect(fifth.body.error.code).toBe("code_expired");
    expect(fifth.body.error.message).toMatch(/Subscribe again to get a new one\.$/);
    expect((await verify({ phone, code })).body.error.code).toBe("code_expired");

    await subscribeSms({ phone });
    const fresh = await textedCode();
    t.clock.advance(10 * 60_000);
    expect((await verify({ phone, code: fresh })).body.error.code).toBe("code_expired");
  });

  it("answers exactly the same for a subscribed number and a new one", async () => {
    const known = "+33611111111";
    await subscribeSms({ phone: known });
    expect((await verify({ phone: known, code: await textedCode(known) })).status).toBe(200);
    const stranger = "+33622222222";
    const seen = async (number: string) => {
      const out: unknown[] = [await verify({ phone: number, code: "123456" })];
      out.push(await subscribeSms({ phone: number }, `192.0.2.${number.at(-1)}`));
      for (let i = 0; i < 6; i++) out.push(await verify({ phone: number, code: "123456" }));
      return out;
    };
    expect(await seen(known)).toEqual(await seen(stranger));
  });

  it("validates the verify body with a clear 400", async () => {
    const res = await verify({ phone, code: "12-34" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("code: must be the 6 digits of the code we sent by SMS");
    expect((await verify({ phone: "0612345678", code: "123456" })).body.error.message).toMatch(
      /^phone: must be in international format/,
    );
  });
});

describe("SMS rate limits", () => {
  it("allow 3 SMS subscriptions per hour from one address, then 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof subscribeSms>> | undefined;
    for (let i = 1; i <= 4; i++) {
      last = await subscribeSms({ phone: `+3361234567${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(last!.headers.get("Retry-After"))).toBe(3600);
    expect(last!.body.error.code).toBe("rate_limited");
    expect(await t.deps.db.select().from(subscribers)).toHaveLength(3);
    // Email is not held up by the SMS limit.
    const email = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "ada@example.com" },
      headers: { "X-Forwarded-For": "203.0.113.1" },
    });
    expect(email.status).toBe(202);
    t.clock.advance(3600_000);
    expect((await subscribeSms({ phone: "+33612345679" })).status).toBe(202);
  });

  it("text one number at most 3 times a day, whatever the sender's address", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof subscribeSms>> | undefined;
    for (let i = 1; i <= 4; i++) {
      last = await subscribeSms({ phone }, `203.0.113.${i}`);
      statuses.push(last.status);
      t.clock.advance(60 * 60_000);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(last!.headers.get("Retry-After"))).toBe(21 * 3600);
    const texts = await t.deps.db.select().from(deliveries).where(eq(deliveries.channel, "sms"));
    expect(texts.length).toBeLessThanOrEqual(3);
  });
});

describe("the SMS subscription from the status page's form", () => {
  it("answers with a page where the code is entered, and confirms from it", async () => {
    const res = await postForm("/api/subscribers", [
      ["channel", "sms"],
      ["locale", "fr"],
      ["address", ""],
      ["phone", "+33 6 12 34 56 78"],
      ["url", ""],
    ]);
    expect(res.status).toBe(202);
    const page = parse(await res.text());
    expect(page.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(page.querySelector("h1")?.text).toBe("Saisissez le code envoyé");
    expect(page.querySelector("main")?.text).toContain("+33 6 12 34 56 78");
    const form = page.querySelector('form[action="/fr/subscribe/verify"]');
    expect(form?.querySelector('input[name="phone"]')?.getAttribute("value")).toBe(phone);
    expect(form?.querySelector('input[name="code"]')?.getAttribute("autocomplete")).toBe("one-time-code");
    expect(page.querySelector('label[for="code"]')?.text).toBe("Code reçu par SMS");

    const code = await textedCode();
    const wrong = await postForm("/fr/subscribe/verify", [
      ["phone", phone],
      ["locale", "fr"],
      ["code", notIt(code)],
    ]);
    expect(wrong.status).toBe(400);
    const again = parse(await wrong.text());
    expect(again.querySelector("[role=alert]")?.text).toBe("Ce code n'est pas le bon : 4 essais restants.");
    expect(again.querySelector('input[name="code"]')).not.toBeNull();

    const right = await postForm("/fr/subscribe/verify", [
      ["phone", phone],
      ["locale", "fr"],
      ["code", code],
    ]);
    expect(right.status).toBe(200);
    expect(parse(await right.text()).querySelector("h1")?.text).toBe("Votre numéro est confirmé");
  });

  it("shows what to fix on a page, in the reader's language, naming the field in words", async () => {
    const res = await postForm("/subscribe/", [
      ["channel", "sms"],
      ["locale", "en"],
      ["phone", "12"],
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    const page = parse(await res.text());
    expect(page.querySelector("h1")?.text).toBe("Please check what you entered");
    // An English page's numbers are read as US ones unless the owner picks another country.
    expect(page.querySelector("[role=alert]")?.text).toBe(
      "Mobile number: type a mobile number, such as (201) 555-0123, or +1 201 555 0123 with the country code.",
    );
    expect(page.querySelector("main a.button")?.getAttribute("href")).toBe("http://status.test/subscribe/");

    const french = parse(
      await (
        await postForm("/fr/subscribe/", [
          ["channel", "sms"],
          ["phone", "06 12"],
        ])
      ).text(),
    );
    expect(french.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(french.querySelector("[role=alert]")?.text).toContain(
      "Numéro de mobile : saisissez un numéro de mobile",
    );
  });

  it("reads a number in national format with the page's country and shows it back in international format", async () => {
    await t.json("PATCH", "/api/admin/settings", { body: { phone_country: "FR" } });
    const res = await postForm("/fr/subscribe/", [
      ["channel", "sms"],
      ["locale", "fr"],
      ["phone", "06 12 34 56 78"],
    ]);
    expect(res.status).toBe(202);
    expect(parse(await res.text()).querySelector("main")?.text).toContain("Numéro : +33 6 12 34 56 78");
    const [row] = await t.deps.db.select().from(subscribers);
    expect(row).toMatchObject({ address: "+33612345678", locale: "fr" });
    // A fixed line stays refused, in words.
    const fixed = await postForm("/subscribe/", [
      ["channel", "sms"],
      ["phone", "01 23 45 67 89"],
    ]);
    expect(parse(await fixed.text()).querySelector("[role=alert]")?.text).toBe(
      "Mobile number: this number cannot receive SMS; type a mobile number, such as 06 12 34 56 78.",
    );
  });
});
