import { asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { EmailChannel } from "../../api/notifier/channels/email-channel.ts";
import { type Notifier, startNotifier } from "../../api/notifier/notifier.ts";
import { createEndpointChannels, type EndpointChannelsOptions } from "../../api/notifier/start-endpoints.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { deliveries, subscribers } from "../../db/schema/index.ts";
import { createTestApp, type TestApp, type TestAppOptions, testPublicUrl } from "./harness.ts";

/** What `POST /api/subscribers` answers for a webhook (the secret is shown only there). */
export interface WebhookSubscription {
  id: string;
  secret: string;
  unsubscribeUrl: string;
}

export interface EndpointRig {
  t: TestApp;
  notifier: Notifier;
  /** Sends what is due now, without moving the clock. */
  drain(): Promise<void>;
  /** Runs until nothing is pending, moving the clock to each next attempt (the retry schedule). */
  settle(rounds?: number): Promise<void>;
  allowPrivateTargets(on: boolean): Promise<void>;
  component(name: string): Promise<string>;
  /**
   * Adds a webhook endpoint as an admin (`POST /api/admin/subscribers/endpoints`): loopback
   * receivers are private addresses, which only admin-added endpoints may reach.
   */
  subscribeWebhook(url: string, components?: string[]): Promise<WebhookSubscription>;
  /**
   * Subscribes a chat URL of the service's real shape through the public route, then points it at a
   * loopback receiver, as an admin-added endpoint: the services' own hosts are never contacted from
   * tests.
   */
  subscribeChat(
    channel: "slack" | "discord" | "teams",
    receiverUrl: string,
    locale: "en" | "fr",
  ): Promise<string>;
  deliveriesOf(subscriberId: string): Promise<(typeof deliveries.$inferSelect)[]>;
  close(): Promise<void>;
}

const chatUrls = {
  slack: "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkL",
  discord: "https://discord.com/api/webhooks/112233445566778899/abc-DEF",
  teams: "https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456",
};

/** These tests send no email: a channel that would say so if one were ever handed to it. */
const noEmail: EmailChannel = {
  sendBatch: async (messages) =>
    messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "failed", reason: "no email in this test" })),
};

/**
 * The real app and the real notifier with the webhook and chat dispatchers as the server builds them
 * (SSRF guard included; names never resolve, receivers are IP literals on loopback). Retry jitter is
 * pinned so each wait is exactly the schedule's.
 */
export async function startEndpointRig(
  options: TestAppOptions & {
    /** The name resolver and the fetch for public endpoints, when a test needs its own. */
    endpoints?: Pick<EndpointChannelsOptions, "lookup" | "publicFetch">;
  } = {},
): Promise<EndpointRig> {
  const t = await createTestApp(options);
  const notifier = startNotifier({
    deps: t.deps,
    channel: noEmail,
    provider: "none",
    renderer: await loadTemplates(t.deps),
    publicUrl: testPublicUrl,
    pollMs: 60_000,
    dispatchers: createEndpointChannels({
      deps: t.deps,
      publicUrl: testPublicUrl,
      settingsTtlMs: 0,
      timeoutMs: 2_000,
      random: () => 0.5,
      lookup: (host) => Promise.reject(new Error(`tests resolve no host names (${host})`)),
      ...options.endpoints,
    }),
  });
  const pending = () =>
    t.deps.read((db) =>
      db
        .select({ at: deliveries.nextAttemptAt })
        .from(deliveries)
        .where(eq(deliveries.state, "pending"))
        .orderBy(asc(deliveries.nextAttemptAt)),
    );
  const settle = async (rounds = 40) => {
    for (let i = 0; i < rounds; i++) {
      await notifier.drain();
      const [next] = await pending();
      if (!next) return;
      if (next.at > t.clock.now()) t.clock.set(next.at);
    }
    throw new Error("deliveries still pending");
  };
  const subscribe = async (body: Record<string, unknown>) => {
    const res = await t.json("POST", "/api/subscribers", { token: null, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  return {
    t,
    notifier,
    drain: () => notifier.drain(),
    settle,
    allowPrivateTargets: async (on) => {
      const res = await t.json("PATCH", "/api/admin/settings", { body: { allow_private_targets: on } });
      expect(res.status).toBe(200);
    },
    component: async (name) => (await t.json("POST", "/api/admin/components", { body: { name } })).body.id,
    subscribeWebhook: async (url, components) => {
      const res = await t.json("POST", "/api/admin/subscribers/endpoints", {
        body: { channel: "webhook", url, ...(components && { components }) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const unsubscribeUrl = `${testPublicUrl}/subscribe/unsubscribe?token=${res.body.manage_token}`;
      return { id: res.body.id, secret: res.body.secret, unsubscribeUrl };
    },
    subscribeChat: async (channel, receiverUrl, locale) => {
      const { id } = await subscribe({ channel, url: chatUrls[channel], locale });
      await t.deps.write((tx) =>
        tx.update(subscribers).set({ address: receiverUrl, addedBy: "admin" }).where(eq(subscribers.id, id)),
      );
      return id;
    },
    deliveriesOf: (subscriberId) =>
      t.deps.read((db) =>
        db
          .select()
          .from(deliveries)
          .where(eq(deliveries.subscriberId, subscriberId))
          .orderBy(asc(deliveries.createdAt)),
      ),
    close: async () => {
      await notifier.stop();
      t.close();
    },
  };
}
