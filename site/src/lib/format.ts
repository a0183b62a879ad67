import type { Locale } from "./site-document.ts";

/** Human-readable dates and numbers for one locale, in the page's time zone. */
export interface Formatters {
  /** An ISO instant as "Nov 27, 2026, 15:05 CET". */
  dateTime(iso: string): string;
  /** An instant as "15:05 CET". */
  time(at: string | Date): string;
  /** A calendar date "2026-11-24" as "Nov 24, 2026". */
  day(date: string): string;
  /** A month "2026-11" as "November 2026". */
  month(key: string): string;
  /** 99.99 as "99.99%". */
  percent(value: number): string;
  /** 75 as "1 h 15 min". */
  duration(minutes: number): string;
}

// Intl formatters are costly to create and a big history formats thousands of dates.
const cache = new Map<string, Formatters>();

const utcDate = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
};

export function formatters(locale: Locale, timeZone: string): Formatters {
  const key = `${locale} ${timeZone}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    year: "numeric",
    month: "short",
    day: "numeric",
  });
  const month = new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "long" });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const made: Formatters = {
    dateTime: (iso) => dateTime.format(new Date(iso)),
    time: (at) => time.format(typeof at === "string" ? new Date(at) : at),
    day: (date) => day.format(utcDate(date)),
    month: (key) => month.format(utcDate(`${key}-01`)),
    percent: (value) => percent.format(value / 100),
    duration: (minutes) => {
      // Rounded first, so that 59.6 minutes read "1 h", not "60 min".
      const total = Math.round(minutes);
      const h = Math.floor(total / 60);
      const m = total % 60;
      return h ? `${h} h${m ? ` ${m} min` : ""}` : `${m} min`;
    },
  };
  cache.set(key, made);
  return made;
}
