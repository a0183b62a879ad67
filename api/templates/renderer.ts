import type { Liquid, Template } from "liquidjs";
import type { Locale } from "../domain/types.ts";
import { createEngines, defaultRenderLimits, type Engines, type RenderLimits } from "./engine.ts";
import {
  type AnyRenderInput,
  type RenderedEmail,
  type RenderInput,
  type SubscriberInput,
  type TemplateKey,
  type TemplatePart,
  templateParts,
} from "./keys.ts";
import { loadTemplateFiles, slotOf } from "./load.ts";
import { renderPerRecipient } from "./per-recipient.ts";
import { sampleInput } from "./sample-data.ts";
import { buildScope, createDateFormatter } from "./scope.ts";

export interface TemplateOverride {
  key: TemplateKey;
  locale: Locale;
  part: TemplatePart;
  source: string;
}

export interface TemplateRendererOptions {
  /** Folder holding `email/`; templates are read from it by `parseAll()` only. */
  templatesDir: string;
  /** Admin-edited sources, each replacing one (key, locale, part) file. */
  overrides?: TemplateOverride[];
  limits?: Partial<RenderLimits>;
}

export type ValidationResult = { ok: true } | { ok: false; message: string };

/** How a render runs: the built-in parts only (admins' overrides aside), and a time limit of its own. */
export interface RenderOptions {
  builtIn?: boolean;
  /** Milliseconds this render may take (default: the engine's `renderLimit`). */
  renderLimit?: number;
}

/**
 * A saved template must render the sample message within this long. The built-in ones take about a
 * millisecond; a template ten times slower than that is doing work no email needs, and a fan-out
 * may render it once per recipient.
 */
export const sampleRenderBudgetMs = 25;
export type PreviewResult = { ok: true; email: RenderedEmail } | { ok: false; message: string };

/** A template failed while rendering (an exceeded limit, a missing partial): retrying will not help. */
export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
}

interface Compiled {
  engines: Engines;
  layouts: Record<"html" | "text", Template[]>;
  files: Map<string, Template[]>;
  /** The shipped source of each file, for an editor to start from. */
  fileSources: Map<string, string>;
  overrides: Map<string, Template[]>;
}

