import { Hono } from "hono";
// The site's own renderer, so that a body is exactly the markup of the built card.
import { renderMarkdown } from "../../../site/src/lib/markdown.ts";
import type { Deps } from "../../domain/context.ts";
import { type CardFacts, loadCardFacts } from "../../domain/read/card-facts.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { errorBody } from "../../web/errors.ts";
import { DocumentCache } from "./document-cache.ts";
import { answerDocument } from "./document-encodings.ts";

/**
 * Text as the built page shows it: the build drops what XML and HTML text cannot hold (C0
 * controls, lone surrogates, U+FFFE/U+FFFF), so a card built live must drop it too.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const pageText = (text: string) => text.toWellFormed().replace(forbidden, "");

/**
 * One incident's entry: the provider line's name, the language to mark its text in (or null), and
 * its shown update's body as the built card has it (by update id): the text in the reader's
 * language else the original (updateBody), cleaned and rendered exactly as the build does.
 */
function cardShape(facts: CardFacts, reader: Locale | null, defaultLocale: Locale) {
  const foreign = reader !== null && reader !== defaultLocale && !facts.translated.includes(reader);
  const latest = facts.latest;
  const text =
    latest && (pageText(latest.translations[reader ?? defaultLocale] ?? "") || pageText(latest.body));
  return {
    provider: facts.provider === null ? null : pageText(facts.provider),
    lang: foreign ? defaultLocale : null,
    html: latest ? { [latest.id]: renderMarkdown(text ?? "") } : {},
  };
}

/**
 * `GET /api/cards.json[?locale=fr]`: what an incident card on the status page says that the
 * Statuspage summary cannot (its shape is the public one and stays so), for the incidents the
 * summary lists. The page's live script asks for it when the summary has changed and lists an
 * incident. Cached per data version with an ETag, compressed once, open to any origin: the page may
 * be published on other hosts.
 */
export function cardsApi(deps: Deps) {
  const cache = new DocumentCache();
  const app = new Hono();
  app.get("/api/cards.json", async (c) => {
    const requested = c.req.query("locale");
    if (requested !== undefined && !(locales as readonly string[]).includes(requested))
      return c.json(
        errorBody(
          "invalid_query",
          `locale must be one of ${locales.join(", ")} (got "${requested.slice(0, 20)}").`,
        ),
        400,
        { "Access-Control-Allow-Origin": "*" },
      );
    const reader = (requested as Locale | undefined) ?? null;
    const doc = await cache.get(`cards:${reader ?? ""}`, await deps.dataVersion(), async () => {
      const facts = await loadCardFacts(deps);
      return {
        incidents: Object.fromEntries(
          [...facts.incidents].map(([id, f]) => [id, cardShape(f, reader, facts.defaultLocale)]),
        ),
      };
    });
    return answerDocument(doc.reps, c.req.header("If-None-Match"), c.req.header("Accept-Encoding"));
  });
  return app;
}
