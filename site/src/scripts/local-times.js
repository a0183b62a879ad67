/**
 * Rewrites every instant on the page (`<time>` whose datetime has a time of day) into the visitor's
 * own time zone, with its abbreviation, and adds how long ago it was ("12 minutes ago"). The static
 * HTML keeps the page's zone: a visitor without JavaScript reads that. Returns the rewrite, which the
 * live script runs again after each refresh. Plain JavaScript, inlined by local-times.astro.
 */
// biome-ignore lint/correctness/noUnusedVariables: called by the inline scripts of local-times.astro and live-refresh.astro
function localTimes(locale) {
  const full = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const clock = new Intl.DateTimeFormat(locale, {
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  // Relative times up to a week away; further, the date says more.
  const units = [
    ["minute", 60, 60],
    ["hour", 3600, 24],
    ["day", 86400, 7],
  ];
  const ago = (at) => {
    const seconds = (at - Date.now()) / 1000;
    for (const [unit, size, max] of units) {
      const n = Math.round(seconds / size);
      if (Math.abs(n) < max) return relative.format(n, unit);
    }
    return "";
  };
  const run = () => {
    for (const el of document.querySelectorAll('time[datetime*="T"]')) {
      const at = new Date(el.getAttribute("datetime"));
      if (Number.isNaN(at.getTime())) continue;
      // The banner's clock says the time alone; every other instant its date and how long ago.
      if (el.hasAttribute("data-clock")) el.textContent = clock.format(at);
      else {
        const when = ago(at);
        el.textContent = full.format(at) + (when ? ` (${when})` : "");
      }
    }
  };
  run();
  return run;
}
