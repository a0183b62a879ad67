import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createVitest } from "vitest/node";
import { takeStartAttempts } from "./fast-project-guard.ts";
import { slowByHand, splitTests } from "./test-projects.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Files that declare tests, found by what they contain rather than by their name. */
function filesDeclaringTests(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "fixtures") walk(path);
      } else if (/\.[cm]?[jt]sx?$/.test(entry.name)) {
        const source = readFileSync(path, "utf8");
        if (/from "vitest"/.test(source) && /^\s*(?:it|test|describe)(?:\.\w+)*\(/m.test(source)) {
          found.push(relative(root, path).split("\\").join("/"));
        }
      }
    }
  };
  walk(join(root, "test"));
  return found.sort();
}

const require = createRequire(import.meta.url);

describe("the fast and slow projects", () => {
  it("hold every file that declares tests, each in exactly one project, as the rule says", async () => {
    const vitest = await createVitest("test", { config: "test/vitest.config.ts", root, watch: false });
    try {
      const specifications = await vitest.globTestSpecifications();
      const projectsOf = new Map<string, string[]>();
      for (const specification of specifications) {
        const file = relative(root, specification.moduleId).split("\\").join("/");
        projectsOf.set(file, [...(projectsOf.get(file) ?? []), specification.project.name]);
      }
      const declaring = filesDeclaringTests();
      expect(declaring.length).toBeGreaterThan(100);
      expect([...projectsOf.keys()].sort()).toEqual(declaring);

      const { slow } = splitTests(root);
      for (const [file, projects] of projectsOf) {
        expect({ file, projects }).toEqual({ file, projects: [slow.has(file) ? "slow" : "fast"] });
      }
      expect(projectsOf.get("test/e2e/page-basics.test.ts")).toEqual(["slow"]);
      expect(projectsOf.get("test/test-projects.test.ts")).toEqual(["fast"]);

      const setupOf = (name: string) => vitest.projects.find((p) => p.name === name)?.config.setupFiles;
      expect(setupOf("fast")).toEqual([join(root, "test/fast-project-guard.ts")]);
      expect(setupOf("slow")).toEqual([]);
    } finally {
      await vitest.close();
    }
  });

  it("list by hand only files that exist", () => {
    const { all } = splitTests(root);
    for (const file of Object.keys(slowByHand)) expect(all).toContain(file);
  });
});

describe("the rule that classes a test file", () => {
  const tree = mkdtempSync(join(tmpdir(), "vigie-projects-"));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));
  const write = (path: string, source: string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), source);
  };

  it("follows the test's helpers, not the server's code, and ignores type-only imports", () => {
    write("test/helpers/runs-cli.ts", 'import { spawn } from "node:child_process";\nexport { spawn };\n');
    write("test/helpers/plain.ts", 'import { join } from "node:path";\nexport { join };\n');
    write("test/a/through-helper.test.ts", 'import {\n  spawn,\n} from "../helpers/runs-cli.ts";\n');
    write("test/a/types-only.test.ts", 'import type { ChildProcess } from "node:child_process";\n');
    write("test/a/plain.test.ts", 'import { join } from "../helpers/plain.ts";\n');
    write("test/a/server-code.test.ts", 'import { startPublisher } from "../../api/publish/publisher.ts";\n');
    write("test/a/astro.test.ts", 'import { buildSite } from "../../api/publish/build-site.ts";\n');
    // Written in two pieces, or the rule would read this very file as loading Playwright.
    write("test/a/browser.test.ts", `const { chromium } = await ${"import"}("playwright-core");\n`);
    write("test/a/not-a-test.ts", 'import { spawn } from "node:child_process";\n');
    // Same trick: this file must not itself read as mocking a module.
    write("test/a/mocks.test.ts", `vi.${"mock"}(import("../../api/x.ts"));\n`);

    const { all, slow } = splitTests(tree);
    expect(all).toEqual([
      "test/a/astro.test.ts",
      "test/a/browser.test.ts",
      "test/a/mocks.test.ts",
      "test/a/plain.test.ts",
      "test/a/server-code.test.ts",
      "test/a/through-helper.test.ts",
      "test/a/types-only.test.ts",
    ]);
    expect(Object.fromEntries(slow)).toEqual({
      "test/a/astro.test.ts": "runs an Astro build (imports api/publish/build-site.ts)",
      "test/a/browser.test.ts": "drives Chromium (imports playwright-core)",
      "test/a/mocks.test.ts": "replaces a module with vi.mock, which needs a module graph of its own",
      "test/a/through-helper.test.ts":
        "starts a child process (the CLI, a server, a tool) (imports node:child_process through test/helpers/runs-cli.ts)",
    });
  });
});

// This file belongs to the fast project (checked above), so the guard is set up for it.
describe("the fast project's guard", () => {
  it("refuses to start a child process, and remembers the attempt to fail the file", async () => {
    expect(() => require("node:child_process").spawn("true")).toThrow(/in the fast project/);
    const name = "node:child_process";
    const esm = (await import(name)) as typeof import("node:child_process");
    expect(() => esm.execFileSync("true")).toThrow(/class this file as slow/);
    expect(takeStartAttempts()).toEqual([
      'child_process.spawn("true")',
      'child_process.execFileSync("true")',
    ]);
  });
});
