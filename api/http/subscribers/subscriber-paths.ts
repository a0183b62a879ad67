/** The status page's languages in paths: `/fr/subscribe/...` beside `/subscribe/...`. */
const langParam = ":lang{[a-z]{2}}";

/** The addresses of one subscriber page: under the page's subscribe path, in each language, and any older ones. */
export function pagePaths(name: string, ...older: string[]): string[] {
  const path = name ? `/subscribe/${name}` : "/subscribe/";
  return [path, `/${langParam}${path}`, ...older];
}
