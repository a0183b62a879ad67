import type { DependencyState } from "../../../db/schema/index.ts";

/**
 * One reading of AWS severities for both of its documents. The same post appears in the RSS feed
 * titled "Service impact:" and in current events with status 1, "Service disruption:" with status 3.
 * `closed` is a resolution or an all-clear; an informational message is operational, kept as a note.
 */
export type AwsSeverity = DependencyState | "closed";

const titlePrefixes: [string, AwsSeverity][] = [
  ["service is operating normally", "closed"],
  ["informational message", "operational"],
  ["service degradation", "degraded_performance"],
  ["service impact", "partial_outage"],
  ["service disruption", "major_outage"],
];

/** The severity an RSS title says, e.g. "Service impact: Increased Error Rates". */
export function awsTitleState(title: string): AwsSeverity {
  let rest = title.trim().toLowerCase();
  if (rest.startsWith("resolved:") || rest.startsWith("[resolved]")) return "closed";
  let state: AwsSeverity | undefined;
  for (const [prefix, severity] of titlePrefixes) {
    if (!rest.startsWith(prefix)) continue;
    state = severity;
    rest = rest.slice(prefix.length).replace(/^\s*:\s*/, "");
    break;
  }
  // "Informational message: [RESOLVED] …" closes the event it follows, whatever the prefix.
  if (rest.startsWith("[resolved]") || rest.startsWith("resolved:")) return "closed";
  // An unfamiliar headline still says something is going on.
  return state ?? "degraded_performance";
}

/** The severity of a current-events `status` code. */
export function awsStatusCodeState(status: string): AwsSeverity {
  switch (status.trim()) {
    case "0":
      return "closed";
    case "1":
      return "partial_outage";
    case "2":
      return "degraded_performance";
    case "3":
      return "major_outage";
    default:
      return "degraded_performance";
  }
}
