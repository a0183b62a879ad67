import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/vigie-process.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Starts Vigie the way its users do: package.json's start script (its Node flags included), with
 * the workers that come with it. The script's steps before the last (building when stale) run
 * first, then the last one is spawned. The one place that knows the start command: change it here
 * when that command changes. `extraNodeFlags` (e.g. --cpu-prof) go right after `node`.
 */
export function spawnVigie(env: Record<string, string>, extraNodeFlags: string[] = []): ChildProcess {
  const start = (
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }
  ).scripts.start;
  const steps = start.split("&&").map((step) => step.trim().split(/\s+/));
  for (const step of steps) {
    if (step[0] !== "node") throw new Error(`a step of the start script does not start with node: ${start}`);
  }
  const [command, ...args] = steps.pop()!;
  // This Node (the pinned one the npm scripts run) rather than whichever `node` is first on PATH.
  for (const [, ...before] of steps)
    execFileSync(process.execPath, before, { cwd: root, env, stdio: "ignore" });
  if (command !== "node") throw new Error(`the start script no longer starts with node: ${start}`);
  return spawn(process.execPath, [...extraNodeFlags, ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface VigieProcess {
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Vigie on a new database in a temporary data folder (the demo page loaded), on 127.0.0.1. Resolves
 * once `/readyz` answers 200, i.e. after the first build of the page: the build's own CPU must not
 * fall into a measurement.
 */
export async function startVigie({
  readyTimeoutMs = 180_000,
  extraNodeFlags = [] as string[],
} = {}): Promise<VigieProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "vigie-bench-"));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, "vigie.db")}`,
  };
  const child = spawnVigie(env, extraNodeFlags);
  // The last lines it wrote, to say why it did not start.
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const close = async () => {
    if (!gone) child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  while ((await getStatus(`${origin}/readyz`)) !== 200) {
    if (gone || Date.now() > deadline) {
      await close();
      throw new Error(
        `Vigie ${gone ? "exited" : `was not ready within ${readyTimeoutMs / 1000} s`}; its output:\n${output}`,
      );
    }
    await sleep(250);
  }
  return { pid: child.pid!, origin, close };
}
