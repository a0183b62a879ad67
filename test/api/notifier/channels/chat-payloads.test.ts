import { describe, expect, it } from "vitest";
import type { ChatMessageInput } from "../../../../api/notifier/channels/chat/chat-message.ts";
import {
  discordColours,
  discordMessage,
  escapeDiscord,
} from "../../../../api/notifier/channels/chat/discord.ts";
import { escapeMrkdwn, slackMessage } from "../../../../api/notifier/channels/chat/slack.ts";
import { teamsMessage } from "../../../../api/notifier/channels/chat/teams.ts";

const input: ChatMessageInput = {
  pageName: "Acme & Co",
  incidentName: "Checkout errors",
  status: "identified",
  impact: "major",
  body: "Payments fail for some cards.\nA fix is being deployed.",
  components: [
    { name: "Checkout", status: "partial_outage" },
    { name: "API", status: "degraded_performance" },
  ],
  url: "https://status.acme.test/incidents/inc_1",
  locale: "en",
};

/** Everything a hostile or careless text could try: HTML, mentions, links, markdown. */
const hostile: ChatMessageInput = {
  ...input,
  pageName: "<b>Acme</b> & Co",
  incidentName: "<script>alert(1)</script> @everyone",
  body: "@everyone @here <!channel> <@U123> <https://evil.test|click> [click](https://evil.test) **bold** # Big\n- item",
  components: [{ name: "<img src=x> Checkout", status: "major_outage" }],
};

// biome-ignore lint/suspicious/noExplicitAny: payloads are checked field by field
type Json = any;

describe("Slack (Block Kit)", () => {
  it("has a header, a status section, a components section and a context link", () => {
    const message: Json = slackMessage(input);
    expect(message).toEqual({
      text: "Acme &amp; Co: Checkout errors (Identified)",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Checkout errors", emoji: true } },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*Status:* Identified   *Impact:* Major\n\nPayments fail for some cards.\nA fix is being deployed.",
          },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*Affected components*\n• Checkout: Partial outage\n• API: Degraded performance",
          },
        },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: "Acme &amp; Co · <https://status.acme.test/incidents/inc_1|View on the status page>",
            },
          ],
        },
      ],
    });
  });

  it("encodes & < > so no text can mention a channel, a user, or hide a link", () => {
    const message: Json = slackMessage(hostile);
    const mrkdwn = JSON.stringify(message.blocks.slice(1));
    expect(message.blocks[1].text.text).toContain(
      "@everyone @here &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.test|click&gt;",
    );
    expect(mrkdwn).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil|<img|<b>/);
    expect(message.blocks[2].text.text).toContain("&lt;img src=x&gt; Checkout: Major outage");
    // The header is plain_text: Slack shows it as written and parses nothing in it.
    expect(message.blocks[0].text).toEqual({
      type: "plain_text",
      text: "<script>alert(1)</script> @everyone",
      emoji: true,
    });
    expect(escapeMrkdwn("a & b <c>")).toBe("a &amp; b &lt;c&gt;");
  });

  it("keeps within Slack's limits without cutting an entity in half", () => {
    const long: Json = slackMessage({ ...input, incidentName: "x".repeat(500), body: "&".repeat(5000) });
    expect(long.blocks[0].text.text).toHaveLength(150);
    const section: string = long.blocks[1].text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toMatch(/(&amp;)+…$/);
  });

  it("speaks the subscriber's language", () => {
    const message: Json = slackMessage({ ...input, locale: "fr" });
    expect(message.blocks[1].text.text).toMatch(
      /^\*Statut\u00a0:\* Cause identifiée {3}\*Impact\u00a0:\* Majeur/,
    );
    expect(message.blocks[2].text.text).toContain("Checkout\u00a0: Panne partielle");
  });
});

