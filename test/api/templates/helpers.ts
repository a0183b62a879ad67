import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const templatesDir = fileURLToPath(new URL("../../../templates", import.meta.url));

/** A throwaway copy of templates/ that a test may break or trim. */
export async function copyTemplates(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "vigie-templates-"));
  await cp(templatesDir, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
