import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleRig, createConsoleRig, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
afterEach(() => t.close());

const signIn = (email: string, password: string, address: string) =>
  t.browser().signIn(email, password, undefined, address);
const retryAfter = (res: { headers: Headers }) => Number(res.headers.get("Retry-After"));

describe("sign-in limits", () => {
  it("slows one account tried from one address: 3 free failures, then waits of 1 s, 2 s, 4 s…, even for the right password", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "target@example.com");
    for (let i = 0; i < 3; i++)
      expect((await signIn("target@example.com", `guess ${i}`, "10.0.0.1")).status).toBe(401);
    const held = await signIn("target@example.com", testPassword, "10.0.0.1");
    expect(held.status).toBe(429);
    expect(retryAfter(held)).toBe(1);
    expect(held.text).toContain("Too many failed sign-ins. Try again in 1 second.");

    t.clock.advance(1_000);
    expect((await signIn("target@example.com", "guess 3", "10.0.0.1")).status).toBe(401);
    expect(retryAfter(await signIn("target@example.com", testPassword, "10.0.0.1"))).toBe(2);
    t.clock.advance(2_000);
    expect((await signIn("target@example.com", "guess 4", "10.0.0.1")).status).toBe(401);
    expect(retryAfter(await signIn("target@example.com", testPassword, "10.0.0.1"))).toBe(4);
    t.clock.advance(4_000);
    expect((await signIn("target@example.com", testPassword, "10.0.0.1")).status).toBe(303);
    // A success starts afresh.
    expect((await signIn("target@example.com", "typo", "10.0.0.1")).status).toBe(401);
  });

  it("never lets an attacker elsewhere lock the owner out", async () => {
    t = await createConsoleRig();
    await t.addUser("owner", "owner@example.com");
    // Guessing from one address as fast as the limits allow: the waits grow to 15 minutes.
    const started = t.clock.now().getTime();
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const res = await signIn("owner@example.com", `guess ${i}`, "203.0.113.9");
      if (res.status === 401) checked++;
      else t.clock.advance(retryAfter(res) * 1000);
    }
    // 21 guesses took more than two hours; from then on, 4 an hour.
    expect(checked).toBe(21);
    expect(t.clock.now().getTime() - started).toBeGreaterThan(2 * 60 * 60_000);
    // The owner, from an address never seen before, gets in at once.
    expect((await signIn("owner@example.com", testPassword, "198.51.100.4")).status).toBe(303);
  });

  it("slows guessing spread over many addresses, except from an address the account signed in from", async () => {
    t = await createConsoleRig();
    await t.addUser("owner", "owner@example.com");
    expect((await signIn("owner@example.com", testPassword, "198.51.100.4")).status).toBe(303);
    // Ten failures from four addresses (each adds at most three to the account's count).
    const attackers = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"];
    for (let i = 0; i < 10; i++)
      expect((await signIn("owner@example.com", `guess ${i}`, attackers[i % 4]!)).status).toBe(401);
    const fromElsewhere = await signIn("owner@example.com", testPassword, "192.0.2.200");
    expect(fromElsewhere.status).toBe(429);
    expect(retryAfter(fromElsewhere)).toBe(1);
    expect((await signIn("owner@example.com", testPassword, "198.51.100.4")).status).toBe(303);
  });

  it("has a hard limit per address: the 21st failure in 15 minutes gets 429 whatever the account", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "real@example.com");
    for (let i = 0; i < 20; i++)
      expect((await signIn(`spray-${i}@example.com`, "Winter2026!!", "192.0.2.7")).status).toBe(401);
    const blocked = await signIn("real@example.com", testPassword, "192.0.2.7");
    expect(blocked.status).toBe(429);
    expect(retryAfter(blocked)).toBeGreaterThan(14 * 60);
    expect(blocked.text).toContain("Too many failed sign-ins. Try again in 15 minutes.");
    expect((await signIn("real@example.com", testPassword, "192.0.2.8")).status).toBe(303);
    t.clock.advance(15 * 60_000 + 1_000);
    expect((await signIn("real@example.com", testPassword, "192.0.2.7")).status).toBe(303);
  });

  it("limits unknown and known accounts alike, with the same answers", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "known@example.com");
    const run = async (email: string, address: string) => {
      const answers: { status: number; retryAfter: string | null; text: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await signIn(email, `guess ${i}`, address);
        answers.push({
          status: res.status,
          retryAfter: res.headers.get("Retry-After"),
          text: res.text.replace(/value="[^"]*"/g, "").replace(email, "x@example.com"),
        });
      }
      return answers;
    };
    const known = await run("known@example.com", "10.1.0.1");
    const unknown = await run("ghost@example.com", "10.1.0.2");
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 429, 429, 429]);
    expect(unknown).toEqual(known);
  });
});

describe("concurrent sign-ins", () => {
  it("count each try before its password is hashed: 40 at once from one address check 3 passwords", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "target@example.com");
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn("target@example.com", `guess ${i}`, "10.2.0.1")),
    );
    const statuses = answers.map((a) => a.status);
    // A 401 is a password that was checked; every 429 was refused before any hash.
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
    for (const refused of answers.filter((a) => a.status === 429))
      expect(retryAfter(refused)).toBeGreaterThan(0);
  });

  it("count each try before its password is hashed: 40 at once from 40 addresses check 10 passwords", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "target@example.com");
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn("target@example.com", `guess ${i}`, `10.3.0.${i + 1}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30);
  });
});
