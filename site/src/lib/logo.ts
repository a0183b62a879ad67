import { readFile } from "node:fs/promises";
import { basename } from "node:path";

/** The page logo, copied into the build so that the page never loads anything from another origin. */
export interface Logo {
  /** File name at the site root, e.g. `logo.svg`. */
  file: string;
  bytes: Uint8Array;
}

/**
 * The logo the server fetched and cleaned before the build (`SITE_LOGO_FILE`): the build itself
 * never downloads `logo_url`, whose address and content an admin chose and the server checks.
 */
export async function readLogo(logoFile: string): Promise<Logo | null> {
  if (!logoFile) return null;
  const ext = /\.(svg|png|jpg|gif|webp|avif)$/i.exec(basename(logoFile))?.[1]?.toLowerCase();
  if (!ext)
    throw new Error(
      `SITE_LOGO_FILE must be an .svg, .png, .jpg, .gif, .webp or .avif image (got ${logoFile})`,
    );
  return { file: `logo.${ext}`, bytes: new Uint8Array(await readFile(logoFile)) };
}
