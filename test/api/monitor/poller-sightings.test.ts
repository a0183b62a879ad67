import { describe, expect, it } from "vitest";
import type { PollResult } from "../../../api/domain/dependencies/poll-result.ts";
import { pollerRigForEachTest } from "../../helpers/poller-rig.ts";

const { start, dependency, stateOf, untilNextCheck } = pollerRigForEachTest();

describe("the monitor confirming a change", () => {
  it("counts the same document as the second sighting of a state that listed nothing", async () => {
    const id = await dependency("https://a.test/");
    const validators: unknown[] = [];
    let reads = 0;
    const m = start((_source, ctx) => {
      validators.push(ctx.validators);
      // A conditional request for the document already seen: the upstream answers "not modified".
      if (ctx.validators.etag === '"v1"') return { kind: "unchanged", validators: ctx.validators };
      reads++;
      return {
        kind: "observed",
        observation: { state: "operational", upstreamIncidents: [] },
        validators: { etag: '"v1"' },
      };
    });
    await m.idle();
    await untilNextCheck(m, id);
    expect((await stateOf(id)).state).toBe("unknown");
    await untilNextCheck(m, id);
    expect((await stateOf(id)).state).toBe("operational");
    await untilNextCheck(m, id);
    // First check: none known yet; the re-check asks for the same document and confirms with it.
    expect(validators).toEqual([
      { etag: null, lastModified: null, contentHash: null },
      { etag: '"v1"', lastModified: null, contentHash: null },
      { etag: '"v1"', lastModified: null, contentHash: null },
    ]);
    expect(reads).toBe(1);
  });

  it("reads a state that listed incidents in full again before confirming it, and after a failure", async () => {
    const id = await dependency("https://a.test/");
    const incident = {
      id: "inc-1",
      title: "API errors",
      url: "https://a.test/inc-1",
      state: "major_outage" as const,
    };
    const answers: PollResult[] = [
      { kind: "observed", observation: { state: "operational", upstreamIncidents: [] }, validators: {} },
      { kind: "observed", observation: { state: "operational", upstreamIncidents: [] }, validators: {} },
      {
        kind: "observed",
        observation: { state: "major_outage", upstreamIncidents: [incident] },
        validators: { etag: '"v2"' },
      },
      {
        kind: "observed",
        observation: { state: "major_outage", upstreamIncidents: [incident] },
        validators: { etag: '"v2"' },
      },
      { kind: "failed", error: "boom", retryable: true, validators: {} },
    ];
    const validators: unknown[] = [];
    const m = start((_source, ctx) => {
      validators.push(ctx.validators);
      return answers.shift() ?? { kind: "unchanged", validators: ctx.validators };
    });
    await m.idle();
    for (let i = 0; i < 4; i++) await untilNextCheck(m, id);
    const row = await stateOf(id);
    expect(row.state).toBe("major_outage");
    expect(row.upstreamIncidents).toEqual([incident]);
    // The outage was first seen with an incident: its re-check sent no validators. After the
    // failure, none either: a "not modified" would not say what the page says now.
    expect(validators.slice(2)).toEqual([
      { etag: null, lastModified: null, contentHash: null },
      { etag: null, lastModified: null, contentHash: null },
    ]);
    await untilNextCheck(m, id);
    expect(validators[4]).toEqual({ etag: '"v2"', lastModified: null, contentHash: null });
    await untilNextCheck(m, id);
    expect(validators[5]).toEqual({});
  });
});
