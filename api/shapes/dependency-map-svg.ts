import type { DependencyMap } from "../domain/dependencies/get-dependency-map.ts";
import type { Criticality, DependencyState } from "../domain/types.ts";

/**
 * The dependency map as a picture: our components on the left, providers on the right, one edge per
 * impact coloured by criticality, nodes coloured by state, single points of failure outlined in red.
 */

const stateColour: Record<DependencyState, string> = {
  operational: "#16a34a",
  under_maintenance: "#2563eb",
  degraded_performance: "#ca8a04",
  partial_outage: "#ea580c",
  major_outage: "#dc2626",
  unknown: "#6b7280",
};
const edgeColour: Record<Criticality, string> = { critical: "#dc2626", high: "#ea580c", low: "#94a3b8" };
const edgeWidth: Record<Criticality, number> = { critical: 3, high: 2, low: 1 };

const width = 960;
const nodeWidth = 320;
const nodeHeight = 34;
const rowHeight = 46;
const top = 70;
const rightX = width - 20 - nodeWidth;

/** Text safe inside an element or an attribute; characters XML 1.0 cannot hold at all become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Cut by code point, never inside a surrogate pair. */
const shorten = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
};

const label = (x: number, y: number, text: string, attrs = "") =>
  `<text x="${x}" y="${y}"${attrs}>${escapeXml(shorten(text, 40))}</text>`;

function node(x: number, y: number, name: string, state: DependencyState, spof: boolean): string {
  const outline = spof ? ' stroke="#b91c1c" stroke-width="3"' : ' stroke="#cbd5e1"';
  return [
    `<g class="node${spof ? " spof" : ""}">`,
    `<title>${escapeXml(`${name}: ${state.replaceAll("_", " ")}${spof ? " (single point of failure)" : ""}`)}</title>`,
    `<rect x="${x}" y="${y}" width="${nodeWidth}" height="${nodeHeight}" rx="6" fill="#ffffff"${outline}/>`,
    `<rect x="${x}" y="${y}" width="8" height="${nodeHeight}" rx="3" fill="${stateColour[state]}"/>`,
    label(x + 16, y + 15, name, ' font-size="13" fill="#0f172a"'),
    label(
      x + 16,
      y + 29,
      `${state.replaceAll("_", " ")}${spof ? " · single point of failure" : ""}`,
      ` font-size="10" fill="${spof ? "#b91c1c" : "#475569"}"`,
    ),
    "</g>",
  ].join("");
}

export function renderDependencyMapSvg(map: DependencyMap): string {
  const rows = Math.max(map.components.length, map.dependencies.length, 1);
  const height = top + rows * rowHeight + 20;
  const componentY = new Map(map.components.map((c, i) => [c.id, top + i * rowHeight]));
  const dependencyY = new Map(map.dependencies.map((d, i) => [d.id, top + i * rowHeight]));
  const spofComponents = new Set(map.singlePointsOfFailure.map((s) => s.componentId));
  const spofEdges = new Set(map.singlePointsOfFailure.map((s) => `${s.componentId} ${s.dependencyId}`));
  const names = new Map([...map.components, ...map.dependencies].map((n) => [n.id, n.name]));

  const edges = map.impacts.flatMap((impact) => {
    const y1 = componentY.get(impact.componentId);
    const y2 = dependencyY.get(impact.dependencyId);
    if (y1 === undefined || y2 === undefined) return [];
    const x1 = 20 + nodeWidth;
    const [a, b] = [y1 + nodeHeight / 2, y2 + nodeHeight / 2];
    const spof = spofEdges.has(`${impact.componentId} ${impact.dependencyId}`);
    const title = `${names.get(impact.componentId)} needs ${names.get(impact.dependencyId)} (${impact.criticality}): on ${impact.onState} → ${impact.setStatus}`;
    return [
      `<path d="M${x1} ${a} C${x1 + 120} ${a} ${rightX - 120} ${b} ${rightX} ${b}" fill="none" stroke="${edgeColour[impact.criticality]}" stroke-width="${edgeWidth[impact.criticality] + (spof ? 1 : 0)}"${impact.alternativeGroup ? ' stroke-dasharray="6 4"' : ""}><title>${escapeXml(title)}</title></path>`,
    ];
  });

  const empty =
    map.components.length + map.dependencies.length === 0
      ? label(20, top + 20, "No components or dependencies yet.", ' font-size="13" fill="#475569"')
      : "";
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-labelledby="map-title">`,
    `<title id="map-title">Dependency map: ${map.components.length} components, ${map.dependencies.length} dependencies, ${map.singlePointsOfFailure.length} single points of failure</title>`,
    `<rect width="${width}" height="${height}" fill="#f8fafc"/>`,
    label(20, 28, "Our components", ' font-size="15" font-weight="bold" fill="#0f172a"'),
    label(rightX, 28, "Providers we depend on", ' font-size="15" font-weight="bold" fill="#0f172a"'),
    `<text x="20" y="50" font-size="11" fill="#475569">Edges: <tspan fill="${edgeColour.critical}">critical</tspan> · <tspan fill="${edgeColour.high}">high</tspan> · <tspan fill="${edgeColour.low}">low</tspan>; dashed: has an alternative group. Red outline: single point of failure.</text>`,
    `<g class="edges">${edges.join("")}</g>`,
    ...map.components.map((c, i) =>
      node(20, top + i * rowHeight, c.name, c.status, spofComponents.has(c.id)),
    ),
    ...map.dependencies.map((d, i) => node(rightX, top + i * rowHeight, d.name, d.state, false)),
    empty,
    "</svg>",
  ].join("\n");
}
