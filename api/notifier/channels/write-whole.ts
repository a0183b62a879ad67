import { rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file whole or not at all: into a hidden neighbour first, then renamed over the name. A
 * mail reader (or a test) watching the folder never opens a half-written message, and a retry
 * replaces the earlier copy in one step.
 */
export async function writeWhole(path: string, data: string | Uint8Array) {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  await writeFile(partial, data);
  await rename(partial, path);
}
