import { describe, expect, it } from "vitest";
import { groupStatus, impactOfStatus, pageStatus } from "../../../api/domain/status-rules.ts";
import type { ComponentStatus } from "../../../api/domain/types.ts";

const page = (componentStatuses: ComponentStatus[], maintenanceInProgress = false) =>
  pageStatus({ componentStatuses, unresolvedIncidentImpacts: [], maintenanceInProgress });

describe("page status (Statuspage's top-level rules)", () => {
  it("reads All Systems Operational when every component is operational", () => {
    expect(page(["operational", "operational"])).toEqual({
      indicator: "none",
      description: "All Systems Operational",
    });
  });

  it("maps a single component directly", () => {
    expect(page(["major_outage"])).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect(page(["partial_outage"])).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(page(["degraded_performance"])).toEqual({
      indicator: "minor",
      description: "Partially Degraded Service",
    });
    expect(page(["under_maintenance"])).toEqual({
      indicator: "maintenance",
      description: "Service Under Maintenance",
    });
  });

  it("distinguishes all components from some of them", () => {
    expect(page(["major_outage", "major_outage"]).description).toBe("Major System Outage");
    expect(page(["major_outage", "operational"])).toEqual({
      indicator: "major",
      description: "Partial System Outage",
    });
    expect(page(["partial_outage", "partial_outage"])).toEqual({
      indicator: "major",
      description: "Partial System Outage",
    });
    expect(page(["partial_outage", "operational"])).toEqual({
      indicator: "minor",
      description: "Minor Service Outage",
    });
    expect(page(["degraded_performance", "degraded_performance"]).description).toBe(
      "Degraded System Service",
    );
    expect(page(["degraded_performance", "operational"]).description).toBe("Partially Degraded Service");
  });

  it("lets outages win over maintenance, and shows maintenance over operational", () => {
    expect(page(["under_maintenance", "degraded_performance"]).indicator).toBe("minor");
    expect(page(["under_maintenance", "operational"]).indicator).toBe("maintenance");
    expect(page(["operational", "operational"], true).indicator).toBe("maintenance");
  });

  it("follows unresolved incidents on a page without components", () => {
    expect(
      pageStatus({ componentStatuses: [], unresolvedIncidentImpacts: [], maintenanceInProgress: false })
        .indicator,
    ).toBe("none");
    expect(
      pageStatus({
        componentStatuses: [],
        unresolvedIncidentImpacts: ["minor", "major"],
        maintenanceInProgress: false,
      }),
    ).toEqual({ indicator: "major", description: "Partial System Outage" });
  });
});

describe("roll-ups", () => {
  it("gives a group the worst status of its children", () => {
    expect(groupStatus(["operational", "degraded_performance", "under_maintenance"])).toBe(
      "degraded_performance",
    );
    expect(groupStatus([])).toBe("operational");
  });

  it("derives incident impact from a component status", () => {
    expect(impactOfStatus("major_outage")).toBe("critical");
    expect(impactOfStatus("partial_outage")).toBe("major");
    expect(impactOfStatus("degraded_performance")).toBe("minor");
    expect(impactOfStatus("under_maintenance")).toBe("none");
  });
});
