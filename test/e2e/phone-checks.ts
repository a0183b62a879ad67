import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** Where the runs leave their screenshots (git-ignored): anyone can look at what a phone shows. */
export const screenshotDir = join(import.meta.dirname, "..", "..", "test-output", "screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** One line per axe violation and element: "rule (impact): selector — what to fix". */
export async function axeViolations(page: Page, { email = false } = {}): Promise<string[]> {
  // Legacy mode runs axe in the page itself instead of opening a blank page to merge frame results:
  // faster, and these pages have no frames.
  const builder = new AxeBuilder({ page }).setLegacyMode();
  // A mail client shows an email inside its own page, which has the landmarks: an email has none.
  if (email) builder.disableRules(["landmark-one-main", "region"]);
  const results = await builder.analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary ?? v.help}`),
  );
}

/**
 * What runs off the screen: the document wider than the window, or a piece of text (each line box
 * of each text node, so a clipped word counts) outside it. Empty when everything is visible. Text
 * that is visually hidden (clipped to a pixel for screen readers, as the uptime days' details until
 * focused) is not on the screen at all, so it does not count.
 */
export function overflow(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(overflowScript);
}

// Run in the page, as source text: the project compiles without the DOM's types.
const overflowScript = `(() => {
  const width = window.innerWidth;
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > width) found.push("document is " + root.scrollWidth + " px wide in " + width + " px");
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if (getComputedStyle(e).clipPath !== "none" && box.width <= 1 && box.height <= 1) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent || "").trim();
    if (!text || hidden(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width === 0) continue;
      if (rect.left < -0.5 || rect.right > width + 0.5)
        found.push('"' + text.slice(0, 40) + '" spans ' + Math.round(rect.left) + "-" + Math.round(rect.right) + " px");
    }
  }
  return found;
})()`;

/** Controls a finger must hit that are under 44 px high (checkboxes and radios count by their label). */
export function smallControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(smallControlsScript);
}

const smallControlsScript = `(() => {
  const found = [];
  const targets = document.querySelectorAll(
    "button, select, a.button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), label.choice",
  );
  for (const el of targets) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.height < 44)
      found.push(el.tagName.toLowerCase() + ' "' + (el.textContent || "").trim().slice(0, 30) + '" is ' + rect.height + " px high");
  }
  for (const box of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    if (!box.closest("label.choice") && box.getBoundingClientRect().height > 0)
      found.push(box.type + " " + box.name + " has no 44 px label");
  }
  return found;
})()`;

/** Everything a phone page must pass: axe, nothing off the screen, big enough controls. */
export async function phoneProblems(page: Page): Promise<string[]> {
  return [...(await axeViolations(page)), ...(await overflow(page)), ...(await smallControls(page))];
}
