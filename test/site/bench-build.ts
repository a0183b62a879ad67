// Times `astro build` against fake site documents of growing size:
//   node_modules/.bin/node --import tsx test/site/bench-build.ts [incidents...]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "node-html-parser";
import { buildSiteOrThrow, builtFiles, readBuilt } from "./build-site.ts";
import { fakeSiteDocument } from "./fake-site-document.ts";
import { serveStatic } from "./serve-json.ts";

const sizes = process.argv.slice(2).map(Number);
for (const incidents of sizes.length ? sizes : [0, 1000, 5000]) {
  const doc = JSON.stringify(fakeSiteDocument({ incidents }));
  const server = await serveStatic({ "/api/site.json": { type: "application/json", body: doc } });
  const outDir = mkdtempSync(join(tmpdir(), "vigie-bench-"));
  try {
    const { ms } = await buildSiteOrThrow({ apiUrl: server.url, outDir });
    const home = readBuilt(outDir, "index.html");
    // The page itself, what it loads, and the live script's one call to the API.
    const requests = 1 + parse(home).querySelectorAll("[src], link[rel=stylesheet]").length + 1;
    console.log(
      `${incidents} incidents: build ${(ms / 1000).toFixed(1)} s, ${builtFiles(outDir).length} files, ` +
        `site.json ${(doc.length / 1e6).toFixed(1)} MB, home ${Buffer.byteLength(home)} B raw / ` +
        `${gzipSync(home).length} B gzip, ${requests} requests`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    await server.close();
  }
}
