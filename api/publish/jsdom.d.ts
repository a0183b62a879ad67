// The part of jsdom the SVG sanitiser uses (the package ships no types; @types/jsdom would pull the
// DOM library into every file's globals).
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string);
    readonly window: {
      XMLSerializer: new () => { serializeToString(node: unknown): string };
      close(): void;
    };
  }
}
