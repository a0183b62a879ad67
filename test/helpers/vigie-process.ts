import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The real server entry (`npm start` without npm), run as a child process on loopback. */

const root = fileURLToPath(new URL("../..", import.meta.url));
/** Every setting the server reads, so none leaks in from the environment the tests run in. */
const ownVariables =
  /^(PORT|HOST|PUBLIC_URL|DATABASE_|VIGIE_|DATA_DIR|SITE_|PUBLISH_|RESEND_|EMAIL_|TWILIO_|VONAGE_|SMTP_|BACKUP_|METRICS_|LEASE_|LOG_LEVEL|ADMIN_URL|TRUSTED_PROXIES)/;

export interface VigieProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGKILL to the process and everything it started (a page build), as a lost machine would. */
  killHard(): void;
}

/** `env` without any setting the server reads, so none leaks in from the environment the tests run in. */
export function envWithoutSettings(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !ownVariables.test(name)));
}

/** A port nobody listens on right now (the config refuses PORT=0). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts `api/server.ts` in a process group of its own; call `killHard` (or let the test end) to stop it. */
export async function spawnVigie(env: Record<string, string>): Promise<VigieProcess> {
  const port = await freePort();
  const inherited = envWithoutSettings();
  const child = spawn(process.execPath, ["--import", "tsx", "api/server.ts"], {
    cwd: root,
    env: { ...inherited, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    alive,
    killHard: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
