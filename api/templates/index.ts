export type { RenderLimits } from "./engine.ts";
export { defaultRenderLimits } from "./engine.ts";
export type * from "./keys.ts";
export { templateKeys, templateKinds, templateParts } from "./keys.ts";
export { emailLabels } from "./labels.ts";
export { createUpdateBodyRenderer } from "./markdown.ts";
export type * from "./renderer.ts";
export { createTemplateRenderer, TemplateRenderError } from "./renderer.ts";
export { sampleInput } from "./sample-data.ts";
