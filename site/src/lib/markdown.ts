import MarkdownIt from "markdown-it";

// Raw HTML off: update bodies come from admins and from upstream providers' text, never trusted.
const md = new MarkdownIt({ html: false, linkify: true });

const renderToken: NonNullable<typeof md.renderer.rules.link_open> = (tokens, idx, options, _env, self) =>
  self.renderToken(tokens, idx, options);

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener");
  return renderToken(tokens, idx, options, env, self);
};

// Headings in a body sit under the page's own h1/h2.
for (const rule of ["heading_open", "heading_close"] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) token.tag = `h${Math.min(Number(token.tag.slice(1)) + 2, 6)}`;
    return renderToken(tokens, idx, options, env, self);
  };
}

/** Markdown to safe HTML: raw HTML is escaped, links are nofollow. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
