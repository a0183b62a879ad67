import { createSafeFetch, type LookupAll } from "../net/index.ts";

/** The page logo, ready to be copied into the build as `/<file>`. */
export interface Logo {
  /** `logo.svg`, `logo.png`... */
  file: string;
  bytes: Uint8Array;
}

export type LogoResult = { ok: true; logo: Logo } | { ok: false; error: string };

export interface FetchLogoOptions {
  /** The page setting `allow_private_targets`: the logo URL is an admin-set URL like any other. */
  allowPrivate: boolean;
  userAgent?: string;
  timeoutMs?: number;
  /** Injected in tests. */
  lookup?: LookupAll;
}

export const maxLogoBytes = 512 * 1024;

/** Each raster type with the first bytes every file of that type starts with. */
const rasters: Record<string, { ext: string; magic: (b: Uint8Array) => boolean }> = {
  "image/png": { ext: "png", magic: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  "image/jpeg": { ext: "jpg", magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  "image/gif": { ext: "gif", magic: (b) => ascii(b, 0, "GIF8") },
  "image/webp": { ext: "webp", magic: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") },
  "image/avif": { ext: "avif", magic: (b) => ascii(b, 4, "ftyp") },
};

const starts = (bytes: Uint8Array, prefix: number[]) => prefix.every((v, i) => bytes[i] === v);
const ascii = (bytes: Uint8Array, at: number, text: string) =>
  Buffer.from(bytes.subarray(at, at + text.length)).toString("latin1") === text;

/**
 * Downloads the logo through the SSRF guard (the address is checked, no redirect is followed, the
 * body stops at 512 KiB while it streams), keeps images only, and strips an SVG of anything active.
 * Never throws: the page is then built without its logo, and the reason is returned.
 */
export async function fetchLogo(url: string, options: FetchLogoOptions): Promise<LogoResult> {
  const fetch = createSafeFetch({
    allowPrivate: options.allowPrivate,
    lookup: options.lookup,
    userAgent: options.userAgent ?? "Vigie (page build)",
    timeoutMs: options.timeoutMs ?? 15_000,
    maxBytes: maxLogoBytes,
  });
  try {
    const response = await fetch(url, { headers: { accept: "image/*" } });
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel().catch(() => {});
      const location = response.headers.get("location");
      return refuse(
        `the logo URL redirects${location ? ` to ${location.slice(0, 200)}` : ""}; redirects are not followed: set logo_url to the image's own address`,
      );
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      return refuse(`the logo URL answered HTTP ${response.status}`);
    }
    const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
    if (type !== "image/svg+xml" && !rasters[type]) {
      void response.body?.cancel().catch(() => {});
      return refuse(`the logo is "${type || "untyped"}", not an SVG, PNG, JPEG, GIF, WebP or AVIF image`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (type === "image/svg+xml") {
      // jsdom takes a while to load: only when a build has an SVG logo, never at start.
      const { sanitizeSvg } = await import("./sanitize-svg.ts");
      const clean = sanitizeSvg(new TextDecoder().decode(bytes));
      if (!clean) return refuse("the logo is not an SVG image (no <svg> element)");
      return { ok: true, logo: { file: "logo.svg", bytes: new TextEncoder().encode(clean) } };
    }
    const raster = rasters[type]!;
    if (!raster.magic(bytes)) return refuse(`the logo's content is not the ${type} image its type says`);
    return { ok: true, logo: { file: `logo.${raster.ext}`, bytes } };
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

function refuse(error: string): LogoResult {
  return { ok: false, error };
}
