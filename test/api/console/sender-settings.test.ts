import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getSettings } from "../../../api/domain/settings/get-settings.ts";
import { createResendChannel } from "../../../api/notifier/channels/resend-channel.ts";
import { createTestEmailSender } from "../../../api/notifier/test-email.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";
import { type FakeResend, startFakeResend } from "../../helpers/fake-resend.ts";

/**
 * The sender of subscribers' emails set from the console (name, address, reply-to) and the country of
 * typed phone numbers, with a test email sent through a real Resend channel to a fake Resend on loopback.
 */

let t: ConsoleRig;
let resend: FakeResend;
beforeEach(async () => {
  resend = await startFakeResend({ requestsPerSecond: 100 });
  let sendTestEmail: ReturnType<typeof createTestEmailSender> | undefined;
  t = await createConsoleRig({
    app: { sendTestEmail: (to) => sendTestEmail!(to) },
  });
  sendTestEmail = createTestEmailSender({
    deps: t.deps,
    channel: createResendChannel({
      apiKey: resend.apiKey,
      baseUrl: resend.url,
      from: "Status <status@acme.example>",
      maxPerSecond: 100,
      timeoutMs: 2000,
    }),
    provider: "resend",
    publicUrl: "http://status.test",
  });
});
afterEach(async () => {
  t.close();
  await resend.close();
});

describe("/admin/settings: subscribers' emails and phone numbers", () => {
  it("saves the sender and the phone country, and blank fields go back to the defaults", async () => {
    const owner = await t.signedIn("owner");
    const page = await owner.get("/admin/settings");
    expect(readerText(page.text)).toContain("Blank: the page name (Status).");
    expect(readerText(page.text)).toContain("Blank: US, from the default language.");
    const saved = await owner.post("/admin/settings/sender", {
      form: {
        email_from_name: "Acme Ops",
        email_from_address: "ops@acme.example",
        email_reply_to: "support@acme.example",
        phone_country: "fr",
      },
    });
    expect(saved.status).toBe(303);
    expect(await getSettings(t.deps)).toMatchObject({
      emailFromName: "Acme Ops",
      emailFromAddress: "ops@acme.example",
      emailReplyTo: "support@acme.example",
      phoneCountry: "FR",
    });
    await owner.post("/admin/settings/sender", {
      form: { email_from_name: " ", email_from_address: "", email_reply_to: "", phone_country: "" },
    });
    expect(await getSettings(t.deps)).toMatchObject({
      emailFromName: null,
      emailFromAddress: null,
      emailReplyTo: null,
      phoneCountry: null,
    });
  });

  it("refuses a bad address, a header break-out and an unknown country, each beside its field", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const res = await owner.post("/admin/settings/sender", {
      form: {
        email_from_name: 'Acme" <evil@x.example>',
        email_from_address: "not an address",
        email_reply_to: "",
        phone_country: "XX",
      },
    });
    expect(res.status).toBe(422);
    const text = readerText(res.text);
    expect(text).toContain("must be an email address such as status@example.com");
    expect(text).toContain('must be one line with something to say, without <, >, " or \\');
    expect(text).toContain("must be a two-letter country code such as FR, GB or US");
    expect((await getSettings(t.deps)).emailFromAddress).toBeNull();
  });

  it("sends the owner a test email from the saved sender through the real channel", async () => {
    const owner = await t.signedIn("owner", "ana@acme.example");
    await owner.get("/admin/settings");
    await owner.post("/admin/settings/sender", {
      form: {
        email_from_name: "Acme Ops",
        email_from_address: "ops@acme.example",
        email_reply_to: "support@acme.example",
        phone_country: "",
      },
    });
    await owner.get("/admin/settings");
    const sent = await owner.post("/admin/settings/test-email", { form: {} });
    expect(sent.status).toBe(303);
    expect(new URL(sent.location ?? "", "http://x").searchParams.get("notice")).toContain(
      "Test email sent to ana@acme.example through resend.",
    );
    expect(resend.emails).toHaveLength(1);
    expect(resend.emails[0]).toMatchObject({
      from: "Acme Ops <ops@acme.example>",
      to: ["ana@acme.example"],
      subject: "Test email from Status",
      replyTo: "support@acme.example",
    });

    // A provider that fails says so, with its reason.
    resend.setFaults({ kind: "schedule", steps: ["500"] });
    const failed = await owner.post("/admin/settings/test-email", { form: {} });
    expect(new URL(failed.location ?? "", "http://x").searchParams.get("notice")).toMatch(
      /error:The test email was not sent: .*500/,
    );
  });

  it("is for owners only", async () => {
    const editor = await t.signedIn("editor");
    await editor.get("/admin");
    const res = await editor.post("/admin/settings/test-email", { form: {} });
    expect(res.status).toBe(403);
    expect(resend.emails).toHaveLength(0);
  });
});

describe("/admin/settings in a process that sends no email", () => {
  it("shows the test button disabled and says why", async () => {
    const rig = await createConsoleRig();
    try {
      const owner = await rig.signedIn("owner");
      const page = await owner.get("/admin/settings");
      expect(page.text).toMatch(
        /<button type="submit" disabled="">Send me a test email<\/button>|<button type="submit" disabled>Send me a test email/,
      );
      expect(readerText(page.text)).toContain("This server process does not send email (VIGIE_NOTIFIER=0).");
    } finally {
      rig.close();
    }
  });
});
