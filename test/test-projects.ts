import { existsSync, globSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * Which test files are slow: those that start Chromium, an Astro build or any other child process.
 * `npm run test:fast` leaves them out; `npm test` runs both projects. The verdict is read from the
 * imports, so a new or moved test file is classed by what it does, not by where it stands.
 */

/** What every test file is named; both projects together must cover exactly these. */
export const testFilePattern = "test/**/*.test.ts";

/**
 * Imports that make a test slow. Only the test's own side is walked (the file and the helpers under
 * test/ it imports): the server's code imports `node:child_process` too, for paths most tests never
 * take, which the fast project's guard (fast-project-guard.ts) catches at run time.
 */
const processImports: ReadonlyArray<{ target: string; why: string }> = [
  { target: "node:child_process", why: "starts a child process (the CLI, a server, a tool)" },
  { target: "child_process", why: "starts a child process (the CLI, a server, a tool)" },
  { target: "playwright-core", why: "drives Chromium" },
  { target: "@axe-core/playwright", why: "drives Chromium" },
  { target: "api/publish/build-site.ts", why: "runs an Astro build" },
];

/**
 * Slow for a reason the imports do not show. The fast project's guard names a file that belongs
 * here: add it with the reason.
 */
export const slowByHand: Readonly<Record<string, string>> = {
  "test/api/publish/backups.test.ts": "copies backups to rclone remotes, with the rclone tool",
  "test/api/publish/publisher.test.ts": "publishes to an rclone remote, with the rclone tool",
};

const importPattern =
  /^\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"'\n]+)["']|(?<!typeof\s+)\bimport\(\s*["']([^"'\n]+)["']\s*\)/gm;

/** The modules a file imports for their values (`import type` is erased, so it does not count). */
function valueImports(file: string): string[] {
  const out: string[] = [];
  for (const match of readFileSync(file, "utf8").matchAll(importPattern)) {
    if (match[1]) continue;
    const specifier = match[2] ?? match[3];
    if (specifier) out.push(specifier);
  }
  return out;
}

/** Why `file` is slow, or undefined when it belongs to the fast project. */
function slowReason(root: string, file: string): string | undefined {
  const byHand = slowByHand[file];
  if (byHand) return byHand;
  // test:fast shares one module graph between files (--no-isolate), where a module another file has
  // already loaded cannot be replaced: a file that mocks modules needs the isolated run.
  if (/\bvi\.mock\(/.test(readFileSync(join(root, file), "utf8"))) {
    return "replaces a module with vi.mock, which needs a module graph of its own";
  }
  const testDir = join(root, "test") + sep;
  const seen = new Set<string>();
  const pending = [join(root, file)];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (seen.has(current)) continue;
    seen.add(current);
    for (const specifier of valueImports(current)) {
      const target = specifier.startsWith(".") ? resolve(dirname(current), specifier) : specifier;
      const name = target.startsWith(root) ? relative(root, target).split(sep).join("/") : target;
      const hit = processImports.find((entry) => entry.target === name);
      if (hit) {
        const through = current === join(root, file) ? "" : ` through ${relative(root, current)}`;
        return `${hit.why} (imports ${name}${through})`;
      }
      if (target.startsWith(testDir) && existsSync(target)) pending.push(target);
    }
  }
  return undefined;
}

export interface TestSplit {
  /** Every test file, relative to the root, with forward slashes. */
  all: string[];
  /** The slow ones and why. */
  slow: Map<string, string>;
}

/** Classes every test file below `root`. */
export function splitTests(root: string): TestSplit {
  const all = globSync(testFilePattern, { cwd: root, exclude: (name) => name === "node_modules" })
    .map((file) => file.split(sep).join("/"))
    .sort();
  const slow = new Map<string, string>();
  for (const file of all) {
    const reason = slowReason(root, file);
    if (reason) slow.set(file, reason);
  }
  return { all, slow };
}
