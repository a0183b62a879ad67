import { randomBytes } from "node:crypto";
import type { RenderedEmail, SubscriberInput } from "./keys.ts";

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => htmlEscapes[c]!);

/**
 * Renders an update once with marker URLs, then only splices each recipient's manage and
 * unsubscribe URLs in: a fan-out to many subscribers costs one template render, not one each.
 * A template that transforms those URLs (a filter on them) leaves no intact marker behind, and is
 * then rendered per recipient instead.
 */
export function renderPerRecipient(
  render: (subscriber: SubscriberInput) => RenderedEmail,
): (subscriber: SubscriberInput) => RenderedEmail {
  const marker = `vigie${randomBytes(12).toString("hex")}`;
  const manage = `${marker}manage`;
  const unsubscribe = `${marker}unsubscribe`;
  const once = render({ manage_url: manage, unsubscribe_url: unsubscribe });
  const parts = [once.subject, once.html, once.text];
  const intact = parts.every(
    (part) => !part.replaceAll(manage, "").replaceAll(unsubscribe, "").toLowerCase().includes(marker),
  );
  if (!intact) return render;
  const [subject, html, text] = parts.map((part) => part.split(new RegExp(`(${manage}|${unsubscribe})`))) as [
    string[],
    string[],
    string[],
  ];
  const fill = (segments: string[], subscriber: SubscriberInput, encode: (v: string) => string) =>
    segments
      .map((segment, i) => {
        if (i % 2 === 0) return segment;
        return encode(segment === manage ? subscriber.manage_url : subscriber.unsubscribe_url);
      })
      .join("");
  const raw = (value: string) => value;
  return (subscriber) => ({
    subject: fill(subject, subscriber, raw),
    html: fill(html, subscriber, escapeHtml),
    text: fill(text, subscriber, raw),
  });
}
