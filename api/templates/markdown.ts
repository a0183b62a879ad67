import MarkdownIt from "markdown-it";
import { markdownToText } from "./markdown-text.ts";

export interface UpdateBody {
  body_html: string;
  body_text: string;
}

/**
 * Renders an update's markdown for email, once per update (not per recipient). Raw HTML in the
 * source is escaped rather than passed through, and markdown-it refuses `javascript:` links.
 */
export function createUpdateBodyRenderer(): (markdown: string) => UpdateBody {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
  return (markdown) => ({ body_html: md.render(markdown), body_text: markdownToText(md, markdown) });
}
