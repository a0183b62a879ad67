import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { createSafeFetch } from "../../../api/net/safe-fetch.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { type EndpointRig, startEndpointRig } from "../../helpers/endpoint-rig.ts";

/**
 * Anyone may subscribe a webhook URL, so a public subscription must not turn the page into a
 * request cannon: private targets are refused whatever `allow_private_targets` says, and nothing but
 * a signed verification request goes to the URL until its receiver echoes the challenge.
 */

interface Received {
  headers: Record<string, string>;
  body: string;
}

let rig: EndpointRig;
let server: Server | undefined;
afterEach(async () => {
  await rig?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A receiver on loopback that echoes the challenge of a verification request while `echo` is on. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { echo: false };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      const parsed = JSON.parse(body) as { type?: string; challenge?: string };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        parsed.type === "webhook.verification" && state.echo
          ? JSON.stringify({ challenge: parsed.challenge })
          : "{}",
      );
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server!.address() as AddressInfo).port, received, state };
}

const subscribe = (body: Record<string, unknown>) =>
  rig.t.json("POST", "/api/subscribers", {
    token: null,
    body,
    headers: { "X-Forwarded-For": "198.51.100.9" },
  });

describe("public webhook subscriptions", () => {
  it("refuse private and internal targets at subscribe time, even with allow_private_targets on", async () => {
    rig = await startEndpointRig();
    await rig.allowPrivateTargets(true);
    const receiver = await startReceiver();
    for (const url of [
      `http://127.0.0.1:${receiver.port}/hook`,
      "http://10.0.0.5/internal",
      "http://[::1]:8080/",
      "http://169.254.169.254/latest/meta-data/",
      "http://localhost:9000/x",
    ]) {
      const res = await subscribe({ channel: "webhook", url });
      expect(res.status, url).toBe(422);
      expect(res.body.error.message).toMatch(/^url: this address cannot receive notifications: /);
    }
    expect(await rig.t.deps.read((db) => db.select().from(subscribers))).toEqual([]);
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    await rig.settle();
    expect(receiver.received).toEqual([]);
  });

  it("never reach a private address through a name, even with allow_private_targets on", async () => {
    const receiver = await startReceiver();
    // A public name that resolves to an internal address (DNS under the subscriber's control).
    rig = await startEndpointRig({
      endpoints: { lookup: async () => [{ address: "127.0.0.1", family: 4 }] },
    });
    await rig.allowPrivateTargets(true);
    const res = await subscribe({
      channel: "webhook",
      url: `http://internal.example.com:${receiver.port}/hook`,
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe("pending");
    await rig.drain();
    expect(receiver.received).toEqual([]);
    const [row] = await rig.deliveriesOf(res.body.id);
    expect(row).toMatchObject({ kind: "confirmation", state: "failed" });
    expect(row!.lastError).toMatch(/loopback/);
  });

  it("become active only once the receiver echoes the signed challenge, then get notifications", async () => {
    const receiver = await startReceiver();
    // Loopback stands for the internet here: this fetch lets the public endpoint reach the receiver.
    const internet = createSafeFetch({
      allowPrivate: true,
      lookup: async () => [{ address: "127.0.0.1", family: 4 }],
      userAgent: "Vigie-Notifier/1",
    });
    // Real time: the receiver checks the signature's timestamp against its clock.
    rig = await startEndpointRig({ now: new Date(), endpoints: { publicFetch: internet } });
    const res = await subscribe({ channel: "webhook", url: `http://receiver.example:${receiver.port}/hook` });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe("pending");

    // An incident while pending: only the verification request goes out.
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    await rig.drain();
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    const payload = new Webhook(res.body.secret).verify(first!.body, first!.headers) as {
      type: string;
      challenge: string;
      meta: { unsubscribe: string };
    };
    expect(payload.type).toBe("webhook.verification");
    expect(payload.challenge).toMatch(/^[\w-]{43}$/);
    expect(payload.meta.unsubscribe).toBe(res.body.unsubscribeUrl);
    const [verification] = await rig.deliveriesOf(res.body.id);
    expect(verification).toMatchObject({ kind: "confirmation", state: "pending" });
    expect(verification!.lastError).toMatch(/^answered 200 without the challenge/);
    const pending = async () =>
      (
        await rig.t.deps.read((db) => db.select().from(subscribers).where(eq(subscribers.id, res.body.id)))
      )[0];
    expect((await pending())?.state).toBe("pending");

    receiver.state.echo = true;
    await rig.settle();
    expect((await pending())?.state).toBe("active");
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(receiver.received[1]!.body).challenge).toBe(payload.challenge);

    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Second outage", body: "y" } });
    await rig.settle();
    expect(receiver.received).toHaveLength(3);
    expect(JSON.parse(receiver.received[2]!.body).incident.name).toBe("Second outage");
  });

  it("leave Slack, Discord and Teams (fixed public hosts) active at once", async () => {
    rig = await startEndpointRig();
    await rig.allowPrivateTargets(true);
    const res = await subscribe({
      channel: "slack",
      url: "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkL",
    });
    expect(res.status).toBe(201);
    expect(res.body.state).toBe("active");
  });
});

describe("endpoints an admin adds", () => {
  it("are active at once and may be private only while allow_private_targets is on", async () => {
    rig = await startEndpointRig();
    const add = (url: string, token = rig.t.tokens.editor) =>
      rig.t.json("POST", "/api/admin/subscribers/endpoints", { token, body: { channel: "webhook", url } });
    const refused = await add("http://10.0.0.12:8080/hooks");
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/^url: this address cannot receive notifications: /);
    await rig.allowPrivateTargets(true);
    const added = await add("http://10.0.0.12:8080/hooks");
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ state: "active", url: "http://10.0.0.12:8080/hooks" });
    expect(added.body.secret).toMatch(/^whsec_/);
    expect((await add("http://10.0.0.13/", rig.t.tokens.viewer)).status).toBe(403);
    const slackShape = await rig.t.json("POST", "/api/admin/subscribers/endpoints", {
      body: { channel: "slack", url: "https://example.com/not-slack" },
    });
    expect(slackShape.status).toBe(422);
    expect(slackShape.body.error.message).toMatch(/^url: /);
  });
});
