import type { Locator } from "playwright-core";

/** What `treeOf` reads of a DOM node (the project compiles without the DOM's types). */
interface TreeNode {
  nodeType: number;
  textContent: string | null;
  tagName?: string;
  attributes?: ArrayLike<{ name: string; value: string }>;
  childNodes: ArrayLike<TreeNode>;
}

/** An element's tree as text: tags, attributes (sorted, Astro's scoping marks left out) and text. */
export function treeOf(locator: Locator): Promise<string> {
  return locator.evaluate((root) => {
    const walk = (node: TreeNode): string => {
      if (node.nodeType === 3) {
        const text = (node.textContent ?? "").trim();
        return text ? JSON.stringify(text) : "";
      }
      if (node.nodeType !== 1) return "";
      const attrs = Array.from(node.attributes ?? [])
        .filter((a) => !a.name.startsWith("data-astro-cid"))
        .map((a) => `${a.name}="${a.value}"`)
        .sort()
        .join(" ");
      return `<${node.tagName?.toLowerCase()} ${attrs}>${Array.from(node.childNodes).map(walk).join("")}</>`;
    };
    return walk(root as unknown as TreeNode);
  });
}
