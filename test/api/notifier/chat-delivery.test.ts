import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EndpointRig, startEndpointRig } from "../../helpers/endpoint-rig.ts";
import { testPublicUrl } from "../../helpers/harness.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.ts";

let rig: EndpointRig;
let receiver: WebhookReceiver;

beforeEach(async () => {
  rig = await startEndpointRig();
  receiver = await startWebhookReceiver();
  await rig.allowPrivateTargets(true);
});
afterEach(async () => {
  await rig.close();
  await receiver.close();
});

const incident = (api: string) => ({
  name: "Checkout is down",
  name_translations: { fr: "Le paiement est en panne" },
  body: "Payments fail for every card.",
  body_translations: { fr: "Les paiements échouent pour toutes les cartes." },
  components: { [api]: "major_outage" },
});

const bodiesAt = (path: string) =>
  receiver.requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body));

describe("chat deliveries", () => {
  it("posts one message in each service's format, in each subscriber's language", async () => {
    const api = await rig.component("Checkout");
    const slack = await rig.subscribeChat("slack", `${receiver.url}/slack`, "fr");
    const discord = await rig.subscribeChat("discord", `${receiver.url}/discord`, "en");
    const teams = await rig.subscribeChat("teams", `${receiver.url}/teams`, "fr");
    const created = await rig.t.json("POST", "/api/admin/incidents", { body: incident(api) });
    expect(created.status).toBe(201);
    const url = `${testPublicUrl}/incidents/${created.body.id}/`;
    await rig.settle();

    // Component changes go to signed webhooks only: each chat gets the incident, once.
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(["/discord", "/slack", "/teams"]);
    expect(receiver.requests.every((r) => r.headers["content-type"] === "application/json")).toBe(true);

    const [slackMessage] = bodiesAt("/slack");
    expect(slackMessage.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Le paiement est en panne", emoji: true },
    });
    expect(slackMessage.blocks[1].text.text).toBe(
      "*Statut\u00a0:* Enquête en cours   *Impact\u00a0:* Critique\n\nLes paiements échouent pour toutes les cartes.",
    );
    expect(slackMessage.blocks[2].text.text).toBe("*Composants concernés*\n• Checkout\u00a0: Panne majeure");
    expect(slackMessage.blocks[3].elements[0].text).toContain(`<${url}|Voir sur la page de statut>`);

    const [discordMessage] = bodiesAt("/discord");
    expect(discordMessage.allowed_mentions).toEqual({ parse: [] });
    expect(discordMessage.embeds[0]).toMatchObject({
      title: "Checkout is down",
      url,
      description: "Payments fail for every card.",
      fields: [
        { name: "Status", value: "Investigating", inline: true },
        { name: "Impact", value: "Critical", inline: true },
        { name: "Affected components", value: "Checkout: Major outage", inline: false },
      ],
    });

    const [teamsMessage] = bodiesAt("/teams");
    const card = teamsMessage.attachments[0].content;
    expect(teamsMessage.type).toBe("message");
    expect(card.type).toBe("AdaptiveCard");
    expect(card.body[1].text).toBe("Le paiement est en panne");
    expect(card.body[2].facts).toEqual([
      { title: "Statut", value: "Enquête en cours" },
      { title: "Impact", value: "Critique" },
    ]);
    expect(card.body[3].text).toBe("Les paiements échouent pour toutes les cartes.");
    expect(card.actions[0]).toMatchObject({ type: "Action.OpenUrl", url });

    for (const [id, provider] of [
      [slack, "slack"],
      [discord, "discord"],
      [teams, "teams"],
    ] as const) {
      const rows = await rig.deliveriesOf(id);
      expect(rows.map((d) => [d.kind, d.state, d.provider])).toEqual([
        ["incident-created", "sent", provider],
      ]);
    }
  });

  it("retries a chat service that answered 500 on the webhook schedule", async () => {
    await rig.component("Checkout");
    receiver.answerNext({ status: 500, body: "internal_error" });
    const slack = await rig.subscribeChat("slack", `${receiver.url}/slack`, "en");
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    const start = rig.t.clock.now().getTime();
    await rig.drain();

    const [waiting] = await rig.deliveriesOf(slack);
    expect(waiting).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "answered 500: internal_error",
    });
    expect(waiting!.nextAttemptAt.getTime() - start).toBe(5_000);
    await rig.settle();
    expect(receiver.hits("/slack")).toBe(2);
    expect((await rig.deliveriesOf(slack))[0]).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("sends a maintenance with its own colour and label", async () => {
    const api = await rig.component("Checkout");
    const discord = await rig.subscribeChat("discord", `${receiver.url}/discord`, "en");
    const at = (h: number) => new Date(rig.t.clock.now().getTime() + h * 3_600_000).toISOString();
    const res = await rig.t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Database upgrade",
        body: "Planned",
        scheduled_for: at(1),
        scheduled_until: at(2),
        components: [api],
      },
    });
    expect(res.status).toBe(201);
    await rig.settle();

    const [message] = bodiesAt("/discord");
    expect(message.embeds[0]).toMatchObject({
      title: "Database upgrade",
      url: `${testPublicUrl}/maintenances/${res.body.id}/`,
      color: 0x3498db,
      fields: [
        { name: "Status", value: "Scheduled" },
        { name: "Impact", value: "Maintenance" },
        { name: "Affected components", value: "Checkout: Operational" },
      ],
    });
    expect((await rig.deliveriesOf(discord))[0]).toMatchObject({
      kind: "maintenance-scheduled",
      state: "sent",
    });
  });
});
