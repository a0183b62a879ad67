import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Parsed } from "./parse-document.ts";

/** One RSS item or Atom entry, reduced to what status adapters read. */
export interface FeedEntry {
  id?: string;
  title: string;
  link?: string;
  /** RSS description or Atom summary/content, as sent (often escaped HTML). */
  summary: string;
  categories: string[];
  published?: Date;
  /** Atom `updated`, else the publication date. */
  updated?: Date;
}

type Node = unknown;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  // Keep every value a string: a title such as "404" must not turn into a number.
  parseTagValue: false,
  isArray: (name) => name === "item" || name === "entry" || name === "category" || name === "link",
});

/** RSS 2.0, RSS 1.0 (RDF) or Atom; anything else is a failure, not an empty feed. */
export function parseFeed(text: string): Parsed<FeedEntry[]> {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return { ok: false, error: `not an RSS or Atom feed: ${valid.err.msg} (line ${valid.err.line})` };
  let doc: Record<string, Node>;
  try {
    doc = parser.parse(text) as Record<string, Node>;
  } catch (err) {
    return {
      ok: false,
      error: `not an RSS or Atom feed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const rss = field(doc, "rss");
  if (rss !== undefined) {
    const channel = field(rss, "channel");
    if (channel === undefined) return { ok: false, error: "not an RSS or Atom feed: <rss> has no <channel>" };
    return { ok: true, value: list(field(channel, "item")).map(rssEntry) };
  }
  const rdf = field(doc, "RDF");
  if (rdf !== undefined) return { ok: true, value: list(field(rdf, "item")).map(rssEntry) };
  const feed = field(doc, "feed");
  if (feed !== undefined) return { ok: true, value: list(field(feed, "entry")).map(atomEntry) };
  return { ok: false, error: "not an RSS or Atom feed" };
}

function rssEntry(item: Node): FeedEntry {
  const published = date(text(field(item, "pubDate")) || text(field(item, "date")));
  return {
    id: text(field(item, "guid")) || undefined,
    title: text(field(item, "title")),
    link: list(field(item, "link")).map(text).find(Boolean),
    summary: text(field(item, "description")) || text(field(item, "encoded")),
    categories: list(field(item, "category")).map(text).filter(Boolean),
    published,
    updated: published,
  };
}

function atomEntry(entry: Node): FeedEntry {
  const links = list(field(entry, "link"));
  const alternate = links.find((l) => [undefined, "alternate"].includes(attr(l, "rel"))) ?? links[0];
  const published = date(text(field(entry, "published")));
  return {
    id: text(field(entry, "id")) || undefined,
    title: text(field(entry, "title")),
    link: attr(alternate, "href"),
    summary: text(field(entry, "summary")) || text(field(entry, "content")),
    categories: list(field(entry, "category"))
      .map((c) => attr(c, "term") ?? text(c))
      .filter((c): c is string => Boolean(c)),
    published,
    updated: date(text(field(entry, "updated"))) ?? published,
  };
}

function field(node: Node, name: string): Node {
  return node !== null && typeof node === "object" && !Array.isArray(node)
    ? (node as Record<string, Node>)[name]
    : undefined;
}

function list(node: Node): Node[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** Element text whether the parser gave a plain string or an object carrying attributes. */
function text(node: Node): string {
  if (typeof node === "string") return node.trim();
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) return text(node[0]);
  const inner = field(node, "#text");
  return inner === undefined ? "" : text(inner);
}

function attr(node: Node, name: string): string | undefined {
  const value = field(node, `@${name}`);
  return typeof value === "string" ? value : undefined;
}

function date(value: string): Date | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
