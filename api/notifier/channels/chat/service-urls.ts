import type { ChatService } from "./chat-message.ts";

interface UrlRule {
  name: string;
  hosts: (host: string) => boolean;
  path: RegExp;
  example: string;
}

const rules: Record<ChatService, UrlRule> = {
  slack: {
    name: "Slack",
    hosts: (host) => host === "hooks.slack.com" || host === "hooks.slack-gov.com",
    path: /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/?$/,
    example: "https://hooks.slack.com/services/T000/B000/XXXX",
  },
  discord: {
    name: "Discord",
    hosts: (host) =>
      ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"].includes(host),
    path: /^\/api(\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?$/,
    example: "https://discord.com/api/webhooks/123/abc",
  },
  teams: {
    name: "Microsoft Teams",
    // Legacy Office 365 connectors, then Power Automate Workflows (old and new hosts).
    hosts: (host) =>
      host.endsWith(".webhook.office.com") ||
      host.endsWith(".logic.azure.com") ||
      host.endsWith(".api.powerplatform.com"),
    path: /^\/(webhookb2\/|workflows\/|powerautomate\/)/,
    example: "https://prod-00.westeurope.logic.azure.com/workflows/…",
  },
};

/**
 * Why a URL is not an incoming webhook of the service (a message saying what to paste instead), or
 * null when it looks like one. Only the shape is checked; the SSRF guard still checks where it leads.
 */
export function chatUrlProblem(service: ChatService, url: string): string | null {
  const rule = rules[service];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `This is not a URL; paste the incoming-webhook URL, like ${rule.example}`;
  }
  if (parsed.protocol !== "https:") return `The URL must start with https://, like ${rule.example}`;
  if (parsed.username || parsed.password || parsed.port)
    return `The URL must not carry a user, password or port, like ${rule.example}`;
  if (!rule.hosts(parsed.hostname.toLowerCase()) || !rule.path.test(parsed.pathname))
    return `This is not a ${rule.name} incoming-webhook URL; it should look like ${rule.example}`;
  return null;
}
