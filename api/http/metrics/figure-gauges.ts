import { Gauge, type Registry } from "prom-client";
import type { DeliveryCount, OperationalFigures } from "../../domain/metrics/read-figures.ts";
import { type CircuitReading, circuitStates } from "../../notifier/channels/circuit-breaker.ts";

const stamp = (at: Date | null) => (at ? at.getTime() / 1000 : 0);

/**
 * Gauges set from the database at each scrape. They are reset first, so a label set that no longer
 * exists (a target removed, a state emptied) disappears instead of keeping its last value.
 */
export function figureGauges(registry: Registry) {
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const outboxEvents = gauge("vigie_outbox_lag_events", "Outbox events a consumer has not handled yet.", [
    "consumer",
  ]);
  const outboxSeconds = gauge(
    "vigie_outbox_lag_seconds",
    "Age of the oldest outbox event a consumer has not handled yet (0 when caught up).",
    ["consumer"],
  );
  const deliveries = gauge("vigie_deliveries", "Deliveries recorded, by channel, provider and state.", [
    "channel",
    "provider",
    "state",
  ]);
  const retrying = gauge(
    "vigie_deliveries_retrying",
    "Pending deliveries whose last attempt failed (provider errors waiting for a retry).",
    ["channel", "provider"],
  );
  const circuit = gauge(
    "vigie_provider_circuit_state",
    "Circuit breaker of a provider with a fallback: 1 for its current state.",
    ["channel", "provider", "state"],
  );
  const dependencies = gauge(
    "vigie_dependencies",
    "Dependencies by confirmed state, result of their last check (ok, failed, never) and whether enabled.",
    ["state", "last_check", "enabled"],
  );
  const builds = gauge("vigie_site_builds", "Builds of the status page in the build log, by status.", [
    "status",
  ]);
  const lastDuration = gauge(
    "vigie_site_last_build_duration_seconds",
    "How long the last finished build of the status page took.",
  );
  const lastSucceeded = gauge(
    "vigie_site_last_build_succeeded",
    "1 when the last finished build of the status page succeeded, 0 when it failed.",
  );
  const lastSuccess = gauge(
    "vigie_site_last_success_timestamp_seconds",
    "When the status page was last built successfully (Unix time; 0 for never).",
  );
  const targetUp = gauge(
    "vigie_publish_target_up",
    "1 when the last build reached this publish target, 0 when it failed.",
    ["target"],
  );
  const targetAttempts = gauge(
    "vigie_publish_target_attempts",
    "Attempts the last build needed for this publish target.",
    ["target"],
  );
  const backupSucceeded = gauge(
    "vigie_backup_last_succeeded",
    "1 when the last automatic backup reached every target, 0 when it failed.",
  );
  const backupDuration = gauge(
    "vigie_backup_last_duration_seconds",
    "How long the last automatic backup took.",
  );
  const backupSize = gauge("vigie_backup_last_size_bytes", "Size of the last automatic backup file.");
  const backupSuccess = gauge(
    "vigie_backup_last_success_timestamp_seconds",
    "When an automatic backup last succeeded (Unix time; 0 for never).",
  );
  const backupTargetUp = gauge(
    "vigie_backup_target_up",
    "1 when the last automatic backup reached this target, 0 when it failed.",
    ["target"],
  );
  const all = [
    backupSucceeded,
    backupDuration,
    backupSize,
    backupSuccess,
    backupTargetUp,
    outboxEvents,
    outboxSeconds,
    deliveries,
    retrying,
    circuit,
    dependencies,
    builds,
    lastDuration,
    lastSucceeded,
    lastSuccess,
    targetUp,
    targetAttempts,
  ];

  return (figures: OperationalFigures, deliveryCounts: DeliveryCount[], circuits: CircuitReading[]) => {
    for (const g of all) g.reset();
    for (const lag of figures.outbox) {
      outboxEvents.set({ consumer: lag.consumer }, lag.events);
      outboxSeconds.set({ consumer: lag.consumer }, lag.seconds);
    }
    for (const { count, ...labels } of deliveryCounts) deliveries.set(labels, count);
    for (const { count, ...labels } of figures.retrying) retrying.set(labels, count);
    for (const reading of circuits) {
      for (const state of circuitStates) {
        circuit.set({ ...reading, state }, reading.state === state ? 1 : 0);
      }
    }
    for (const row of figures.dependencies) {
      const labels = { state: row.state, last_check: row.lastCheck, enabled: String(row.enabled) };
      dependencies.inc(labels, row.count);
    }
    for (const row of figures.siteBuilds) builds.set({ status: row.status }, row.count);
    if (figures.lastBuild) {
      lastDuration.set(figures.lastBuild.durationSeconds ?? 0);
      lastSucceeded.set(figures.lastBuild.succeeded ? 1 : 0);
    }
    lastSuccess.set(stamp(figures.lastSuccessAt));
    if (figures.lastBackup) {
      backupSucceeded.set(figures.lastBackup.succeeded ? 1 : 0);
      backupDuration.set(figures.lastBackup.durationSeconds ?? 0);
      backupSize.set(figures.lastBackup.sizeBytes ?? 0);
    }
    backupSuccess.set(stamp(figures.lastBackupSuccessAt));
    for (const result of figures.backupTargets)
      backupTargetUp.set({ target: result.target }, result.ok ? 1 : 0);
    for (const result of figures.publishTargets) {
      targetUp.set({ target: result.target }, result.ok ? 1 : 0);
      targetAttempts.set({ target: result.target }, result.attempts);
    }
  };
}
