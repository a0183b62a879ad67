import type MarkdownIt from "markdown-it";

type Md = InstanceType<typeof MarkdownIt>;

type Token = ReturnType<Md["parse"]>[number];

/** Inline tokens as plain words: emphasis marks dropped, a link's address after its text. */
function inlineText(children: Token[]): string {
  let out = "";
  let href: string | null = null;
  let linkStart = 0;
  for (const t of children) {
    if (t.type === "text" || t.type === "code_inline") out += t.content;
    else if (t.type === "softbreak" || t.type === "hardbreak") out += "\n";
    else if (t.type === "link_open") {
      href = String(t.attrGet("href") ?? "") || null;
      linkStart = out.length;
    } else if (t.type === "link_close" && href) {
      if (out.slice(linkStart) !== href && !href.startsWith("mailto:")) out += ` (${href})`;
      href = null;
    } else if (t.type === "image") out += t.content;
  }
  return out;
}

/**
 * The plain-text part of an email: what the markdown says, without its syntax (no `**`, no `[..](..)`),
 * list items as "- " lines, blocks separated by a blank line.
 */
export function markdownToText(md: Md, markdown: string): string {
  const blocks: { text: string; list: number }[] = [];
  const lists: { ordered: boolean; n: number; id: number }[] = [];
  let listCount = 0;
  let quote = 0;
  let prefix = "";
  for (const t of md.parse(markdown, {})) {
    if (t.type === "bullet_list_open" || t.type === "ordered_list_open")
      lists.push({
        ordered: t.type === "ordered_list_open",
        n: Number(t.attrGet("start") ?? 1),
        id: lists[0]?.id ?? ++listCount,
      });
    else if (t.type === "bullet_list_close" || t.type === "ordered_list_close") lists.pop();
    else if (t.type === "blockquote_open") quote++;
    else if (t.type === "blockquote_close") quote--;
    else if (t.type === "list_item_open") {
      const list = lists.at(-1);
      prefix = `${"  ".repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${list.n++}.` : "-"} `;
    } else if (t.type === "inline" || t.type === "fence" || t.type === "code_block") {
      const text = t.type === "inline" ? inlineText(t.children ?? []) : t.content.replace(/\n$/, "");
      const quoted = quote ? text.replace(/^/gm, "> ") : text;
      blocks.push({ text: prefix + quoted, list: prefix ? (lists[0]?.id ?? 0) : 0 });
      prefix = "";
    } else if (t.type === "hr") blocks.push({ text: "----", list: 0 });
  }
  // Items of a list stay on consecutive lines; other blocks are separated by a blank line.
  return blocks
    .map((b, i) => (i === 0 ? "" : b.list && b.list === blocks[i - 1]!.list ? "\n" : "\n\n") + b.text)
    .join("")
    .trim();
}
