import { spawn } from "node:child_process";

/** The end of what a child printed: its last lines say why it failed. */
export function tail(output: string): string {
  return output.trim().split("\n").slice(-15).join("\n");
}

/** Collects the last 4000 characters a child prints on stdout and stderr. */
export function keepOutput(child: {
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
}) {
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => output;
}

export interface RunNodeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A child still running then is killed: a hung build must not hold the publisher forever. */
  timeoutMs: number;
}

/**
 * Runs this Node with `args` in a child process, so a crash or a hang never takes the API down.
 * Resolves with null once it exits with 0, else with why not and the end of its output.
 */
export function runNode(args: string[], { cwd, env, timeoutMs }: RunNodeOptions): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const output = keepOutput(child);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const finish = (error: string | null) => {
      clearTimeout(timer);
      done(error);
    };
    child.on("error", (error) => finish(error.message));
    child.on("close", (code, signal) => {
      if (code === 0) return finish(null);
      const why = signal ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : `exit code ${code}`;
      finish(`site build failed (${why}): ${tail(output())}`);
    });
  });
}
