import { type ChildProcess, type Serializable, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { heapFlags } from "../../api/cli/server-flags.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The V8 flags `vigie serve` runs the server with, so a measured server is sized like a real one. */
export const serverFlags: string[] = [...heapFlags];

/** A helper process spoken to over IPC: its first message, then exactly one answer per message sent. */
export interface BenchChild<First> {
  first: First;
  pid: number;
  ask<T>(message: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface StartBenchChildOptions {
  /** Node flags before the script (e.g. `serverFlags`). */
  flags?: string[];
  /** How long the first message and each answer may take. */
  timeoutMs?: number;
}

/** Runs `script` (a TypeScript file under the repository) with tsx and an IPC channel. */
export async function startBenchChild<First>(
  script: string,
  args: string[],
  { flags = [], timeoutMs = 60_000 }: StartBenchChildOptions = {},
): Promise<BenchChild<First>> {
  const child: ChildProcess = spawn(process.execPath, [...flags, "--import", "tsx", script, ...args], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: { resolve: (m: unknown) => void; reject: (e: Error) => void }[] = [];
  child.on("message", (m) => waiting.shift()?.resolve(m));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      for (const w of waiting.splice(0)) w.reject(new Error(`${script} exited`));
      resolve();
    }),
  );
  const next = <T>(what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${script}: no answer to ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        settle();
      };
      waiting.push({ resolve: (m) => done(() => resolve(m as T)), reject: (e) => done(() => reject(e)) });
    });
  const close = async () => {
    if (child.connected) child.send("close");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const first = await next<First>("start");
    return {
      first,
      pid: child.pid!,
      ask: <T>(message: unknown) => {
        const answer = next<T>(JSON.stringify(message));
        child.send(message as Serializable);
        return answer;
      },
      close,
    };
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }
}
