import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import type { OutgoingEmail } from "./channels/email-channel.ts";

/** The first message of an incident's or a maintenance's thread: the one the others answer. */
const threadStarters = new Set(["incident-created", "maintenance-scheduled"]);

const hostOf = (base: string) => {
  try {
    return new URL(base).hostname || "localhost";
  } catch {
    return "localhost";
  }
};

/**
 * A display name safe in a header and in Resend's `Name <address>` form: one line, without the
 * characters that would end the name or start another address.
 */
const phrase = (text: string) =>
  text
    .replace(/[\p{Cc}"\\<>,;:@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/**
 * The page's name in List-Id, as plain ASCII words: a quoted or encoded phrase would make mail
 * libraries encode the whole header, and the list's id with it.
 */
const listPhrase = (name: string) => {
  const words = name
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9 '_-]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return words ? `${words} ` : "";
};

export interface HeaderInput {
  delivery: Pick<DeliveryRow, "id" | "kind" | "incidentId" | "subscriberId">;
  pageId: string;
  pageName: string;
  base: string;
  unsubscribeUrl: string;
}

/**
 * Threading and list headers of one email. Every message of one incident (or maintenance) to one
 * subscriber answers the first one: its Message-ID is derived from the incident and the subscriber,
 * so the later ones can name it in `In-Reply-To` and `References` without storing anything. Other
 * messages get a Message-ID derived from their delivery: the same on every attempt.
 */
export function emailHeaders({ delivery, pageId, pageName, base, unsubscribeUrl }: HeaderInput) {
  const host = hostOf(base);
  const root = delivery.incidentId ? `<${delivery.incidentId}.${delivery.subscriberId}@${host}>` : null;
  const starts = root !== null && threadStarters.has(delivery.kind);
  const messageId = starts ? root : `<${delivery.id}@${host}>`;
  const headers: Record<string, string> = {
    "List-Id": `${listPhrase(pageName)}<${pageId.replace(/[^\w-]/g, "")}.${host}>`,
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
  if (root && !starts) {
    headers["In-Reply-To"] = root;
    headers.References = root;
  }
  return { messageId, headers };
}

export interface SenderSettings {
  name: string;
  emailFromName: string | null;
  emailFromAddress: string | null;
  emailReplyTo: string | null;
}

/**
 * Who subscriber emails are from: the name set in the settings, else the page's name (subscribers
 * see whose status page writes to them); the address and reply-to when set (else EMAIL_FROM's).
 */
export function senderSettings(settings: SenderSettings): NonNullable<OutgoingEmail["sender"]> {
  const name = phrase(settings.emailFromName ?? settings.name);
  return {
    ...(name && { name }),
    ...(settings.emailFromAddress && { address: settings.emailFromAddress }),
    ...(settings.emailReplyTo && { replyTo: settings.emailReplyTo }),
  };
}
