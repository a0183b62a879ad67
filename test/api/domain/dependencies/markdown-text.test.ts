import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { escapeMarkdown, safeLinkUrl } from "../../../../api/domain/dependencies/markdown-text.ts";

const md = new MarkdownIt({ html: false, linkify: false });
const inline = (text: string) => md.renderInline(escapeMarkdown(text));

describe("upstream text in markdown", () => {
  it.each([
    ["**bold** _it_ `code` ~~gone~~", "**bold** _it_ `code` ~~gone~~"],
    ["[click](https://evil.test)", "[click](https://evil.test)"],
    ["![img](https://evil.test/x.png)", "![img](https://evil.test/x.png)"],
    ["<b>hi</b> <https://evil.test>", "&lt;b&gt;hi&lt;/b&gt; &lt;https://evil.test&gt;"],
    ["AT&T &amp; co", "AT&amp;T &amp;amp; co"],
  ])("shows %j literally", (title, html) => {
    expect(inline(title)).toBe(html);
  });

  it("keeps a title that would start a block (heading, list, quote) on one plain line", () => {
    for (const title of ["# Outage", "- item", "1. first", "> quote", "line\n\n# two"]) {
      const html = md.render(`- ${escapeMarkdown(title)}`);
      expect(html).not.toMatch(/<h\d|<ol|<blockquote|<ul>\s*<li>\s*<ul/);
      expect(md.render(escapeMarkdown(title))).toMatch(/^<p>/);
    }
  });

  it("keeps http(s) links only, encoded so a destination cannot be cut short", () => {
    expect(safeLinkUrl("https://status.test/incidents/a(b) c")).toBe(
      "https://status.test/incidents/a%28b%29%20c",
    );
    expect(safeLinkUrl("javascript:alert(1)")).toBeNull();
    expect(safeLinkUrl("data:text/html,<script>")).toBeNull();
    expect(safeLinkUrl("not a url")).toBeNull();
    expect(safeLinkUrl(undefined)).toBeNull();
  });
});
