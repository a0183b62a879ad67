import { type ChatMessageInput, chatLabels, clip, isGoodNews } from "./chat-message.ts";

/** Adaptive Card text colours (names, not RGB: the Teams theme picks the shade). */
const colours = {
  critical: "Attention",
  major: "Attention",
  minor: "Warning",
  none: "Default",
  maintenance: "Accent",
  resolved: "Good",
} as const;

/**
 * Adaptive Card text is a small markdown dialect with no HTML (a `<script>` shows as text) and no
 * mentions without an explicit `msteams.entities` list, so nothing is escaped; but a single line
 * break is ignored there, so each one is doubled to keep the update's lines.
 */
function cardText(text: string, max: number): string {
  return clip(text.trim().replace(/\r?\n/g, "\n\n"), max);
}

/**
 * A message for a Teams incoming webhook or a Workflows "post to a channel when a webhook request is
 * received" flow: both take an Adaptive Card inside the Bot Framework `attachments` envelope.
 */
export function teamsMessage(input: ChatMessageInput) {
  const l = chatLabels(input);
  const body: unknown[] = [
    { type: "TextBlock", text: cardText(input.pageName, 200), size: "Small", isSubtle: true, wrap: true },
    {
      type: "TextBlock",
      text: cardText(input.incidentName, 500),
      size: "Large",
      weight: "Bolder",
      wrap: true,
      color: isGoodNews(input.status) ? colours.resolved : colours[input.impact],
    },
    {
      type: "FactSet",
      facts: [
        { title: l.status, value: l.statusName },
        { title: l.impact, value: l.impactName },
      ],
    },
  ];
  if (input.body.trim()) body.push({ type: "TextBlock", text: cardText(input.body, 10_000), wrap: true });
  if (l.componentLines.length > 0) {
    body.push(
      { type: "TextBlock", text: l.affected_components, weight: "Bolder", wrap: true, spacing: "Medium" },
      {
        type: "FactSet",
        facts: l.componentLines.map((c) => ({ title: clip(c.name, 200), value: c.status })),
      },
    );
  }
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body,
          actions: [{ type: "Action.OpenUrl", title: l.view_incident, url: input.url }],
        },
      },
    ],
  };
}
