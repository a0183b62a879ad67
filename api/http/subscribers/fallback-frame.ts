import type { Locale } from "../../domain/types.ts";

const css = `:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--link:#0550ae;--mo:#cf222e;--op:#1a7f37}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--link:#79c0ff;--mo:#f85149;--op:#3fb950}}
body{margin:0 auto;max-width:52rem;padding:0 1rem;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif;border-top:4px solid var(--accent)}
a{color:var(--link)}:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.top,.bottom{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:1rem 0}.bottom{border-top:1px solid var(--line);margin-top:3rem}
.brand{color:inherit;font-weight:700;font-size:1.25rem;text-decoration:none}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:0 0 1rem;padding:.5rem 1rem;min-width:0}
input:not([type=checkbox],[type=radio],[type=hidden]),select,button,.button{box-sizing:border-box;min-height:44px;max-width:100%;padding:.5rem .75rem;border:1px solid var(--muted);border-radius:.375rem;background:var(--bg);color:var(--fg);font:inherit}
input:not([type=checkbox],[type=radio],[type=hidden]),select{width:100%}
button,.button{display:inline-flex;align-items:center;background:var(--fg);border-color:var(--fg);color:var(--bg);font-weight:600;text-decoration:none;cursor:pointer}
button.secondary{background:var(--bg);color:var(--fg)}
label.choice{display:flex;align-items:center;gap:.5rem;min-height:44px}label.choice input{width:1.25rem;height:1.25rem;margin:0;accent-color:var(--accent)}
.field{margin:0 0 1rem}.field label{display:block;font-weight:600;margin-bottom:.25rem}.hint{display:block;color:var(--muted);font-size:.875rem;margin-top:.25rem}
.problem,.notice{border-left:4px solid var(--mo);background:var(--card);padding:.5rem 1rem;margin:0 0 1rem}.notice{border-left-color:var(--op)}.problem ul{margin:0;padding-left:1.25rem}`;

const backText: Record<Locale, string> = { en: "Current status", fr: "État actuel" };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The frame used when no build of the status page is at hand: the page's name, accent and theme
 * colours, so a subscriber page still looks like the page it belongs to.
 */
export function fallbackFrame(locale: Locale, page: { name: string; url: string; accent: string }): string {
  // Goes into a style attribute: anything but a hex colour could load a URL.
  const accent = /^#[0-9a-f]{3,8}$/i.test(page.accent) ? page.accent : "#2563eb";
  const name = escapeHtml(page.name);
  const home = escapeHtml(`${page.url}/`);
  return `<!doctype html>
<html lang="${locale}" style="--accent:${accent}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><title>VIGIE-FRAME-TITLE · ${name}</title><style>${css}</style></head>
<body><header class="top"><a class="brand" href="${home}">${name}</a></header>
<main><!--vigie-frame-body--></main>
<footer class="bottom"><a href="${home}">${backText[locale]}</a></footer></body></html>`;
}
