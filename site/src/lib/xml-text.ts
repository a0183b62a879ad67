/**
 * Characters XML 1.0 allows (§2.2), which HTML also expects in text: C0 controls other than tab and
 * line breaks, lone surrogates and U+FFFE/U+FFFF make a feed unreadable and a page invalid. The API
 * refuses them, but text stored before that rule, or imported, may still hold them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export const xmlText = (text: string): string => text.toWellFormed().replace(forbidden, "");

/** A copy of a document with every string made XML-safe (keys too: they can be locale or ids). */
export function xmlSafe<T>(value: T): T {
  if (typeof value === "string") return xmlText(value) as T;
  if (Array.isArray(value)) return value.map(xmlSafe) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [xmlText(k), xmlSafe(v)])) as T;
  }
  return value;
}
