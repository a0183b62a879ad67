import { afterEach, describe, expect, it } from "vitest";
import { type FakeResend, startFakeResend } from "../../../helpers/fake-resend.ts";

/** The fake's own contract, so tests built on it can trust what it says about Resend. */

let fake: FakeResend;
afterEach(() => fake.close());

const email = (to: string) => ({ from: "status@acme.test", to, subject: "Hi", text: "Hello" });

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("fake Resend", () => {
  it("sends one email on POST /emails and answers with its id and rate-limit headers", async () => {
    fake = await startFakeResend({ requestsPerSecond: 5 });
    const response = await post("/emails", email("a@example.com"));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: fake.emails[0]?.id });
    expect(response.headers.get("ratelimit-limit")).toBe("5");
    expect(response.headers.get("ratelimit-remaining")).toBe("4");
    expect(response.headers.get("ratelimit-reset")).toBe("1");
  });

  it("refuses a whole batch with one bad address in strict mode, and only that email in permissive mode", async () => {
    fake = await startFakeResend();
    const batch = [email("a@example.com"), email("nope"), email("c@example.com")];

    const strict = await post("/emails/batch", batch);
    expect(strict.status).toBe(422);
    expect(await strict.json()).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.emails).toHaveLength(0);

    const permissive = await post("/emails/batch", batch, { "x-batch-validation": "permissive" });
    const body = (await permissive.json()) as { data: { id: string }[]; errors: { index: number }[] };
    expect(body.data).toHaveLength(2);
    expect(body.errors).toEqual([{ index: 1, message: expect.stringContaining("Invalid `to` field") }]);
    expect(fake.emails.map((e) => e.to)).toEqual([["a@example.com"], ["c@example.com"]]);
  });

  it("answers 401 without a key, 429 with retry-after past its rate, 409 for a key reused on another body", async () => {
    // Every request spends a token, refused ones included, so the third of these is over the rate.
    fake = await startFakeResend({ requestsPerSecond: 2 });
    const anonymous = await fetch(`${fake.url}/emails`, { method: "POST", body: "{}" });
    expect(anonymous.status).toBe(401);

    await post("/emails", email("a@example.com"), { "idempotency-key": "k1" });
    const limited = await post("/emails", email("b@example.com"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reused = await post("/emails", email("c@example.com"), { "idempotency-key": "k1" });
    expect(reused.status).toBe(409);
    expect(fake.emails.map((e) => e.to[0])).toEqual(["a@example.com"]);
  });

  it("injects faults with a given probability", async () => {
    fake = await startFakeResend({ requestsPerSecond: 1000 });
    let draw = 0;
    // Per request: a draw under 0.5 injects a fault (the next draw picks which), one over 0.5 does not.
    const draws = [0.1, 0, 0.9];
    fake.setFaults({ kind: "random", probability: 0.5, faults: ["500"], random: () => draws[draw++ % 3]! });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post("/emails", email("a@example.com"))).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
  });
});
