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
  return { file: basename(logoFile), bytes: new Uint8Array(await readFile(logoFile)) };
}
