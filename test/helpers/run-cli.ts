import { runCli } from "../../api/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Each write to standard output, in order. */
  chunks: string[];
}

/**
 * Runs the vigie command in-process with only `env` for environment, collecting what it writes;
 * `stdin`, when given, is its standard input.
 */
export async function runCliCapturing(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  });
  return { code, stdout: out.join(""), stderr: err.join(""), chunks: out };
}
