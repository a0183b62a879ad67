import { testAppForEachTest } from "../../../helpers/harness.ts";
import { monitorRig } from "../../../helpers/monitor-incident-rig.ts";
import { perTest } from "../../../helpers/per-test.ts";

/**
 * What the tests of applying a dependency change share: an app and a monitor rig for each test,
 * Stripe's outage as the monitor reads it, and the public documents' views of the page.
 */
export function dependencyChangeRig() {
  const t = testAppForEachTest();
  const m = perTest(
    async () => monitorRig(t),
    () => {},
  );
  const summary = async () => (await t.json("GET", "/api/v2/summary.json", { token: null })).body;
  const publicIncidents = async () =>
    (await t.json("GET", "/api/v2/incidents.json", { token: null })).body.incidents;
  return { t, m, summary, publicIncidents };
}

export const stripeOutage = [
  {
    id: "abc",
    title: "Elevated API error rates",
    url: "https://status.stripe.test/incidents/abc",
    state: "major_outage" as const,
  },
];
