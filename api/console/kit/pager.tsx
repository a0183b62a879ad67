export interface PagerLink {
  href: string;
  label: string;
  /** Set on numbered pages: the newer page is `prev`, the older `next`. */
  rel?: "prev" | "next";
}

/**
 * Links to the rest of a long list: "More …" after a cursor, or "Newer" / "Older" around the page's
 * number (see `numberedPages`). Nothing when the list fits on one page.
 */
export function Pager({
  links,
  label = "Pages",
  position,
}: {
  links: PagerLink[];
  label?: string;
  position?: string;
}) {
  if (links.length === 0) return null;
  const link = (l: PagerLink) => (
    <a href={l.href} rel={l.rel}>
      {l.label}
    </a>
  );
  return (
    <nav aria-label={label} class="pager">
      {links.filter((l) => l.rel === "prev").map(link)}
      {position && <span class="muted">{position}</span>}
      {links.filter((l) => l.rel !== "prev").map(link)}
    </nav>
  );
}

/** The Pager's links for `?page=` lists; `page` starts at 1. */
export function numberedPages(base: string, page: number, hasMore: boolean) {
  const links: PagerLink[] = [];
  if (page > 1) links.push({ href: `${base}?page=${page - 1}`, label: "Newer", rel: "prev" });
  if (hasMore) links.push({ href: `${base}?page=${page + 1}`, label: "Older", rel: "next" });
  return { links, position: `Page ${page}` };
}

/** `?page=` as a page number from 1 to 1000; anything else is page 1. */
export function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}
