import { createTestApp } from "../../helpers/harness.ts";
import { deref, fetchOpenApi, type Operation, operationsOf } from "../../helpers/openapi-doc.ts";

/** Path parameters that are not ids take one valid value (the email templates' key and locale). */
export const fixedParams = (path: string) =>
  path.replace("{key}", "incident-created").replace("{locale}", "en");

export type Kind = "component" | "group" | "incident" | "maintenance" | "token" | "dependency" | "contact";

/**
 * A test app with rows of every kind the admin API addresses by id, and the admin operations of its
 * OpenAPI document: what the admin API's fuzzing and error tests send their requests against.
 */
export async function adminApiPool() {
  const t = await createTestApp();
  const doc = await fetchOpenApi(t);
  // The public routes are documented too; these tests are about the admin API.
  const operations = operationsOf(doc).filter((o) => o.path.startsWith("/api/admin/"));
  // ---------------------------------------------------------------------------------------------------
  // Real ids, kept alive: a successful DELETE replaces the id it removed, so later runs still hit rows.

  const pool: Record<Kind, string[]> = {
    component: [],
    group: [],
    incident: [],
    maintenance: [],
    token: [],
    dependency: [],
    contact: [],
  };
  let contacts = 0;
  const inHour = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();

  const fixtures: Record<Kind, () => [path: string, body: unknown]> = {
    component: () => ["/api/admin/components", { name: "Fuzz component" }],
    group: () => [
      "/api/admin/component-groups",
      { name: "Fuzz group", components: pool.component.slice(-1) },
    ],
    incident: () => [
      "/api/admin/incidents",
      {
        name: "Fuzz incident",
        body: "Investigating",
        components: { [pool.component[0]!]: "degraded_performance" },
      },
    ],
    maintenance: () => [
      "/api/admin/maintenances",
      {
        name: "Fuzz maintenance",
        body: "Planned",
        scheduled_for: inHour(1),
        scheduled_until: inHour(2),
        components: pool.component.slice(0, 1),
      },
    ],
    token: () => ["/api/admin/tokens", { name: "Fuzz token", role: "viewer" }],
    dependency: () => [
      "/api/admin/dependencies",
      {
        name: "Fuzz dependency",
        source: { kind: "statuspage", base_url: "http://127.0.0.1:9" },
        impacts: [{ component_id: pool.component[0]!, on: "major_outage", set: "partial_outage" }],
      },
    ],
    contact: () => ["/api/admin/oncall-contacts", { name: "Fuzz", email: `fuzz-${++contacts}@example.com` }],
  };

  async function create(kind: Kind): Promise<string> {
    const [path, body] = fixtures[kind]();
    const res = await t.json("POST", path, { body });
    if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    const id: string = res.body.id ?? res.body.info.id;
    pool[kind].push(id);
    return id;
  }

  for (const kind of ["component", "component", "component", "group", "incident", "incident"] as const)
    await create(kind);
  await t.json("POST", `/api/admin/incidents/${pool.incident[1]}/resolve`, { body: {} });
  for (const kind of ["maintenance", "maintenance", "token", "token", "dependency", "contact"] as const)
    await create(kind);

  const kindOfPath = (path: string): Kind =>
    path.includes("/dependencies/")
      ? "dependency"
      : path.includes("/oncall-contacts/")
        ? "contact"
        : path.includes("/component-groups/")
          ? "group"
          : path.includes("/components/")
            ? "component"
            : path.includes("/incidents/")
              ? "incident"
              : path.includes("/maintenances/")
                ? "maintenance"
                : "token";

  const allIds = () => Object.values(pool).flat();

  const bodySchemaOf = (op: Operation) =>
    op.op.requestBody ? deref(doc, op.op.requestBody.content["application/json"]!.schema) : undefined;

  return { t, doc, operations, pool, create, kindOfPath, allIds, inHour, bodySchemaOf };
}
