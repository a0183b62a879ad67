import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { envWithoutSettings, freePort } from "../helpers/vigie-process.ts";

/** The real `npm start`: a child process running api/server.ts, spoken to over loopback. */

const root = fileURLToPath(new URL("../..", import.meta.url));
/** Starting tsx on a busy machine can take several seconds. */
const startTimeoutMs = 25_000;
const stopTimeoutMs = 10_000;

type OnFinished = (fn: () => void | Promise<void>) => void;

function tempDb(onFinished: OnFinished) {
  const dir = mkdtempSync(join(tmpdir(), "vigie-server-"));
  onFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "vigie.db");
}

interface Server {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node --import tsx api/server.ts`; the child is killed when the test ends, whatever happens. */
function spawnServer(onFinished: OnFinished, env: Record<string, string>, args: string[] = []): Server {
  const childEnv = envWithoutSettings();
  const child = spawn(process.execPath, ["--import", "tsx", "api/server.ts", ...args], {
    cwd: root,
    env: { ...childEnv, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  onFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Started extends Server {
  port: number;
  base: string;
  startLines: string[];
}

/** Starts the server on a fresh port and waits for its start lines. */
async function startServer(
  onFinished: OnFinished,
  dbPath: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Started> {
  const port = await freePort();
  const server = spawnServer(
    onFinished,
    // The static page build is tested on its own; here it would only slow every start down.
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbPath}`,
      DATA_DIR: join(dirname(dbPath), "data"),
      VIGIE_PUBLISHER: "0",
      ...env,
    },
    args,
  );
  const output = () => `\n--- stdout\n${server.stdout()}--- stderr\n${server.stderr()}`;
  const ready = new Promise<void>((resolve, reject) => {
    server.child.stdout!.on("data", () => {
      if (/status page: .*\n/.test(server.stdout())) resolve();
    });
    server.exited.then(({ code, signal }) =>
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before it started${output()}`)),
    );
  });
  await within(ready, startTimeoutMs, () => `waiting for the start line${output()}`);
  return {
    ...server,
    port,
    base: `http://127.0.0.1:${port}`,
    startLines: server.stdout().trimEnd().split("\n"),
  };
}

/** SIGTERM; the server must then exit by itself. */
async function stopServer(server: Server) {
  server.child.kill("SIGTERM");
  return within(server.exited, stopTimeoutMs, () => `waiting for the server to stop\n${server.stderr()}`);
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
async function get(server: Started, path: string): Promise<any> {
  const res = await fetch(`${server.base}${path}`, { signal: AbortSignal.timeout(5_000) });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// Each test starts its own processes on its own database and port, so they run side by side.
describe.concurrent("npm start", () => {
  it("serves the demo page on a new database, keeps it on restart, stops on SIGTERM", async ({
    expect,
    onTestFinished,
  }) => {
    const dbPath = tempDb(onTestFinished);
    const first = await startServer(onTestFinished, dbPath);
    expect(first.startLines).toEqual([
      `Vigie is running at http://localhost:${first.port} (listening on 127.0.0.1:${first.port})`,
      `  database: ${dbPath} (file); demo data loaded`,
      `  public API: http://localhost:${first.port}/api/v2/summary.json · admin API: http://localhost:${first.port}/api/openapi.json`,
      expect.stringMatching(
        /^ {2}first start: create the owner account at http:\/\/localhost:\d+\/admin\/setup\?token=[\w-]{43} \(valid 1 hour\)$/,
      ),
      `  email: NOT SENT: no RESEND_API_KEY, so every email is written to the development mailbox ${join(dirname(dbPath), "data", "mailbox")} (.eml files)`,
      `  sms: NOT SENT: no TWILIO_* nor VONAGE_* credentials, so every SMS is written to the development outbox ${join(dirname(dbPath), "data", "mailbox", "sms")} (.txt files)`,
      "  status page: not built by this process (VIGIE_PUBLISHER=0)",
    ]);

    const setupLink = /(http:\S+\/admin\/setup\?token=\S+)/.exec(first.startLines[3]!)![1]!;
    const setupPage = await fetch(setupLink.replace("localhost", "127.0.0.1"), {
      signal: AbortSignal.timeout(5_000),
    });
    expect(setupPage.status).toBe(200);
    const summary = await get(first, "/api/v2/summary.json");
    expect(summary.page.name).toBe("Acme Cloud");
    const groups = summary.components.filter((c: { group: boolean }) => c.group);
    expect(groups.map((g: { name: string }) => g.name)).toEqual(["Platform", "Payments", "Notifications"]);
    expect(groups.every((g: { components: string[] }) => g.components.length >= 2)).toBe(true);
    expect(summary.incidents).toHaveLength(1);
    expect(summary.incidents[0].resolved_at).toBeNull();
    expect(summary.incidents[0].status).not.toBe("resolved");
    const upcoming = await get(first, "/api/v2/scheduled-maintenances/upcoming.json");
    expect(upcoming.scheduled_maintenances).toHaveLength(1);
    expect(upcoming.scheduled_maintenances[0].status).toBe("scheduled");
    expect(Date.parse(upcoming.scheduled_maintenances[0].scheduled_for)).toBeGreaterThan(Date.now());
    expect((await get(first, "/api/v2/incidents.json")).incidents).toHaveLength(4);

    expect(await stopServer(first)).toEqual({ code: 0, signal: null });
    expect(first.stderr()).toMatch(/ info stopping signal="SIGTERM"\n$/);

    const second = await startServer(onTestFinished, dbPath);
    expect(second.startLines[1]).toBe(`  database: ${dbPath} (file); existing data kept`);
    const again = await get(second, "/api/v2/summary.json");
    const ids = (doc: { components: { id: string }[] }) => doc.components.map((c) => c.id);
    expect(ids(again)).toEqual(ids(summary));
    expect((await get(second, "/api/v2/incidents.json")).incidents).toHaveLength(4);
    expect((await get(second, "/api/v2/scheduled-maintenances.json")).scheduled_maintenances).toHaveLength(1);
    expect(await stopServer(second)).toEqual({ code: 0, signal: null });
  }, 70_000);

  it.for<[string, Record<string, string>, string[]]>([
    ["--no-demo", {}, ["--no-demo"]],
    ["VIGIE_DEMO=0", { VIGIE_DEMO: "0" }, []],
  ])("loads no demo data with %s", { timeout: 45_000 }, async ([, env, args], { expect, onTestFinished }) => {
    const server = await startServer(onTestFinished, tempDb(onTestFinished), env, args);
    expect(server.startLines[1]).toMatch(/; demo data off$/);
    const summary = await get(server, "/api/v2/summary.json");
    expect(summary.page.name).toBe("Status");
    expect(summary.components).toEqual([]);
    expect(summary.incidents).toEqual([]);
    expect(summary.scheduled_maintenances).toEqual([]);
    expect(summary.status.indicator).toBe("none");
    expect(await stopServer(server)).toEqual({ code: 0, signal: null });
  });

  it("refuses a wrong configuration with a message naming the variable", async ({
    expect,
    onTestFinished,
  }) => {
    const server = spawnServer(onTestFinished, {
      PORT: "abc",
      DATABASE_URL: `file:${tempDb(onTestFinished)}`,
    });
    const result = await within(server.exited, startTimeoutMs, () => "waiting for the server to give up");
    expect(result).toEqual({ code: 2, signal: null });
    expect(server.stdout()).toBe("");
    expect(server.stderr()).toMatch(/^vigie: Invalid configuration: PORT must be [^\n]*"abc"[^\n]*\n$/);
  }, 30_000);

  it("says which port is taken when it cannot listen", async ({ expect, onTestFinished }) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const server = spawnServer(onTestFinished, {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${tempDb(onTestFinished)}`,
      VIGIE_DEMO: "0",
    });
    const result = await within(server.exited, startTimeoutMs, () => "waiting for the server to give up");
    expect(result).toEqual({ code: 1, signal: null });
    expect(server.stdout()).toBe("");
    expect(server.stderr()).toContain(`Port ${port} is taken: set PORT to another port.`);
  }, 30_000);
});
