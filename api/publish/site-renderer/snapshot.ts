/** What the compile step keeps beside the bundle for the renderer (`snapshot.json`). */
export interface RendererSnapshot {
  /** The bundle's entry file name (`prerender-entry.<hash>.mjs`). */
  entry: string;
  /** The origin Astro gives page requests during a build. */
  origin: string;
  /** `build.format|base|trailingSlash`: the renderer writes files the way Astro does for "directory|/|ignore". */
  format: string;
  /** Each page's styles, by Astro's page key. */
  pages: [string, { styles: unknown[] }][];
  bundleMap: [string, string][];
  scripts: unknown[];
}

export const supportedFormat = "directory|/|ignore";

/** Messages between the site builder and its renderer process. */
export interface RenderRequest {
  id: number;
  /** Where to write the site. With a base, it is first filled with links to the base's files. */
  outDir: string;
  /** The previous build this renderer made, to update; null renders every page. */
  base: string | null;
}

export interface RenderReply {
  id: number;
  ok: boolean;
  error: string | null;
  rendered: number;
  unchanged: number;
  removed: number;
  /** Fetching the document and listing the paths; linking the previous build; checking and writing pages. */
  timings: { load: number; link: number; pages: number } | null;
}
