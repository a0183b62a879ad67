import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "./serve.ts";

/**
 * What every fake provider can be told to do wrong. `timeout` never answers (until the client gives
 * up or the fake closes); `drop` destroys the socket before anything is accepted; `drop-after-accept`
 * accepts and records the message, then destroys the socket, as a connection lost on the way back would.
 */
export type FaultKind = "500" | "429" | "timeout" | "drop" | "drop-after-accept";

/** The common faults, plus whatever a provider's own answers need (Vonage statuses). */
export type FaultPlanOf<K extends string> =
  | { kind: "none" }
  /** One step per request, in order; once the schedule is used up, requests go through. */
  | { kind: "schedule"; steps: (K | "ok")[] }
  | { kind: "random"; probability: number; faults: K[]; random?: () => number };

export type FaultPlan = FaultPlanOf<FaultKind>;

/** Picks the fault for each request from the current plan (a schedule is consumed as it goes). */
export function createFaultPicker<K extends string>() {
  let plan: FaultPlanOf<K> = { kind: "none" };
  return {
    set(next: FaultPlanOf<K>) {
      plan = next.kind === "schedule" ? { kind: "schedule", steps: [...next.steps] } : next;
    },
    next(): K | null {
      if (plan.kind === "schedule") {
        const step = plan.steps.shift();
        return step === undefined || step === "ok" ? null : step;
      }
      if (plan.kind === "random" && (plan.random ?? Math.random)() < plan.probability) {
        return plan.faults[Math.floor((plan.random ?? Math.random)() * plan.faults.length)] ?? null;
      }
      return null;
    },
  };
}

export interface FaultyServer<K extends string> {
  url: string;
  setFaults(plan: FaultPlanOf<K>): void;
  close(): Promise<void>;
}

export interface FaultTools<K extends string> {
  /** The fault planned for this request, or null; call it once per request, where the provider would fail. */
  nextFault(): K | null;
  /** Keeps a `timeout` answer open until the client gives up or the fake closes. */
  hold(res: ServerResponse): void;
}

/** A fake provider on loopback whose handler draws its faults from a plan the test sets. */
export async function listenWithFaults<K extends string>(
  handler: (req: IncomingMessage, res: ServerResponse, faults: FaultTools<K>) => unknown,
): Promise<FaultyServer<K>> {
  const picker = createFaultPicker<K>();
  const held = new Set<ServerResponse>();
  const tools: FaultTools<K> = {
    nextFault: () => picker.next(),
    hold(res) {
      held.add(res);
      res.on("close", () => held.delete(res));
    },
  };
  const server = await listenOnLoopback(
    (req, res) => handler(req, res, tools),
    () => {
      for (const res of held) res.destroy();
    },
  );
  return { url: server.url, setFaults: (plan) => picker.set(plan), close: server.close };
}
