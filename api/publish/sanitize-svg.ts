import createDOMPurify, { type WindowLike } from "dompurify";
import { JSDOM } from "jsdom";

/** A raster image embedded in the SVG itself: the only outside reference a logo keeps. */
const embeddedRaster = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;
/** A CSS `url(...)` that points anywhere but at an element of the same document. */
const outsideUrl = /url\(\s*(?!['"]?\s*#)/i;

/**
 * A logo SVG with nothing active left: no script, no event handler, no foreignObject, no animation
 * that rewrites a link, and no reference to anything outside the file (links, `<use>`, images,
 * CSS imports and `url()`), so that opened on its own it can neither run code nor call home.
 * DOMPurify does the parsing and the allow-listing (its SVG profile); the hooks below narrow what it
 * lets through to what a logo needs. Returns null when no `<svg>` element is left.
 */
export function sanitizeSvg(source: string): string | null {
  const { window } = new JSDOM("");
  try {
    const purify = createDOMPurify(window as unknown as WindowLike);
    purify.addHook("uponSanitizeAttribute", (node, data) => {
      const value = data.attrValue;
      if (data.attrName === "href" || data.attrName === "xlink:href") {
        const inDocument = value.trim().startsWith("#");
        const raster = node.nodeName.toLowerCase() === "image" && embeddedRaster.test(value.trim());
        if (!inDocument && !raster) data.keepAttr = false;
        // Raster data URIs are only allowed on <image>; DOMPurify checks the rest.
        if (raster) data.forceKeepAttr = true;
        return;
      }
      if (outsideUrl.test(value) || /@import|expression\(/i.test(value)) data.keepAttr = false;
    });
    purify.addHook("uponSanitizeElement", (node, data) => {
      if (
        data.tagName === "style" &&
        /@import|url\(\s*(?!['"]?\s*#)|expression\(/i.test(node.textContent ?? "")
      )
        node.textContent = "";
    });
    const fragment = purify.sanitize(source, {
      USE_PROFILES: { svg: true, svgFilters: true },
      // <use> only reaches into the same file once the href hook has run.
      ADD_TAGS: ["use"],
      FORBID_TAGS: ["foreignObject", "foreignobject", "script", "iframe", "embed", "object"],
      RETURN_DOM_FRAGMENT: true,
    });
    const svg = fragment.firstElementChild;
    if (svg?.nodeName.toLowerCase() !== "svg") return null;
    // The serializer writes the SVG namespace itself, as a standalone .svg file needs.
    return new window.XMLSerializer().serializeToString(svg);
  } finally {
    window.close();
  }
}
