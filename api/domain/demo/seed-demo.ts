import { count } from "drizzle-orm";
import { components, incidents } from "../../../db/schema/index.ts";
import { fixedClock } from "../clock.ts";
import { createComponent } from "../components/create-component.ts";
import { createGroup } from "../components/create-group.ts";
import { type Deps, systemActor } from "../context.ts";
import { createIncident } from "../incidents/create-incident.ts";
import { postUpdate } from "../incidents/post-update.ts";
import { scheduleMaintenance } from "../maintenances/schedule-maintenance.ts";
import { updateSettings } from "../settings/update-settings.ts";

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** True when the database has neither components nor incidents. */
export async function isEmpty(deps: Deps): Promise<boolean> {
  const [c] = await deps.read((db) => db.select({ n: count() }).from(components));
  const [i] = await deps.read((db) => db.select({ n: count() }).from(incidents));
  return (c?.n ?? 0) === 0 && (i?.n ?? 0) === 0;
}

/**
 * Fills an empty database with the "Acme Cloud" demo page: grouped components with 90 days of
 * history, a resolved incident, an open incident and an upcoming maintenance. It goes through the
 * domain verbs, on a clock moved into the past, so the data is what real use would have produced.
 */
export async function seedDemo(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const clock = fixedClock(new Date(now.getTime() - 90 * day));
  const at = { ...deps, clock };
  const actor = systemActor("demo");
  const startDate = clock.now().toISOString().slice(0, 10);

  await updateSettings({
    ctx: { deps: at, actor },
    input: { name: "Acme Cloud", time_zone: "Europe/Paris", locales: ["en", "fr"] },
  });
  const component = (name: string, description: string, groupId: string | null, extra = {}) =>
    createComponent({
      ctx: { deps: at, actor },
      input: { name, description, group_id: groupId, start_date: startDate, ...extra },
    });

  const platform = await createGroup({
    ctx: { deps: at, actor },
    input: {
      name: "Platform",
      description: "The Acme web app and API",
    },
  });
  await component("Website", "acme.example and the marketing pages", platform.id);
  const api = await component("API", "REST and GraphQL endpoints", platform.id);
  const dashboard = await component("Dashboard", "The customer console", platform.id);
  const payments = await createGroup({
    ctx: { deps: at, actor },
    input: { name: "Payments", description: "Checkout and invoicing" },
  });
  const checkout = await component("Checkout", "Card and SEPA payments", payments.id);
  const billing = await component("Billing", "Invoices and subscriptions", payments.id);
  const notifications = await createGroup({ ctx: { deps: at, actor }, input: { name: "Notifications" } });
  const email = await component("Email delivery", "Transactional email", notifications.id);
  const webhooks = await component("Webhooks", "Outgoing webhooks to your systems", notifications.id);
  await component("Documentation", "docs.acme.example", null, { showcase: false });
  await component("Legacy FTP import", "Nightly CSV imports over FTP", null, { only_show_if_degraded: true });

  const pastIncident = async (
    startDaysAgo: number,
    minutes: number,
    name: string,
    componentId: string,
    status: "degraded_performance" | "major_outage",
    body: string,
  ) => {
    clock.set(new Date(now.getTime() - startDaysAgo * day));
    const created = await createIncident({
      ctx: { deps: at, actor },
      input: {
        name,
        body,
        components: { [componentId]: status },
        deliver_notifications: false,
      },
    });
    clock.advance(minutes * minute);
    await postUpdate({
      ctx: { deps: at, actor },
      input: {
        status: "resolved",
        body: "This incident has been resolved.",
        deliver_notifications: false,
        kind: "incident",
        id: created.incident.id,
      },
    });
  };
  await pastIncident(
    62,
    180,
    "Slow API responses",
    api.id,
    "degraded_performance",
    "API responses are slower than usual.",
  );
  await pastIncident(
    41,
    50,
    "Emails not sent",
    email.id,
    "major_outage",
    "Transactional emails are not being sent.",
  );

  clock.set(new Date(now.getTime() - 3 * day - 2 * hour));
  const past = await createIncident({
    ctx: { deps: at, actor },
    input: {
      name: "Delayed webhook deliveries",
      status: "investigating",
      body: "Webhook deliveries are delayed by up to 15 minutes. We are investigating.",
      components: { [webhooks.id]: "degraded_performance" },
      deliver_notifications: false,
      name_translations: { fr: "Livraison des webhooks retardée" },
      body_translations: { fr: "Les webhooks arrivent avec jusqu'à 15 minutes de retard. Nous enquêtons." },
    },
  });
  clock.advance(25 * minute);
  await postUpdate({
    ctx: { deps: at, actor },
    input: {
      status: "identified",
      body: "A queue consumer was stuck after a deploy. We are restarting it.",
      body_translations: {
        fr: "Un consommateur de file était bloqué après un déploiement. Nous le redémarrons.",
      },
      deliver_notifications: false,
      kind: "incident",
      id: past.incident.id,
    },
  });
  clock.advance(20 * minute);
  await postUpdate({
    ctx: { deps: at, actor },
    input: {
      status: "monitoring",
      body: "The backlog is draining; deliveries are back to normal speed.",
      body_translations: { fr: "Le retard se résorbe ; les livraisons ont retrouvé leur rythme normal." },
      deliver_notifications: false,
      kind: "incident",
      id: past.incident.id,
    },
  });
  clock.advance(30 * minute);
  await postUpdate({
    ctx: { deps: at, actor },
    input: {
      status: "resolved",
      body: "All queued webhooks were delivered. This incident is resolved.",
      body_translations: { fr: "Tous les webhooks en attente ont été livrés. L'incident est résolu." },
      deliver_notifications: false,
      kind: "incident",
      id: past.incident.id,
    },
  });

  clock.set(new Date(now.getTime() - 25 * minute));
  const open = await createIncident({
    ctx: { deps: at, actor },
    input: {
      name: "Elevated error rates on checkout",
      status: "investigating",
      body: "Some card payments fail with a timeout. We are investigating.",
      components: { [checkout.id]: "partial_outage", [api.id]: "degraded_performance" },
      deliver_notifications: false,
      name_translations: { fr: "Taux d'erreur élevé sur le paiement" },
      body_translations: { fr: "Certains paiements par carte échouent. Nous enquêtons." },
    },
  });
  clock.advance(15 * minute);
  await postUpdate({
    ctx: { deps: at, actor },
    input: {
      status: "identified",
      body: "Our payment provider reports an outage in one region; we are routing payments to another region.",
      components: { [api.id]: "operational" },
      body_translations: {
        fr: "Notre prestataire de paiement signale une panne dans une région ; nous redirigeons les paiements.",
      },
      deliver_notifications: false,
      kind: "incident",
      id: open.incident.id,
    },
  });

  clock.set(now);
  const start = new Date(now.getTime() + 3 * day);
  start.setUTCHours(1, 0, 0, 0);
  await scheduleMaintenance({
    ctx: { deps: at, actor },
    input: {
      name: "Database upgrade",
      body: "We will upgrade our primary database. The dashboard and billing may be read-only for up to two hours.",
      scheduled_for: start.toISOString(),
      scheduled_until: new Date(start.getTime() + 2 * hour).toISOString(),
      components: [dashboard.id, billing.id],
      deliver_notifications: false,
      name_translations: { fr: "Mise à jour de la base de données" },
      body_translations: {
        fr: "Nous mettons à jour notre base de données principale. Le tableau de bord et la facturation peuvent être en lecture seule jusqu'à deux heures.",
      },
    },
  });
}
