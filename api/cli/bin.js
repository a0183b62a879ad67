#!/usr/bin/env node
// The `vigie` command. `vigie serve` starts the server from the bundle of `npm run build`, with no
// TypeScript loader and no npm process above it; the other commands load their TypeScript through tsx.
import { builtServer } from "./build.js";
import { heapFlags, keepMemoryReducerWorking, mallocEnv } from "./server-flags.js";

function serve() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 24) {
    process.stderr.write(
      `vigie: the server needs Node 24 (this is ${process.version}): run node_modules/.bin/node api/cli/bin.js serve, or put node_modules/.bin first on PATH\n`,
    );
    process.exit(2);
  }
  const given = `${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`;
  const missing = heapFlags.filter((flag) => !given.includes(flag.slice(0, flag.indexOf("="))));
  // V8 reads heap limits only at start: the process replaces itself (same pid, nothing left above it).
  if (missing.length && typeof process.execve === "function")
    process.execve(
      process.execPath,
      [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)],
      { ...mallocEnv, ...process.env },
    );
  keepMemoryReducerWorking();
  // The server reads its options (--demo, --no-demo) after the script's name.
  process.argv.splice(2, 1);
  return builtServer();
}

const [command] = process.argv.slice(2);
if (command === "serve") {
  const built = serve();
  if (built.ok) await import(built.server);
  else {
    process.stderr.write(
      `vigie: ${built.reason}; starting from the TypeScript sources, which takes longer and more memory\n`,
    );
    const { register } = await import("tsx/esm/api");
    register();
    await import("../server.ts");
  }
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./run.ts");
}
