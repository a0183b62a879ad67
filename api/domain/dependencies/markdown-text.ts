/**
 * Upstream titles and our own names are data, not markup: they are placed in markdown bodies, so
 * every character that could start formatting or a link is backslash-escaped. Angle brackets become
 * entities: markdown shows them as text, and so does a client that puts the raw body into HTML (or
 * a chat that reads `<…>` as a link), so a `<script>` from upstream never becomes a tag anywhere.
 */
const inline = /[\\`*_[\]~]/g;
const entity = /&(?=#?[a-z0-9]+;)/gi;
const blockStart = /^([-+=#|]|\d+[.)])/;

export function escapeMarkdown(value: unknown): string {
  const text = String(value ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(inline, "\\$&")
    .replace(entity, "\\&")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
  return text.replace(blockStart, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/** An http(s) link a markdown destination can hold as is, or null for anything else. */
export function safeLinkUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href.replace(
    /[()<>\s"'\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
