// Runs one page build in this process and prints its outcome as JSON: started by
// build-site-code-untouched.test.ts where the code directory is mounted read-only.
import { buildSite } from "../../../api/publish/build-site.ts";

const [apiUrl, outDir, workDir] = process.argv.slice(2);
const outcome = await buildSite({ apiUrl: apiUrl!, liveApiUrl: "", outDir: outDir!, workDir: workDir! });
process.stdout.write(`${JSON.stringify(outcome)}\n`);
