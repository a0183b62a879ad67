// The build's entry point: the only place that reads the environment.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

const trimSlash = (url) => url.replace(/\/+$/, "");
const apiUrl = trimSlash(process.env.SITE_API_URL || "http://127.0.0.1:3000");
// Empty means the page and the API share an origin.
const liveApiUrl = trimSlash(process.env.SITE_LIVE_API_URL || "");
const logoFile = process.env.SITE_LOGO_FILE ? resolve(process.env.SITE_LOGO_FILE) : "";
const outDir = process.env.SITE_OUT_DIR
  ? resolve(process.env.SITE_OUT_DIR)
  : fileURLToPath(new URL("./dist", import.meta.url));
// The server's builds keep every file they write out of the code (which may be read-only).
const cacheDir = process.env.SITE_CACHE_DIR ? resolve(process.env.SITE_CACHE_DIR) : undefined;

export default defineConfig({
  output: "static",
  outDir,
  ...(cacheDir ? { cacheDir } : {}),
  build: { format: "directory", inlineStylesheets: "always" },
  devToolbar: { enabled: false },
  vite: {
    define: { __VIGIE_BUILD__: JSON.stringify({ apiUrl, liveApiUrl, logoFile }) },
    ...(cacheDir ? { cacheDir: resolve(cacheDir, "vite") } : {}),
  },
});
