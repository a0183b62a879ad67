import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding package.json, templates/, site/ and db/migrations: the nearest one above this
 * file with a package.json. The same answer whether the code runs from its sources (api/) or from
 * the JavaScript built by `npm run build` (dist/api/, which has no package.json of its own).
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above the code: is the install complete?");
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();

/** A path inside the project folder. */
export const fromProjectRoot = (...segments: string[]): string => join(projectRoot, ...segments);
