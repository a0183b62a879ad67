/**
 * Bytes to text, honouring a byte-order mark. AWS serves its dashboard JSON as UTF-16 big-endian with
 * a BOM, which `Response.json()` garbles; we decode UTF-16 ourselves rather than rely on the runtime
 * shipping a `utf-16be` decoder.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), "be");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), "le");
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  // No BOM: a JSON or XML document starts with an ASCII character, so a zero byte beside it gives
  // the UTF-16 byte order away.
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return decodeUtf16(bytes, "be");
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return decodeUtf16(bytes, "le");
  return utf8(bytes);
}

const utf8Decoder = new TextDecoder("utf-8");

function utf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

const chunkUnits = 8192;

/** Code units are read in pairs; surrogate pairs survive because `fromCharCode` joins them. */
function decodeUtf16(bytes: Uint8Array, order: "be" | "le"): string {
  const units = Math.floor(bytes.length / 2);
  const parts: string[] = [];
  for (let start = 0; start < units; start += chunkUnits) {
    const end = Math.min(units, start + chunkUnits);
    const chunk = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const hi = bytes[2 * i]!;
      const lo = bytes[2 * i + 1]!;
      chunk[i - start] = order === "be" ? (hi << 8) | lo : (lo << 8) | hi;
    }
    parts.push(String.fromCharCode(...chunk));
  }
  return parts.join("");
}
