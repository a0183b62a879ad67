import { describe, expect, it } from "vitest";
import { formatZoned, zoneAbbreviation } from "../../../api/domain/read/zoned-time.ts";

const winter = new Date("2026-01-15T13:05:00Z");
const summer = new Date("2026-07-15T13:05:00Z");

describe("times on the page's clocks", () => {
  it("writes a time with the short name people use for the zone, DST included", () => {
    expect(formatZoned(winter, "Europe/Paris")).toBe("2026-01-15 14:05 CET");
    expect(formatZoned(summer, "Europe/Paris")).toBe("2026-07-15 15:05 CEST");
    expect(formatZoned(winter, "America/New_York")).toBe("2026-01-15 08:05 EST");
    expect(formatZoned(summer, "Europe/London")).toBe("2026-07-15 14:05 BST");
    expect(formatZoned(winter, "Etc/UTC")).toBe("2026-01-15 13:05 UTC");
  });

  it("falls back to the offset for a zone without a common abbreviation", () => {
    expect(zoneAbbreviation(winter, "Asia/Tokyo")).toBe("GMT+9");
    expect(formatZoned(winter, "Asia/Kolkata")).toBe("2026-01-15 18:35 GMT+5:30");
  });

  it("crosses midnight into the zone's own date", () => {
    expect(formatZoned(new Date("2026-03-01T23:30:00Z"), "Europe/Paris")).toBe("2026-03-02 00:30 CET");
  });
});
