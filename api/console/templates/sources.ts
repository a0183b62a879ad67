import type { Locale } from "../../domain/types.ts";
import { locales } from "../../domain/types.ts";
import {
  type TemplateKey,
  type TemplatePart,
  type TemplateRenderer,
  templateKeys,
  templateParts,
} from "../../templates/index.ts";
import { consolePolicy } from "../shell/content-policy.ts";
import type { TemplateEditorProps } from "./view.tsx";

export type Sources = Record<TemplatePart, string>;
export type Errors = NonNullable<TemplateEditorProps["errors"]>;

/** The template editor shows the email in its preview frame, and runs the console's script. */
export const editorPolicy = consolePolicy({ emails: true });

export const isKey = (value: string): value is TemplateKey => (templateKeys as string[]).includes(value);
export const isLocale = (value: string): value is Locale => (locales as readonly string[]).includes(value);

/** Browsers send a text area's line breaks as CRLF; templates are stored with LF. */
export const fromForm = (form: (name: string) => string): Sources => ({
  subject: form("subject").replace(/\r\n?/g, "\n"),
  html: form("html").replace(/\r\n?/g, "\n"),
  text: form("text").replace(/\r\n?/g, "\n"),
});

/** Every part the parser refuses, with its message, so each one shows next to its field. */
export function parseErrors(renderer: TemplateRenderer, sources: Sources): Errors {
  const errors: Errors = {};
  for (const part of templateParts) {
    const checked = renderer.validateTemplate(sources[part]);
    if (!checked.ok) errors[part] = `This does not parse: ${checked.message}`;
  }
  return errors;
}