export function createTemplateRenderer(options: TemplateRendererOptions) {
  const limits = { ...defaultRenderLimits, ...options.limits };
  const formatDate = createDateFormatter();
  let compiled: Compiled | undefined;

  const ready = (): Compiled => {
    if (!compiled) throw new Error("Email templates are not compiled yet: call parseAll() at start");
    return compiled;
  };

  // Escaping is bound at parse time, so each part is parsed by the engine that will render it.
  const engineOf = (part: TemplatePart | "layout.html" | "layout.text") =>
    part.endsWith("html") ? "html" : "text";

  const parse = (engine: Liquid, source: string, file: string): Template[] => {
    try {
      return engine.parse(source, file);
    } catch (error) {
      throw new Error(`Cannot parse email template ${file}: ${(error as Error).message}`);
    }
  };

  /** English when the locale lacks any part of this message, so one email never mixes languages. */
  const messageLocale = (c: Compiled, key: TemplateKey, locale: Locale): Locale =>
    templateParts.every(
      (part) => c.overrides.has(slotOf(key, locale, part)) || c.files.has(slotOf(key, locale, part)),
    )
      ? locale
      : "en";

  const partTemplate = (c: Compiled, key: TemplateKey, locale: Locale, part: TemplatePart) => {
    const slot = slotOf(key, locale, part);
    return (c.overrides.get(slot) ?? c.files.get(slot))!;
  };

  const renderWith = (
    c: Compiled,
    key: TemplateKey,
    requested: Locale,
    input: AnyRenderInput,
    replaced: Partial<Record<TemplatePart, Template[]>> = {},
    { builtIn = false, renderLimit }: RenderOptions = {},
  ): RenderedEmail => {
    const locale = builtIn
      ? c.files.has(slotOf(key, requested, "html"))
        ? requested
        : "en"
      : messageLocale(c, key, requested);
    const scope = buildScope(input, locale, formatDate);
    const run = (
      part: TemplatePart | "layout.html" | "layout.text",
      tpl: Template[],
      vars: object,
    ): string => {
      try {
        return c.engines[engineOf(part)].renderSync(tpl, vars, renderLimit ? { renderLimit } : undefined);
      } catch (error) {
        throw new TemplateRenderError(`Cannot render ${key}/${locale}/${part}: ${(error as Error).message}`);
      }
    };
    const pick = (part: TemplatePart) =>
      replaced[part] ??
      (builtIn ? c.files.get(slotOf(key, locale, part))! : partTemplate(c, key, locale, part));
    const htmlContent = run("html", pick("html"), scope);
    const textContent = run("text", pick("text"), scope);
    return {
      // A subject is one header line: newlines in data must not start another header.
      subject: run("subject", pick("subject"), scope)
        .replace(/[\r\n\t\f\v\u2028\u2029 ]+/g, " ")
        .trim(),
      html: run("layout.html", c.layouts.html, { ...scope, content: htmlContent }),
      text: run("layout.text", c.layouts.text, { ...scope, content: textContent.trim() })
        .replace(/\n{3,}/g, "\n\n")
        .trim(),
    };
  };

  const validateTemplate = (source: string): ValidationResult => {
    try {
      ready().engines.html.parse(source);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  };

  return {
    async parseAll(): Promise<void> {
      const loaded = await loadTemplateFiles(options.templatesDir);
      const engines = createEngines(loaded.partials, limits);
      for (const [name, source] of Object.entries(loaded.partials))
        parse(engines.html, source, `partials/${name}`);
      const files = new Map(
        [...loaded.parts].map(([slot, f]) => [slot, parse(engines[engineOf(f.part)], f.source, f.file)]),
      );
      const overrides = new Map(
        (options.overrides ?? []).map((o) => {
          const slot = slotOf(o.key, o.locale, o.part);
          return [slot, parse(engines[engineOf(o.part)], o.source, `override ${slot}`)];
        }),
      );
      const layouts = {
        html: parse(engines.html, loaded.layouts.html.source, loaded.layouts.html.file),
        text: parse(engines.text, loaded.layouts.text.source, loaded.layouts.text.file),
      };
      const fileSources = new Map([...loaded.parts].map(([slot, f]) => [slot, f.source]));
      compiled = { engines, layouts, files, fileSources, overrides };
    },

    render<K extends TemplateKey>(
      key: K,
      locale: Locale,
      input: RenderInput<K>,
      options: RenderOptions = {},
    ): RenderedEmail {
      return renderWith(ready(), key, locale, input, {}, options);
    },

    /** For a fan-out: renders the update once, then returns a cheap per-recipient renderer. */
    prepare<K extends TemplateKey>(
      key: K,
      locale: Locale,
      input: Omit<RenderInput<K>, "subscriber">,
      options: RenderOptions = {},
    ) {
      const c = ready();
      // TypeScript cannot see that Omit<T, "subscriber"> plus a subscriber is T again for a generic T.
      const withSubscriber = (subscriber: SubscriberInput) =>
        ({ ...input, subscriber }) as unknown as RenderInput<K>;
      return renderPerRecipient((subscriber) =>
        renderWith(c, key, locale, withSubscriber(subscriber), {}, options),
      );
    },

    /**
     * Whether these sources (with the saved ones for the other parts) render the sample message
     * within `sampleRenderBudgetMs`: checked before a template is saved.
     */
    checkSpeed(
      key: TemplateKey,
      locale: Locale,
      sources: Partial<Record<TemplatePart, string>>,
    ): ValidationResult {
      const c = ready();
      const slow = {
        ok: false as const,
        message: `The template takes more than ${sampleRenderBudgetMs} ms to render the sample message; a notification renders it for each recipient, so it must be quick: remove large loops or repeated filters.`,
      };
      try {
        const replaced: Partial<Record<TemplatePart, Template[]>> = {};
        for (const part of templateParts) {
          const source = sources[part];
          if (source !== undefined) replaced[part] = c.engines[engineOf(part)].parse(source);
        }
        // The best of a few tries: a busy machine or a cold start must not refuse a quick template.
        const input = sampleInput(key, locale);
        for (let attempt = 0; attempt < 3; attempt++) {
          const started = performance.now();
          renderWith(c, key, locale, input, replaced, { renderLimit: 4 * sampleRenderBudgetMs });
          if (performance.now() - started <= sampleRenderBudgetMs) return { ok: true };
        }
        return slow;
      } catch (error) {
        if (/limit exceeded/i.test((error as Error).message)) return slow;
        // A source that does not parse, or does not render, is reported by the other checks.
        return { ok: true };
      }
    },

    validateTemplate,

    /** Replaces one (key, locale, part) source at run time; a source that does not parse is refused. */
    setOverride(override: TemplateOverride): ValidationResult {
      const c = ready();
      try {
        const tpl = c.engines[engineOf(override.part)].parse(override.source);
        c.overrides.set(slotOf(override.key, override.locale, override.part), tpl);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },

    /** The shipped source of one part (English's when the locale has no file), overrides aside. */
    builtInSource(key: TemplateKey, locale: Locale, part: TemplatePart): string {
      const sources = ready().fileSources;
      return sources.get(slotOf(key, locale, part)) ?? sources.get(slotOf(key, "en", part)) ?? "";
    },

    removeOverride(key: TemplateKey, locale: Locale, part: TemplatePart): void {
      ready().overrides.delete(slotOf(key, locale, part));
    },

    /** Renders with built-in sample data, optionally with unsaved sources in place of the current ones. */
    preview(
      key: TemplateKey,
      locale: Locale,
      sources: Partial<Record<TemplatePart, string>> = {},
    ): PreviewResult {
      const c = ready();
      try {
        const replaced: Partial<Record<TemplatePart, Template[]>> = {};
        for (const part of templateParts) {
          const source = sources[part];
          if (source !== undefined) replaced[part] = c.engines[engineOf(part)].parse(source);
        }
        return { ok: true, email: renderWith(c, key, locale, sampleInput(key, locale), replaced) };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
  };
}

export type TemplateRenderer = ReturnType<typeof createTemplateRenderer>;
