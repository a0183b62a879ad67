import { z } from "zod";
import type { CatalogEntry } from "../../domain/dependencies/catalog.ts";
import type { DependencyWithImpacts } from "../../domain/dependencies/create-dependency.ts";
import type { DependencyDetail, ObservationRow } from "../../domain/dependencies/get-dependency.ts";
import type { DependencyMap } from "../../domain/dependencies/get-dependency-map.ts";
import { dependencyStateSchema } from "../../domain/dependencies/schemas.ts";
import { type SourceConfig, sourceSchema } from "../../domain/dependencies/source-schema.ts";
import { componentStatusSchema } from "../../domain/schemas.ts";
import { criticalities, dependencyPolicies, type UpstreamIncident } from "../../domain/types.ts";
import { nullable } from "./openapi-helpers.ts";

/** What the dependency routes return, documented, and the functions that shape domain rows into it. */

const timestamp = z.iso.datetime({ offset: true }).meta({ example: "2026-11-27T14:00:00.000Z" });
const iso = (at: Date | null) => at?.toISOString() ?? null;

const upstreamIncidentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    url: z.string().optional(),
    state: dependencyStateSchema,
    started_at: z.string().optional(),
  })
  .meta({ id: "UpstreamIncident" });

const impactSchema = z
  .object({
    component_id: z.string(),
    on: dependencyStateSchema,
    set: componentStatusSchema,
    criticality: z.enum(criticalities),
    alternative_group: nullable(z.string()),
  })
  .meta({ id: "DependencyImpact" });

export const dependencySchema = z
  .object({
    id: z.string().meta({ example: "dep_8f2k1w0q9z7x3m4n" }),
    name: z.string(),
    source: sourceSchema,
    poll_interval_seconds: z.int(),
    policy: z.enum(dependencyPolicies),
    confirmations: z.int(),
    enabled: z.boolean(),
    shown_on_page: z
      .boolean()
      .meta({ description: "Listed on the public page; when false nothing about it is public" }),
    description: nullable(z.string()).meta({ description: "Shown under its name on the public page" }),
    state: dependencyStateSchema,
    upstream_incidents: z
      .array(upstreamIncidentSchema)
      .meta({ description: "What the provider reports now" }),
    candidate_state: nullable(dependencyStateSchema).meta({
      description: "A new state seen but not yet confirmed by the flap guard",
    }),
    candidate_count: z.int(),
    consecutive_failures: z.int(),
    last_checked_at: nullable(timestamp),
    last_changed_at: nullable(timestamp),
    last_error: nullable(z.string()),
    next_check_at: timestamp,
    impacts: z.array(impactSchema),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "Dependency" });

const observationSchema = z
  .object({
    id: z.string(),
    observed_at: timestamp,
    state: dependencyStateSchema,
    previous_state: dependencyStateSchema,
    upstream_incidents: z.array(upstreamIncidentSchema),
    error: nullable(z.string()),
  })
  .meta({ id: "DependencyObservation" });

export const dependencyDetailSchema = z
  .object({
    ...dependencySchema.shape,
    history: z.array(observationSchema).meta({ description: "State changes, newest first" }),
    history_next_cursor: nullable(z.string()).meta({
      description: "Pass as `history_before` for older changes; null at the end",
    }),
  })
  .meta({ id: "DependencyDetail" });

export const catalogEntrySchema = z
  .object({
    id: z.string().meta({ example: "aws/ec2/eu-west-3" }),
    name: z.string().meta({ example: "AWS / EC2 / eu-west-3" }),
    provider: z.string(),
    source: sourceSchema,
  })
  .meta({ id: "DependencyCatalogEntry" });

export const dependencyMapSchema = z
  .object({
    components: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: componentStatusSchema,
        group_id: nullable(z.string()),
      }),
    ),
    dependencies: z.array(
      z.object({ id: z.string(), name: z.string(), state: dependencyStateSchema, enabled: z.boolean() }),
    ),
    impacts: z.array(impactSchema.extend({ dependency_id: z.string() })),
    single_points_of_failure: z
      .array(
        z.object({
          component_id: z.string(),
          component_name: z.string(),
          dependency_id: z.string(),
          dependency_name: z.string(),
        }),
      )
      .meta({ description: "Components that need a dependency critically, with no alternative to it" }),
  })
  .meta({ id: "DependencyMap" });

export const oncallContactSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), created_at: timestamp })
  .meta({ id: "OncallContact" });

const upstream = (incidents: UpstreamIncident[]) =>
  incidents.map((i) => ({
    id: i.id,
    title: i.title,
    ...(i.url !== undefined && { url: i.url }),
    state: i.state,
    ...(i.startedAt !== undefined && { started_at: i.startedAt }),
  }));

const impact = (i: DependencyWithImpacts["impacts"][number]) => ({
  component_id: i.componentId,
  on: i.onState,
  set: i.setStatus,
  criticality: i.criticality,
  alternative_group: i.alternativeGroup,
});

export function dependencyShape({ dependency: d, impacts }: DependencyWithImpacts) {
  return {
    id: d.id,
    name: d.name,
    // Stored as validated, defaults filled in.
    source: d.source as SourceConfig,
    poll_interval_seconds: d.pollIntervalSeconds,
    policy: d.policy,
    confirmations: d.confirmations,
    enabled: d.enabled,
    shown_on_page: d.shownOnPage,
    description: d.description,
    state: d.state,
    upstream_incidents: upstream(d.upstreamIncidents),
    candidate_state: d.candidateState,
    candidate_count: d.candidateCount,
    consecutive_failures: d.consecutiveFailures,
    last_checked_at: iso(d.lastCheckedAt),
    last_changed_at: iso(d.lastChangedAt),
    last_error: d.lastError,
    next_check_at: d.nextCheckAt.toISOString(),
    impacts: impacts.map(impact),
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

const observation = (o: ObservationRow) => ({
  id: String(o.id),
  observed_at: o.observedAt.toISOString(),
  state: o.state,
  previous_state: o.previousState,
  upstream_incidents: upstream(o.upstreamIncidents),
  error: o.error,
});

export const dependencyDetailShape = (detail: DependencyDetail) => ({
  ...dependencyShape(detail),
  history: detail.history.map(observation),
  history_next_cursor: detail.historyCursor,
});

export const catalogEntryShape = (e: CatalogEntry) => ({
  id: e.id,
  name: e.name,
  provider: e.provider,
  source: e.source,
});

export const dependencyMapShape = (map: DependencyMap) => ({
  components: map.components.map((c) => ({ id: c.id, name: c.name, status: c.status, group_id: c.groupId })),
  dependencies: map.dependencies,
  impacts: map.impacts.map((i) => ({ dependency_id: i.dependencyId, ...impact(i) })),
  single_points_of_failure: map.singlePointsOfFailure.map((s) => ({
    component_id: s.componentId,
    component_name: s.componentName,
    dependency_id: s.dependencyId,
    dependency_name: s.dependencyName,
  })),
});
