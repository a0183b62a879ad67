/** The page logo, copied into the build so that the page never loads anything from another origin. */
export interface Logo {
  /** File name at the site root, e.g. `logo.svg`. */
  file: string;
  bytes: Uint8Array;
}

const extensions: Record<string, string> = {
  "image/svg+xml": "svg",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
};
const maxBytes = 512 * 1024;

/** Downloads `logoUrl` (relative URLs are on the API). A logo that cannot be had is left out, with a warning. */
export async function fetchLogo(logoUrl: string | null, apiUrl: string): Promise<Logo | null> {
  if (!logoUrl) return null;
  try {
    const response = await fetch(new URL(logoUrl, `${apiUrl}/`), { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const ext = extensions[type];
    if (!ext) throw new Error(`unsupported content type "${type}"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return { file: `logo.${ext}`, bytes };
  } catch (error) {
    console.warn(`vigie: the page is built without its logo: ${logoUrl}: ${(error as Error).message}`);
    return null;
  }
}
