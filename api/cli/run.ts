import { runCli } from "./main.ts";

/** Standard input to its end, bounded: a password, not a file. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Type the password, then Enter and Ctrl-D:\n");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("standard input is larger than 64 KiB; pipe only the password.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
});
process.exitCode = code;
