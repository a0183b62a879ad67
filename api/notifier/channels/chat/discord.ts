import { type ChatMessageInput, chatLabels, clip, isGoodNews } from "./chat-message.ts";

/** Embed colours (RGB as an integer), by how bad the incident is. */
export const discordColours = {
  critical: 0xe74c3c,
  major: 0xe67e22,
  minor: 0xf1c40f,
  none: 0x95a5a6,
  maintenance: 0x3498db,
  resolved: 0x2ecc71,
} as const;

/**
 * Discord renders markdown and mentions in embeds: every character with a meaning is backslashed
 * (Discord drops a backslash before any punctuation), so the text reads exactly as written and
 * `<@id>`, `[label](url)` or `# heading` stay text. `@everyone` / `@here` also get a zero-width space,
 * so they stay inert even if copied into a message.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|<>[\]()]/g, "\\$&")
    .replace(/^(\s*)([#>-])/gm, "$1\\$2")
    .replace(/@(everyone|here)/g, "@\u200b$1");
}

/**
 * A Discord webhook message with one embed: title linking to the page, the update as description,
 * status, impact and components as fields, coloured by impact (green once resolved).
 * `allowed_mentions: { parse: [] }` tells Discord to notify nobody, whatever the text holds.
 */
export function discordMessage(input: ChatMessageInput) {
  const l = chatLabels(input);
  const fields = [
    { name: l.status, value: clip(escapeDiscord(l.statusName), 1024), inline: true },
    { name: l.impact, value: clip(escapeDiscord(l.impactName), 1024), inline: true },
  ];
  if (l.componentLines.length > 0) {
    const lines = l.componentLines.map(
      (c) => `${escapeDiscord(c.name)}${l.colon} ${escapeDiscord(c.status)}`,
    );
    fields.push({ name: l.affected_components, value: clip(lines.join("\n"), 1024), inline: false });
  }
  const colour = isGoodNews(input.status) ? discordColours.resolved : discordColours[input.impact];
  const title = clip(escapeDiscord(input.incidentName), 256);
  const footer = clip(input.pageName, 256);
  // Discord refuses an embed over 6000 characters in all: the update gives way to the rest.
  const used = [title, footer, ...fields.flatMap((f) => [f.name, f.value])].join("").length;
  const description = clip(escapeDiscord(input.body.trim()), Math.min(4096, 6000 - used));
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        url: input.url,
        // Discord refuses an empty description; an update without text has none.
        ...(description ? { description } : {}),
        color: colour,
        fields,
        footer: { text: footer },
      },
    ],
  };
}
