/**
 * SMS length as carriers bill it (3GPP TS 23.038 / 23.040). A message that fits the GSM 7-bit
 * alphabet costs one septet per character, two for the extension table (escape + character); 160
 * septets fit one SMS, and a longer message is cut into parts of 153 (the concatenation header takes
 * the rest). Any other character switches the whole message to UCS-2: 70 UTF-16 code units, or 67
 * per part. Parts never split an escape pair or a surrogate pair, as senders do in practice, so
 * this matches what the provider will charge rather than a plain division.
 */

const gsm7Basic = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const gsm7Extension = new Set("\f^{}\\[~]|€");

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts the message is sent as: what it costs. 0 for an empty text. */
  segments: number;
}

const limits: Record<SmsEncoding, { single: number; perPart: number }> = {
  "GSM-7": { single: 160, perPart: 153 },
  "UCS-2": { single: 70, perPart: 67 },
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!gsm7Basic.has(char) && !gsm7Extension.has(char)) return false;
  return true;
}

/** Cost of each character (code point) in the encoding the whole text needs. */
function unitCosts(text: string): { encoding: SmsEncoding; costs: number[] } {
  const chars = Array.from(text);
  if (isGsm7(text)) return { encoding: "GSM-7", costs: chars.map((c) => (gsm7Extension.has(c) ? 2 : 1)) };
  return { encoding: "UCS-2", costs: chars.map((c) => c.length) };
}

export function smsLength(text: string): SmsLength {
  const { encoding, costs } = unitCosts(text);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, perPart } = limits[encoding];
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

// Characters that often slip in from word processors and translations, with plain equivalents.
const gsm7Lookalikes: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "-",
  "\u00b7": "-",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
  "\u2007": " ",
  "\t": " ",
  "\u200b": "",
  "\ufeff": "",
  œ: "oe",
  Œ: "OE",
};

/**
 * Replaces characters outside GSM-7 by their nearest GSM-7 spelling where one exists: typographic
 * quotes, dashes and spaces, and accents GSM-7 lacks (`ê` → `e`, `ç` → `c`). Anything else (emoji,
 * non-Latin scripts) is kept: the text then stays UCS-2, which is right for it.
 */
export function foldToGsm7(text: string): string {
  let out = "";
  for (const char of text) {
    if (gsm7Basic.has(char) || gsm7Extension.has(char)) out += char;
    else if (char in gsm7Lookalikes) out += gsm7Lookalikes[char];
    else {
      const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
      out += bare !== "" && isGsm7(bare) ? bare : char;
    }
  }
  return out;
}

const fits = (text: string, maxSegments: number) => smsLength(text).segments <= maxSegments;

/** The longest `head` prefix that, with an ellipsis and `tail`, fits; null when even none fits. */
function shorten(head: string, tail: string, maxSegments: number): string | null {
  const chars = Array.from(head.trimEnd());
  const candidate = (n: number) => {
    const kept = chars.slice(0, n).join("").trimEnd();
    return kept + (isGsm7(kept + tail) ? "..." : "\u2026") + tail;
  };
  if (!fits(candidate(0), maxSegments)) return null;
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(candidate(mid), maxSegments)) low = mid;
    else high = mid - 1;
  }
  // Cut at the end of a word when one is close: "Checkout is..." reads better than "Checkout is deg...".
  const isSpace = (i: number) => /\s/u.test(chars[i] ?? " ");
  if (isSpace(low) || isSpace(low - 1)) return candidate(low);
  let wordEnd = low - 1;
  while (wordEnd > 0 && !isSpace(wordEnd)) wordEnd--;
  return candidate(wordEnd > 0 && low - wordEnd <= 20 ? wordEnd : low);
}

/**
 * `text` itself when it fits `maxSegments`; otherwise the text shortened to fit: the link that ends
 * it (the one thing the reader needs to learn more) is kept whole, and the words before it are cut
 * with an ellipsis — `...` in GSM-7, since `…` alone would switch the message to UCS-2 and more than
 * halve its room. A link too long to fit at all is cut like any text.
 */
export function fitSms(text: string, maxSegments = 2): string {
  if (!(Number.isInteger(maxSegments) && maxSegments >= 1)) {
    throw new Error(`fitSms: maxSegments must be a whole number ≥ 1, got ${maxSegments}.`);
  }
  if (fits(text, maxSegments)) return text;
  const link = /(\s+)(https?:\/\/\S+)\s*$/u.exec(text);
  if (link) {
    const kept = shorten(text.slice(0, link.index), link[1]! + link[2]!, maxSegments);
    if (kept !== null) return kept;
  }
  return shorten(text, "", maxSegments)!;
}
