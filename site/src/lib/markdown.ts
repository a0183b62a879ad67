import MarkdownIt from "markdown-it";

// Raw HTML off: update bodies come from admins and from upstream providers' text, never trusted.
const md = new MarkdownIt({ html: false, linkify: true });

const renderToken: NonNullable<typeof md.renderer.rules.link_open> = (tokens, idx, options, _env, self) =>
  self.renderToken(tokens, idx, options);

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener");
  return renderToken(tokens, idx, options, env, self);
};

/**
 * The page's one Markdown renderer: the API's cards document renders the live cards' bodies with
 * it too (cards-api.ts), so that a card the live script builds shows what the built card shows.
 * Markdown to safe HTML: raw HTML is escaped, links are nofollow. Headings in a body sit under the
 * page's own h1/h2: the body's top level becomes h3 and the levels below follow it, so that a body
 * starting at "##" does not skip a level.
 */
export function renderMarkdown(source: string): string {
  const tokens = md.parse(source, {});
  const headings = tokens.filter((t) => t.type === "heading_open" || t.type === "heading_close");
  const top = Math.min(...headings.map((t) => Number(t.tag.slice(1))));
  for (const t of headings) t.tag = `h${Math.min(Number(t.tag.slice(1)) - top + 3, 6)}`;
  return md.renderer.render(tokens, md.options, {});
}
