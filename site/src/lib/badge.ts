import type { Indicator } from "./site-document.ts";

const colours: Record<Indicator, string> = {
  none: "#1a7f37",
  minor: "#9a6700",
  major: "#bc4c00",
  critical: "#cf222e",
  maintenance: "#0969da",
};

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Verdana 11px averages about 7px a character: close enough for a badge.
const widthOf = (text: string) => Math.round(text.length * 7 + 12);

/** A shields-style SVG badge: `label | message`, the message coloured by the page indicator. */
export function statusBadge(label: string, message: string, indicator: Indicator): string {
  const left = widthOf(label);
  const right = widthOf(message);
  const width = left + right;
  const text = `${label}: ${message}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(text)}">
<title>${escapeXml(text)}</title>
<rect width="${left}" height="20" fill="#555"/>
<rect x="${left}" width="${right}" height="20" fill="${colours[indicator]}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${escapeXml(label)}</text>
<text x="${left + right / 2}" y="14">${escapeXml(message)}</text>
</g>
</svg>
`;
}
