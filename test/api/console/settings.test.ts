import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { getSettings } from "../../../api/domain/settings/get-settings.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig({
    app: {
      providers: { email: "sent through Resend from status@example.com", sms: "sent through Twilio" },
      publishPolicy: { root: "/var/www", protectedDirs: [] },
    },
  });
});
afterEach(() => t.close());

const valid = {
  name: "Acme Cloud",
  url: "https://status.acme.example/",
  time_zone: "Europe/Paris",
  locales: "en",
  default_locale: "en",
  logo_url: "",
  accent_color: "#0F766E",
  publish_targets: "/var/www/status\r\n\r\n  rclone:s3-backup:status  \r\n",
  allow_private_targets: "true",
};

/** A urlencoded body with repeated fields, as a browser sends ticked checkboxes. */
const withRepeated = (fields: Record<string, string>, repeated: Record<string, string[]>) => {
  const params = new URLSearchParams(fields);
  for (const [name, values] of Object.entries(repeated)) for (const v of values) params.append(name, v);
  return params;
};

async function postForm(b: Awaited<ReturnType<ConsoleRig["signedIn"]>>, params: URLSearchParams) {
  params.set("_csrf", b.csrfToken!);
  return t.app.request(`http://status.test/admin/settings`, {
    method: "POST",
    headers: {
      Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: "http://status.test",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: params.toString(),
  });
}

describe("/admin/settings", () => {
  it("shows the settings and which providers carry email and SMS", async () => {
    const owner = await t.signedIn("owner");
    const res = await owner.get("/admin/settings");
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="Status"');
    expect(res.text).toContain('value="Etc/UTC"');
    expect(res.text).toMatch(/name="sms_kinds" value="incident-created" checked/);
    expect(res.text).toMatch(/name="sms_kinds" value="incident-updated"\/?>/);
    expect(res.text).toContain("sent through Resend from status@example.com");
    expect(res.text).toContain("sent through Twilio");
  });

  it("saves every field from the form, ticked boxes included", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const res = await postForm(
      owner,
      withRepeated(valid, { sms_kinds: ["incident-created", "maintenance-started"] }),
    );
    expect(res.status).toBe(303);
    expect((await owner.get(res.headers.get("Location")!)).text).toContain("Settings saved.");
    const s = await getSettings(t.deps);
    expect(s).toMatchObject({
      name: "Acme Cloud",
      url: "https://status.acme.example",
      timeZone: "Europe/Paris",
      locales: ["en"],
      defaultLocale: "en",
      logoUrl: null,
      accentColor: "#0f766e",
      publishTargets: ["/var/www/status", "rclone:s3-backup:status"],
      allowPrivateTargets: true,
      smsKinds: ["incident-created", "maintenance-started"],
    });
    const [audit] = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 1 },
    });
    expect(audit).toMatchObject({ action: "settings.update", actor: expect.stringMatching(/^user:/) });
  });

  it("saves the header's Website and Support links, and refuses one that is not http(s)", async () => {
    const owner = await t.signedIn("owner");
    const form = await owner.get("/admin/settings");
    expect(form.text).toContain('name="website_url"');
    expect(form.text).toContain('name="support_url"');
    const refused = await owner.post("/admin/settings", {
      form: { ...valid, website_url: "javascript:alert(1)", support_url: "https://help.acme.example" },
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("must be an http(s) URL");
    expect(refused.text).toContain('value="javascript:alert(1)"');
    expect((await getSettings(t.deps)).websiteUrl).toBeNull();
    const saved = await owner.post("/admin/settings", {
      form: { ...valid, website_url: "https://www.acme.example", support_url: "https://help.acme.example" },
    });
    expect(saved.status).toBe(303);
    expect(await getSettings(t.deps)).toMatchObject({
      websiteUrl: "https://www.acme.example",
      supportUrl: "https://help.acme.example",
    });
    const cleared = await owner.post("/admin/settings", {
      form: { ...valid, website_url: "", support_url: "" },
    });
    expect(cleared.status).toBe(303);
    expect(await getSettings(t.deps)).toMatchObject({ websiteUrl: null, supportUrl: null });
  });

  it("unticking every SMS kind and the private-address box turns them off", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const { allow_private_targets: _, ...rest } = valid;
    const res = await postForm(owner, withRepeated({ ...rest, locales: "fr" }, { locales: ["en"] }));
    expect(res.status).toBe(303);
    const s = await getSettings(t.deps);
    expect(s.smsKinds).toEqual([]);
    expect(s.allowPrivateTargets).toBe(false);
    expect(s.locales).toEqual(["fr", "en"]);
  });

  it("says what to fix next to each field and keeps what was typed (422)", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const res = await owner.post("/admin/settings", {
      form: {
        ...valid,
        time_zone: "Mars/Olympus",
        publish_targets: "/ok\nrelative/path",
        accent_color: "red",
      },
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("must be an IANA time zone such as Europe/Paris or Etc/UTC");
    expect(res.text).toContain('value="Mars/Olympus"');
    expect(res.text).toContain("line 2: must be an absolute directory path or rclone:");
    expect(res.text).toContain("/ok\nrelative/path");
    expect(res.text).toContain("must be a colour like #2563eb");
    expect((await getSettings(t.deps)).timeZone).toBe("Etc/UTC");
  });

  it("refuses a publish folder outside PUBLISH_ROOT, says why, and stores nothing", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const res = await owner.post("/admin/settings", {
      form: { ...valid, publish_targets: "/var/www/status\n/etc" },
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      "publish_targets refused: /etc is not inside the publish root /var/www; choose a folder under it.",
    );
    expect((await getSettings(t.deps)).publishTargets).toEqual([]);
  });

  it("needs at least one language, including the default one", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const { locales: _, ...noneTicked } = valid;
    const none = await owner.post("/admin/settings", { form: noneTicked });
    expect(none.status).toBe(422);
    expect(none.text).toContain("tick at least one language");
    const missingDefault = await owner.post("/admin/settings", {
      form: { ...valid, locales: "fr", default_locale: "en" },
    });
    expect(missingDefault.status).toBe(422);
    expect(missingDefault.text).toContain("locales must include the default locale en.");
    expect((await getSettings(t.deps)).locales).toEqual(["en", "fr"]);
  });

  it("is for owners only, and refuses a post without its CSRF token", async () => {
    for (const role of ["editor", "viewer"] as const) {
      const b = await t.signedIn(role);
      expect((await b.get("/admin/settings")).status, role).toBe(403);
      const post = await b.post("/admin/settings", { form: { ...valid, name: "Hijacked" } });
      expect(post.status, role).toBe(403);
      expect(post.text).toContain(`This needs the owner role; you have the ${role} role.`);
    }
    const owner = await t.signedIn("owner");
    await owner.get("/admin/settings");
    const forged = await owner.post("/admin/settings", { form: { ...valid, name: "Hijacked" }, csrf: false });
    expect(forged.status).toBe(403);
    expect((await getSettings(t.deps)).name).toBe("Status");
  });

  it("says when this process sends no notifications", async () => {
    const bare = await createConsoleRig();
    try {
      const owner = await bare.signedIn("owner");
      expect((await owner.get("/admin/settings")).text).toContain("does not send notifications");
    } finally {
      bare.close();
    }
  });
});
