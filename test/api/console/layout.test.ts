import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig | undefined;
afterEach(() => t?.close());

const iconOf = (html: string) => /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(html)?.[1];

describe("the console's frame", () => {
  it("links to the public page once signed in, on the public host even when the console has its own", async () => {
    t = await createConsoleRig({
      publicUrl: "https://status.acme.example",
      app: { adminUrl: "https://admin.acme.example" },
    });
    const b = await t.signedIn("viewer");
    const page = await b.get("/admin");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="https://status.acme.example">View public page</a>');
    const signIn = await t.browser().get("/admin/login");
    expect(signIn.text).not.toContain("View public page");
  });

  it("has a favicon the console's CSP allows, on every page including sign-in", async () => {
    t = await createConsoleRig();
    const signIn = await t.browser().get("/admin/login");
    const icon = iconOf(signIn.text);
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    const svg = decodeURIComponent(icon!.slice("data:image/svg+xml,".length).replace(/&amp;/g, "&"));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    expect(signIn.headers.get("Content-Security-Policy")).toMatch(/img-src [^;]*\bdata:/);
    expect(iconOf((await (await t.signedIn("owner")).get("/admin/components")).text)).toBe(icon);
  });
});
