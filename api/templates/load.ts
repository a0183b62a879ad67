import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Locale, locales } from "../domain/types.ts";
import { type TemplateKey, type TemplatePart, templateKeys, templateParts } from "./keys.ts";

export interface TemplateFile {
  file: string;
  source: string;
}

export interface PartFile extends TemplateFile {
  part: TemplatePart;
}

export interface TemplateFiles {
  layouts: Record<"html" | "text", TemplateFile>;
  /** Partial name (file name without `.liquid`) → source, for `{% render "name" %}`. */
  partials: Record<string, string>;
  /** Present (key, locale, part) files; a missing locale falls back to English later. */
  parts: Map<string, PartFile>;
}

export const slotOf = (key: TemplateKey, locale: Locale, part: TemplatePart) => `${key}/${locale}/${part}`;

/**
 * Reads `<templatesDir>/email`: `layout.{html,text}.liquid`, `partials/*.liquid` and
 * `<key>/<locale>/{subject,html,text}.liquid`. English is required for every key and part.
 */
export async function loadTemplateFiles(templatesDir: string): Promise<TemplateFiles> {
  const root = join(templatesDir, "email");
  const read = async (file: string): Promise<TemplateFile> => ({
    file,
    source: await readFile(file, "utf8").catch((cause: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read email template ${file}: ${cause.code ?? cause.message}`);
    }),
  });
  const layouts = {
    html: await read(join(root, "layout.html.liquid")),
    text: await read(join(root, "layout.text.liquid")),
  };
  const partials: Record<string, string> = {};
  for (const name of await readdir(join(root, "partials")).catch(() => [])) {
    if (name.endsWith(".liquid")) {
      partials[name.slice(0, -".liquid".length)] = (await read(join(root, "partials", name))).source;
    }
  }
  const parts = new Map<string, PartFile>();
  for (const key of templateKeys) {
    for (const locale of locales) {
      for (const part of templateParts) {
        const file = join(root, key, locale, `${part}.liquid`);
        const loaded = locale === "en" ? await read(file) : await read(file).catch(() => undefined);
        if (loaded) parts.set(slotOf(key, locale, part), { ...loaded, part });
      }
    }
  }
  return { layouts, partials, parts };
}
