import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** RFC 4287's RELAX NG schema, for `jing -c`. */
export const atomSchema = fileURLToPath(new URL("../fixtures/atom.rnc", import.meta.url));

/** Runs a validator (xmllint, jing); on failure the error carries its output. */
export function runTool(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}
