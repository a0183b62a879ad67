import { Liquid } from "liquidjs";

/** Bounds for templates admins may edit: a runaway loop or output bomb fails instead of hanging. */
export interface RenderLimits {
  /** Characters parsed per template. */
  parseLimit: number;
  /** Milliseconds per render call. */
  renderLimit: number;
  /** Allocation units (ranges, string and array growth) per render call. */
  memoryLimit: number;
}

export const defaultRenderLimits: RenderLimits = {
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

export interface Engines {
  /** Escapes every `{{ output }}`; trusted HTML must say `| raw`. */
  html: Liquid;
  /** Subject and plain text: no escaping, the output is not HTML. */
  text: Liquid;
}

/**
 * Partials come from an in-memory map, so `include`, `render` and `layout` can reach nothing but
 * the files loaded at start: templates never touch the file system.
 */
export function createEngines(partials: Record<string, string>, limits: RenderLimits): Engines {
  const common = {
    templates: partials,
    cache: true,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    parseLimit: limits.parseLimit,
    renderLimit: limits.renderLimit,
    memoryLimit: limits.memoryLimit,
    // Said here, so that LiquidJS does not build a date formatter to learn the host's locale (it
    // maps some 5 MiB of ICU data into the server); the templates format dates themselves.
    locale: "en-US",
  };
  return { html: new Liquid({ ...common, outputEscape: "escape" }), text: new Liquid(common) };
}
