import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createDependency } from "../../../api/domain/dependencies/create-dependency.ts";
import type { PollResult } from "../../../api/domain/dependencies/poll-result.ts";
import { recordPollResult } from "../../../api/domain/dependencies/record-poll-result.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const silence =
  "no news from AWS for 110 days on an event it has not resolved (multipleservices-me-central-1: Service disruption: Increased Error Rates)";
const silent: PollResult = {
  kind: "observed",
  observation: { state: "unknown", upstreamIncidents: [], error: silence },
  validators: {},
};

describe("an unknown dependency's page", () => {
  it("says since when it is unknown and why, never 'never' or 'no incident'", async () => {
    const added = t.clock.now();
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: {
        name: "AWS / EC2 / me-central-1",
        source: { kind: "aws", service: "ec2", region: "me-central-1", use_current_events: false },
      },
    });
    const viewer = await t.signedIn("viewer");
    const fresh = readerText((await viewer.get(`/admin/dependencies/${dependency.id}`)).text);
    expect(fresh).toContain(`Unknown since: ${added.toISOString().slice(0, 10)}`);
    expect(fresh).toContain("(when it was added)");
    expect(fresh).toContain("Why unknown: it has not been checked yet");
    expect(fresh).not.toMatch(/State since: never/);
    expect(fresh).not.toContain("The provider reports no incident");

    // AWS fell silent on an open event: the reason is the silence, and the state stays unknown.
    t.clock.advance(60_000);
    await recordPollResult(t.deps, systemActor("monitor"), dependency.id, silent);
    const pending = readerText((await viewer.get(`/admin/dependencies/${dependency.id}`)).text);
    expect(pending).toContain(`Why unknown: ${silence}`);
    expect(pending).toContain("Not known: the provider's status could not be read or confirmed");
  });

  it("after a known state, says since when it became unknown", async () => {
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: {
        name: "Stripe",
        source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      },
    });
    const ok: PollResult = {
      kind: "observed",
      observation: { state: "operational", upstreamIncidents: [] },
      validators: {},
    };
    for (const result of [ok, ok, silent, silent]) {
      t.clock.advance(60_000);
      await recordPollResult(t.deps, systemActor("monitor"), dependency.id, result);
    }
    const viewer = await t.signedIn("viewer");
    const page = readerText((await viewer.get(`/admin/dependencies/${dependency.id}`)).text);
    expect(page).toContain("Unknown since:");
    expect(page).not.toContain("(when it was added)");
    expect(page).toContain(`Why unknown: ${silence}`);
  });
});
