import type { ComponentStatus, Locale } from "../domain/types.ts";
import type { AnyRenderInput, IncidentInput, MaintenanceWindowInput, PageInput } from "./keys.ts";
import { type EmailLabels, emailLabels } from "./labels.ts";

const defaultAccent = "#2563eb";

// Colours are the same in every locale; they only tint the status name next to a component.
const componentStatusColors: Record<ComponentStatus, string> = {
  operational: "#15803d",
  under_maintenance: "#1d4ed8",
  degraded_performance: "#a16207",
  partial_outage: "#c2410c",
  major_outage: "#b91c1c",
};

export type DateFormatter = (iso: string, locale: Locale, timeZone: string) => string;

/** One `Intl.DateTimeFormat` per (locale, time zone): building one costs far more than using it. */
export function createDateFormatter(): DateFormatter {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (iso, locale, timeZone) => {
    const cacheKey = `${locale}|${timeZone}`;
    let format = formats.get(cacheKey);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, {
        timeZone,
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      });
      formats.set(cacheKey, format);
    }
    return format.format(new Date(iso));
  };
}

/** The variables a template sees: the caller's input plus translated labels and formatted dates. */
export function buildScope(input: AnyRenderInput, locale: Locale, formatDate: DateFormatter) {
  const labels = emailLabels[locale];
  const page = pageScope(input.page);
  const scope: Record<string, unknown> = { ...input, locale, labels, page };
  const zone = input.page.time_zone;
  if ("incident" in input) {
    const incident = incidentScope(input.incident, labels);
    incident.posted_at_label = input.incident.posted_at
      ? formatDate(input.incident.posted_at, locale, zone)
      : "";
    // A maintenance says what is planned for each component, never the status it has right now.
    if ("maintenance" in input) {
      const plan =
        input.incident.status === "completed"
          ? labels.maintenance_done
          : labels.maintenance_plan(windowText(input.maintenance, locale, zone));
      incident.components = incident.components.map((c) => ({
        ...c,
        status_label: plan,
        status_color: planColor,
      }));
    }
    scope.incident = incident;
  }
  if ("maintenance" in input) {
    scope.maintenance = maintenanceScope(input.maintenance, locale, zone, formatDate);
  }
  return scope;
}

const planColor = "#1d4ed8";

/** "02:00 to 04:00 CET" (with the end's date when the window ends on another day). */
function windowText(
  window: MaintenanceWindowInput,
  locale: Locale,
  timeZone: string,
): { from: string; until: string } {
  if (!window.scheduled_for || !window.scheduled_until) return { from: "", until: "" };
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "numeric", month: "short" });
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(window.scheduled_for))
    .find((p) => p.type === "timeZoneName")?.value;
  const start = new Date(window.scheduled_for);
  const end = new Date(window.scheduled_until);
  const sameDay = day.format(start) === day.format(end);
  return {
    from: `${day.format(start)} ${time.format(start)}`,
    until: `${sameDay ? "" : `${day.format(end)} `}${time.format(end)}${zone ? ` ${zone}` : ""}`,
  };
}

function pageScope(page: PageInput) {
  const accent = /^#(?:[0-9a-f]{3}){1,2}$/i.test(page.accent_color) ? page.accent_color : defaultAccent;
  return { ...page, accent_color: accent, accent_text_color: readableTextOn(accent) };
}

function incidentScope(
  incident: IncidentInput,
  labels: EmailLabels,
): Record<string, unknown> & {
  components: Record<string, unknown>[];
} {
  return {
    ...incident,
    status_label: labels.incident_statuses[incident.status],
    impact_label: labels.impacts[incident.impact],
    components: incident.components.map((component) => ({
      ...component,
      status_label: labels.component_statuses[component.status],
      status_color: componentStatusColors[component.status],
    })),
  };
}

function maintenanceScope(
  window: MaintenanceWindowInput,
  locale: Locale,
  timeZone: string,
  f: DateFormatter,
) {
  return {
    scheduled_for: f(window.scheduled_for, locale, timeZone),
    scheduled_until: f(window.scheduled_until, locale, timeZone),
    scheduled_for_iso: window.scheduled_for,
    scheduled_until_iso: window.scheduled_until,
  };
}

/** Black or white, whichever reads better on the accent (WCAG relative luminance). */
function readableTextOn(hex: string): string {
  const digits =
    hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [1, 3, 5].map((i) => hex.slice(i, i + 2));
  const [r, g, b] = digits.map((d) => {
    const c = Number.parseInt(d, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? "#111827" : "#ffffff";
}