describe("Discord (embeds)", () => {
  it("sends one embed with title, link, description, fields and the impact's colour", () => {
    const message: Json = discordMessage(input);
    expect(message).toEqual({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: "Checkout errors",
          url: "https://status.acme.test/incidents/inc_1",
          description: "Payments fail for some cards.\nA fix is being deployed.",
          color: discordColours.major,
          fields: [
            { name: "Status", value: "Identified", inline: true },
            { name: "Impact", value: "Major", inline: true },
            {
              name: "Affected components",
              value: "Checkout: Partial outage\nAPI: Degraded performance",
              inline: false,
            },
          ],
          footer: { text: "Acme & Co" },
        },
      ],
    });
  });

  it("notifies nobody and renders no markdown, mention or link from the text", () => {
    const message: Json = discordMessage(hostile);
    const embed = message.embeds[0];
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(embed.title).toBe("\\<script\\>alert\\(1\\)\\</script\\> @\u200beveryone");
    expect(embed.description).toBe(
      "@\u200beveryone @\u200bhere \\<!channel\\> \\<@U123\\> \\<https://evil.test\\|click\\> " +
        "\\[click\\]\\(https://evil.test\\) \\*\\*bold\\*\\* # Big\n\\- item",
    );
    expect(JSON.stringify(message)).not.toMatch(/(^|[^\\])<(@|!|https|script|img)/);
    expect(escapeDiscord("# Title\n> quote")).toBe("\\# Title\n\\> quote");
  });

  it("turns green once resolved, blue for maintenance", () => {
    const resolved: Json = discordMessage({ ...input, status: "resolved" });
    const maintenance: Json = discordMessage({ ...input, status: "in_progress", impact: "maintenance" });
    expect(resolved.embeds[0].color).toBe(discordColours.resolved);
    expect(maintenance.embeds[0].color).toBe(discordColours.maintenance);
    expect(maintenance.embeds[0].fields[1]).toEqual({ name: "Impact", value: "Maintenance", inline: true });
  });

  it("stays under Discord's 6000 characters per embed and leaves out an empty description", () => {
    const long: Json = discordMessage({
      ...input,
      incidentName: "n".repeat(1000),
      body: "b".repeat(10_000),
      components: Array.from({ length: 200 }, (_, i) => ({ name: `Component ${i}`, status: "major_outage" })),
    });
    const embed = long.embeds[0];
    expect(embed.title).toHaveLength(256);
    expect(embed.fields[2].value.length).toBeLessThanOrEqual(1024);
    const total = [
      embed.title,
      embed.description,
      embed.footer.text,
      ...embed.fields.flatMap((f: Json) => [f.name, f.value]),
    ].join("").length;
    expect(total).toBeLessThanOrEqual(6000);
    expect(discordMessage({ ...input, body: "  " }).embeds[0]).not.toHaveProperty("description");
  });
});

describe("Microsoft Teams (Adaptive Card)", () => {
  it("wraps an Adaptive Card in the message/attachments envelope of incoming webhooks and workflows", () => {
    const message: Json = teamsMessage(input);
    expect(message.type).toBe("message");
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.contentUrl).toBeNull();
    expect(attachment.content).toEqual({
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.4",
      msteams: { width: "Full" },
      body: [
        { type: "TextBlock", text: "Acme & Co", size: "Small", isSubtle: true, wrap: true },
        {
          type: "TextBlock",
          text: "Checkout errors",
          size: "Large",
          weight: "Bolder",
          wrap: true,
          color: "Attention",
        },
        {
          type: "FactSet",
          facts: [
            { title: "Status", value: "Identified" },
            { title: "Impact", value: "Major" },
          ],
        },
        // A single line break is dropped by card markdown: doubled, the update keeps its lines.
        { type: "TextBlock", text: "Payments fail for some cards.\n\nA fix is being deployed.", wrap: true },
        { type: "TextBlock", text: "Affected components", weight: "Bolder", wrap: true, spacing: "Medium" },
        {
          type: "FactSet",
          facts: [
            { title: "Checkout", value: "Partial outage" },
            { title: "API", value: "Degraded performance" },
          ],
        },
      ],
      actions: [
        {
          type: "Action.OpenUrl",
          title: "View on the status page",
          url: "https://status.acme.test/incidents/inc_1",
        },
      ],
    });
  });

  it("carries hostile text only as card text: no HTML element, no mention entity", () => {
    const message: Json = teamsMessage(hostile);
    const card = message.attachments[0].content;
    // Adaptive Cards render no HTML; mentions need an msteams.entities list, which is never sent.
    expect(card.body[1].text).toBe("<script>alert(1)</script> @everyone");
    expect(card.msteams).toEqual({ width: "Full" });
    expect(JSON.stringify(card)).not.toContain("entities");
    expect(card.body.every((block: Json) => ["TextBlock", "FactSet"].includes(block.type))).toBe(true);
  });

  it("colours the title green once resolved", () => {
    const card: Json = teamsMessage({ ...input, status: "resolved" }).attachments[0]!.content;
    expect(card.body[1].color).toBe("Good");
  });
});
