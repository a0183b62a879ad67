import { describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createSession } from "../../../api/domain/users/create-session.ts";
import { createUser } from "../../../api/domain/users/create-user.ts";
import { templatesDir } from "../../../api/templates/load-templates.ts";
import { createSmsRenderer } from "../../../api/templates/render-sms.ts";
import { createSmsOverrideSync } from "../../../api/templates/sync-sms-overrides.ts";
import { Browser, testHashParams, testPassword } from "../../helpers/console-rig.ts";
import { startFakeTwilio } from "../../helpers/fake-twilio.ts";
import { testPublicUrl } from "../../helpers/harness.ts";
import { perTest } from "../../helpers/per-test.ts";
import { startSmsRig, twilioEnv } from "../../helpers/sms-rig.ts";

// Stopped in the reverse order: the rig, then the fake Twilio.
const twilio = perTest(startFakeTwilio, (fake) => fake.close());
const rig = perTest(
  () => startSmsRig(twilioEnv(twilio)),
  (started) => started.close(),
);

async function editorBrowser() {
  const user = await createUser({
    ctx: { deps: rig.t.deps, actor: systemActor("test"), hashParams: testHashParams },
    input: { email: "editor@example.com", name: "Editor", role: "editor", password: testPassword },
  });
  const b = new Browser(rig.t.app, new URL(testPublicUrl).origin);
  b.cookies.set(
    "vigie_session",
    (await createSession({ ctx: { deps: rig.t.deps }, input: { userId: user.id } })).token,
  );
  await b.get("/admin/account");
  return b;
}

describe("an SMS template saved in the console", () => {
  it("is what the sender texts, and the built-in one again once reset", async () => {
    const editor = await editorBrowser();
    const page = "/admin/sms-templates/confirmation/en";
    await editor.get(page);
    const saved = await editor.post(page, {
      form: { source: "Code {{ code }} confirms {{ page.name }} alerts." },
    });
    expect(saved.status).toBe(303);

    await rig.subscribe("+33612345678");
    await rig.settle();
    const first = twilio.messages.at(-1)!.body;
    expect(first).toMatch(/^Code \d{6} confirms .+ alerts\.$/);
  });

  it("reaches a running sender's renderer through the sync, and leaves it once reset", async () => {
    const editor = await editorBrowser();
    const page = "/admin/sms-templates/confirmation/fr";
    const renderer = await createSmsRenderer({ templatesDir });
    const sync = createSmsOverrideSync(rig.t.deps, renderer);
    const input = { page: { name: "Acme", url: "", accent_color: "", time_zone: "UTC" }, code: "123456" };
    const builtIn = renderer.render("confirmation", "fr", input);
    expect(await sync()).toBe(false);

    await editor.get(page);
    await editor.post(page, { form: { source: "Acme : code {{ code }}" } });
    expect(await sync()).toBe(true);
    expect(renderer.render("confirmation", "fr", input)).toBe("Acme : code 123456");
    expect(renderer.render("confirmation", "en", input)).not.toContain("Acme : code");
    expect(await sync()).toBe(false);

    await editor.post(`${page}/reset`, { form: {} });
    expect(await sync()).toBe(true);
    expect(renderer.render("confirmation", "fr", input)).toBe(builtIn);
  });
});
