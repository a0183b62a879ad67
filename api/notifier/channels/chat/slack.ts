import { type ChatMessageInput, chatLabels, clip } from "./chat-message.ts";

/**
 * Slack gives `&`, `<` and `>` meaning in mrkdwn (`<!everyone>`, `<@U123>`, `<url|label>`): encoded,
 * nothing a page's text says can mention people or hide a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Clips escaped text without leaving half an entity (`&am…`) at the end. */
function clipEscaped(text: string, max: number): string {
  const clipped = clip(text, max);
  return clipped === text ? text : clipped.replace(/&[a-z]*\u2026$/, "…");
}

/** A URL inside `<url|label>`: `|` and `>` would end it early. */
const linkTarget = (url: string) => escapeMrkdwn(url).replaceAll("|", "%7C");

/**
 * A Block Kit message for a Slack incoming webhook: a header with the incident name, a section with
 * the status and the update, one with the affected components, and a context line linking to the
 * page. `text` is what notifications and old clients show.
 */
export function slackMessage(input: ChatMessageInput) {
  const l = chatLabels(input);
  const label = (name: string) => `*${escapeMrkdwn(name)}${l.colon}*`;
  const summary = [
    `${label(l.status)} ${escapeMrkdwn(l.statusName)}`,
    `${label(l.impact)} ${escapeMrkdwn(l.impactName)}`,
  ].join("   ");
  const body = input.body.trim() ? `\n\n${escapeMrkdwn(input.body.trim())}` : "";
  const blocks: unknown[] = [
    // plain_text is never parsed: the name shows exactly as written.
    { type: "header", text: { type: "plain_text", text: clip(input.incidentName, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: clipEscaped(`${summary}${body}`, 3000) } },
  ];
  if (l.componentLines.length > 0) {
    const lines = l.componentLines.map(
      (c) => `• ${escapeMrkdwn(c.name)}${l.colon} ${escapeMrkdwn(c.status)}`,
    );
    const text = `*${escapeMrkdwn(l.affected_components)}*\n${lines.join("\n")}`;
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clipEscaped(text, 3000) } });
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `${escapeMrkdwn(input.pageName)} · <${linkTarget(input.url)}|${escapeMrkdwn(l.view_incident)}>`,
      },
    ],
  });
  const fallback = `${input.pageName}: ${input.incidentName} (${l.statusName})`;
  return { text: clipEscaped(escapeMrkdwn(fallback), 3000), blocks };
}
