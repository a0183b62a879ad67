import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { systemActor } from "../../../../api/domain/context.ts";
import { recordPollResult } from "../../../../api/domain/dependencies/record-poll-result.ts";
import { linkSecret, signLink } from "../../../../api/domain/subscribers/links.ts";
import { confirmSubscription, unsubscribe } from "../../../../api/domain/subscribers/manage-subscription.ts";
import { subscribeEmail } from "../../../../api/domain/subscribers/subscribe-email.ts";
import { subscribeEndpoint } from "../../../../api/domain/subscribers/subscribe-endpoint.ts";
import { requestSmsCode } from "../../../../api/domain/subscribers/subscribe-sms.ts";
import { createUser } from "../../../../api/domain/users/create-user.ts";
import { subscribers } from "../../../../db/schema/index.ts";
import type { TestApp } from "../../../helpers/harness.ts";

/** Cheap scrypt parameters: the tests are about data, not hashing cost. */
export const testHashParams = { N: 2 ** 10, r: 8, p: 1 };
export const ownerPassword = "correct horse battery staple";

const minutes = (n: number) => n * 60_000;

/**
 * A page with something in every table a backup holds, built the way people build one: through the
 * admin API and the domain verbs (subscribe, confirm, poll a dependency, create a user).
 */
export async function buildRichPage(t: TestApp) {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await t.json(method, path, body === undefined ? {} : { body });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    t.clock.advance(minutes(1));
    return res.body;
  };
  await ok("PATCH", "/api/admin/settings", {
    name: "Acme Cloud",
    time_zone: "Europe/Paris",
    website_url: "https://www.acme.example",
    support_url: "https://help.acme.example/contact",
  });
  const website = (
    await ok("POST", "/api/admin/components", {
      name: "Website",
      description: "Marketing",
      name_translations: { fr: "Site web" },
      description_translations: { fr: "Pages de présentation" },
    })
  ).id;
  const checkout = (await ok("POST", "/api/admin/components", { name: "Checkout" })).id;
  const search = (
    await ok("POST", "/api/admin/components", {
      name: "Search",
      only_show_if_degraded: true,
      start_date: "2026-01-01",
    })
  ).id;
  const platform = (
    await ok("POST", "/api/admin/component-groups", { name: "Platform", components: [checkout, search] })
  ).id;

  const incident = await ok("POST", "/api/admin/incidents", {
    name: "Payments fail",
    name_translations: { fr: "Les paiements échouent" },
    body: "We are investigating failed payments.",
    body_translations: { fr: "Nous enquêtons sur les paiements en échec." },
    components: { [checkout]: "partial_outage" },
  });
  await ok("POST", `/api/admin/incidents/${incident.id}/updates`, {
    status: "identified",
    body: "A certificate expired.",
    body_translations: { fr: "Un certificat a expiré." },
    components: { [checkout]: "degraded_performance" },
  });
  await ok("POST", `/api/admin/incidents/${incident.id}/resolve`, {});
  await ok("PUT", `/api/admin/incidents/${incident.id}/postmortem`, { body: "# What happened\n\nDetails." });
  await ok("POST", "/api/admin/incidents", {
    name: "Search is slow",
    impact: "minor",
    body: "Searches take seconds.",
    components: { [search]: "degraded_performance" },
  });
  await ok("POST", "/api/admin/incidents", {
    name: "Old outage",
    body: "Recorded afterwards.",
    backfilled_at: "2026-10-01T10:00:00Z",
    resolved_at: "2026-10-01T12:00:00Z",
  });
  await ok("POST", "/api/admin/maintenances", {
    name: "Database upgrade",
    name_translations: { fr: "Mise à niveau de la base" },
    body: "We upgrade the primary database.",
    scheduled_for: "2026-12-01T22:00:00Z",
    scheduled_until: "2026-12-01T23:00:00Z",
    components: [website, checkout],
  });

  await subscribeEmail({
    ctx: { deps: t.deps },
    input: {
      channel: "email",
      address: "ada@example.com",
      components: [checkout],
      locale: "fr",
    },
  });
  const [ada] = await t.deps.db.select().from(subscribers).where(eq(subscribers.address, "ada@example.com"));
  const key = await linkSecret(t.deps);
  await confirmSubscription({
    ctx: { deps: t.deps },
    input: { token: signLink(key, "confirm", ada!.id, ada!.tokenVersion) },
  });
  await subscribeEmail({
    ctx: { deps: t.deps },
    input: { channel: "email", address: "pending@example.com" },
  });
  await subscribeEmail({ ctx: { deps: t.deps }, input: { channel: "email", address: "gone@example.com" } });
  const [gone] = await t.deps.db
    .select()
    .from(subscribers)
    .where(eq(subscribers.address, "gone@example.com"));
  await unsubscribe({
    ctx: { deps: t.deps },
    input: { token: signLink(key, "manage", gone!.id, gone!.tokenVersion) },
  });
  await requestSmsCode({
    ctx: { deps: t.deps },
    input: { channel: "sms", phone: "+33612345678", components: [search] },
  });
  const webhook = await subscribeEndpoint({
    ctx: { deps: t.deps },
    input: {
      channel: "webhook",
      url: "https://hooks.example.com/vigie",
      components: [website, checkout],
    },
  });
  await subscribeEndpoint({
    ctx: { deps: t.deps },
    input: { channel: "slack", url: "https://hooks.slack.com/services/T0/B0/XYZ" },
  });

  const stripe = await ok("POST", "/api/admin/dependencies", {
    name: "Stripe",
    source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
    confirmations: 1,
    shown_on_page: true,
    description: "Card payments",
    impacts: [
      { component_id: checkout, on: "partial_outage", set: "degraded_performance", criticality: "critical" },
    ],
  });
  const outage = { id: "k1mlxlmdhqqp", title: "Elevated API errors", state: "major_outage" as const };
  await recordPollResult(t.deps, systemActor("monitor"), stripe.id, {
    kind: "observed",
    observation: { state: "major_outage", upstreamIncidents: [outage] },
    validators: { etag: '"1"' },
  });
  t.clock.advance(minutes(1));
  await ok("POST", "/api/admin/oncall-contacts", { name: "On call", email: "oncall@example.com" });
  await ok("PUT", "/api/admin/templates/incident-created/fr", {
    subject: "[{{ page.name }}] {{ incident.name }} !",
  });
  await createUser({
    ctx: { deps: t.deps, actor: systemActor("test"), hashParams: testHashParams },
    input: { email: "owner@example.com", name: "Olga Owner", role: "owner", password: ownerPassword },
  });
  return { website, checkout, search, platform, incident: incident.id, webhook };
}
