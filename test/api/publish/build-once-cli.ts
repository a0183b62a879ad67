// Runs one page build in this process and prints its outcome as JSON: started by
// build-site-code-untouched.test.ts where the code directory is mounted read-only. With a fourth
// argument "incremental", the publisher's own builder builds twice, the second time from the first.
import { join } from "node:path";
import { buildSite } from "../../../api/publish/build-site.ts";
import { createSiteBuilder } from "../../../api/publish/site-renderer/site-builder.ts";

const [apiUrl, outDir, workDir, mode] = process.argv.slice(2);
if (mode === "incremental") {
  const builder = createSiteBuilder({ dir: join(workDir!, "renderer") });
  const first = await builder.build({
    apiUrl: apiUrl!,
    liveApiUrl: "",
    outDir: join(workDir!, "first"),
    name: "first",
  });
  const previous = first.ok ? { name: "first", dir: join(workDir!, "first") } : null;
  const outcome = await builder.build({
    apiUrl: apiUrl!,
    liveApiUrl: "",
    outDir: outDir!,
    name: "second",
    previous,
  });
  await builder.stop();
  process.stdout.write(`${JSON.stringify({ first, outcome })}\n`);
} else {
  const outcome = await buildSite({ apiUrl: apiUrl!, liveApiUrl: "", outDir: outDir!, workDir: workDir! });
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
