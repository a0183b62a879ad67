import { createHash } from "node:crypto";
import type { UpstreamReply } from "../helpers/upstream-server.ts";
import type { PlannedDependency } from "./monitor-plan.ts";

/**
 * Upstream documents for the monitor benchmark, in the shapes the providers serve: all is well (with
 * old, resolved or out-of-scope events, so that the adapters' filters do some work), or an outage that
 * started at `at`. Keyed by path under the fixture server.
 */
export type UpstreamCondition = "ok" | "down";

const etagOf = (body: string) => `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
const json = (value: unknown): UpstreamReply => {
  const body = JSON.stringify(value);
  return { body, contentType: "application/json; charset=utf-8", etag: etagOf(body) };
};
const xml = (body: string, contentType = "application/rss+xml; charset=utf-8"): UpstreamReply => ({
  body,
  contentType,
  etag: etagOf(body),
});
const daysAgo = (at: Date, days: number) => new Date(at.getTime() - days * 86_400_000);

function rss(title: string, items: string[], at: Date): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://status.example.test/</link>
<description>${title}</description><lastBuildDate>${at.toUTCString()}</lastBuildDate>
${items.join("\n")}
</channel></rss>`;
}

const item = (title: string, guid: string, at: Date, extra = "") =>
  `<item><title><![CDATA[${title}]]></title><link>https://status.example.test/${guid}</link>` +
  `<guid isPermaLink="false">${guid}</guid><pubDate>${at.toUTCString()}</pubDate>${extra}` +
  `<description><![CDATA[<p><strong>Investigating</strong> - ${title}.</p>]]></description></item>`;

function statuspage(p: PlannedDependency, down: boolean, at: Date): UpstreamReply {
  const id = (name: string) => `${name}${p.index}`;
  const component = (key: string, name: string, status: string, group: string | null) => ({
    id: id(key),
    name,
    status,
    group: false,
    group_id: group ? id(group) : null,
    position: 1,
    showcase: true,
    only_show_if_degraded: false,
    created_at: "2019-05-02T09:12:10.000Z",
    updated_at: at.toISOString(),
  });
  const broken = down ? "major_outage" : "operational";
  return json({
    page: { id: id("pg"), name: `Provider ${p.index}`, url: `https://status.provider${p.index}.test` },
    status: down
      ? { indicator: "major", description: "Major System Outage" }
      : { indicator: "none", description: "All Systems Operational" },
    components: [
      { ...component("grp", "API", broken, null), group: true, components: [id("rest"), id("gql")] },
      component("rest", "REST API", broken, "grp"),
      component("gql", "GraphQL API", "operational", "grp"),
      component("dash", "Dashboard", "operational", null),
      component("hook", "Webhooks", "operational", null),
    ],
    incidents: down
      ? [
          {
            id: id("inc"),
            name: "Elevated API error rates",
            status: "investigating",
            impact: "critical",
            shortlink: `https://stspg.io/${id("x")}`,
            created_at: at.toISOString(),
            started_at: at.toISOString(),
            components: [{ id: id("rest") }],
          },
        ]
      : [],
    scheduled_maintenances: [],
  });
}

export function upstreamReplies(
  p: PlannedDependency,
  condition: UpstreamCondition,
  at: Date,
): Record<string, UpstreamReply> {
  const down = condition === "down";
  const path = p.primaryPath;
  switch (p.kind) {
    case "statuspage":
      return { [path]: statuspage(p, down, at) };
    case "aws": {
      const old = item("[RESOLVED] Increased API error rates", `#${p.awsKey}_1`, daysAgo(at, 3));
      const now = item("Service disruption: Instance launch failures", `#${p.awsKey}_2`, at);
      const region = p.awsKey!.split("-").slice(1).join("-");
      return {
        [path]: xml(rss(`AWS ${p.awsKey} Service Status`, down ? [now, old] : [old], at)),
        // Half the regions have never had a multi-service event: their feed does not exist.
        [`${p.prefix}/rss/multipleservices-${region}.rss`]:
          p.index % 40 < 20 ? xml(rss("AWS multiple services", [], at)) : { status: 404, body: "Not Found" },
      };
    }
    case "gcp": {
      const gce = [{ title: "Google Compute Engine", id: "L3ggmi3Jy4xJmgodFA9K" }];
      const incident = (id: string, location: string, end: string | null, impact: string) => ({
        id,
        begin: at.toISOString().replace("Z", "+00:00"),
        end,
        external_desc: `Compute Engine instances unreachable in ${location}`,
        status_impact: impact,
        severity: "high",
        uri: `incidents/${id}`,
        affected_products: gce,
        currently_affected_locations: end ? [] : [{ title: location, id: location }],
        most_recent_update: { affected_locations: [{ title: location, id: location }] },
      });
      return {
        [path]: json([
          ...(down ? [incident(`gcp${p.index}down`, "europe-west1", null, "SERVICE_OUTAGE")] : []),
          // Open but elsewhere: the location filter leaves it out.
          incident(`gcp${p.index}asia`, "asia-east1", null, "SERVICE_DISRUPTION"),
          incident(`gcp${p.index}old`, "europe-west1", daysAgo(at, 2).toISOString(), "SERVICE_OUTAGE"),
        ]),
      };
    }
    case "azure": {
      const event = (region: string, n: string) =>
        item(
          `Virtual Machines - Connectivity issues in ${region}`,
          `azure-${p.index}-${n}`,
          at,
          `<category>${region}</category>`,
        );
      return {
        [path]: xml(
          rss(
            "Azure Status",
            down ? [event("West Europe", "we"), event("West US 2", "wu")] : [event("West US 2", "wu")],
            at,
          ),
        ),
      };
    }
    case "slack":
      return {
        [path]: json({
          status: down ? "active" : "ok",
          active_incidents: down
            ? [
                {
                  id: 2000 + p.index,
                  date_created: at.toISOString(),
                  date_updated: at.toISOString(),
                  title: "Users may have trouble sending messages",
                  type: "outage",
                  status: "active",
                  url: `https://slack-status.test/${p.index}`,
                  services: ["Messaging"],
                },
              ]
            : [],
          date_created: at.toISOString(),
          date_updated: at.toISOString(),
        }),
      };
    case "feed": {
      const old = item("[Resolved] API returning 502 errors", `feed-${p.index}-1`, daysAgo(at, 4));
      const now = item("Delayed delivery to Outlook.com recipients", `feed-${p.index}-2`, at);
      return { [path]: xml(rss(`Provider ${p.index} status`, down ? [now, old] : [old], at)) };
    }
    case "http":
      return {
        [path]: down
          ? { status: 503, body: "upstream unavailable", contentType: "text/plain" }
          : { body: '{"status":"ok"}', contentType: "application/json" },
      };
  }
}
