import type { Dashboard } from "../../domain/read/load-dashboard.ts";
import { When } from "../kit/index.ts";

const size = (bytes: number | null) =>
  bytes === null
    ? ""
    : bytes < 1024 * 1024
      ? ` · ${Math.ceil(bytes / 1024)} KiB`
      : ` · ${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The last automatic backup and where each copy went; the one to restore from when it failed. */
export function BackupCard({ backups }: Pick<Dashboard, "backups">) {
  const run = backups.lastRun;
  const tone = run?.status === "succeeded" ? "good" : run?.status === "failed" ? "bad" : "info";
  return (
    <section class="card" aria-labelledby="backups">
      <h2 id="backups">Last backup</h2>
      {!run ? (
        <p class="muted">No automatic backup yet. Set BACKUP_TARGETS to back up on a schedule.</p>
      ) : (
        <>
          <p>
            <span class={`badge ${tone}`}>{run.status}</span> started <When at={run.startedAt} />
            {size(run.sizeBytes)}
          </p>
          <p class="muted">{run.fileName}</p>
          {run.error && <p class="notice error">{run.error}</p>}
          {run.targetResults.map((r) => (
            <p class="muted">{`${r.target}: ${r.ok ? `written (${r.kept ?? 0} kept)` : `failed (${r.error ?? "unknown error"})`}`}</p>
          ))}
          {run.status !== "succeeded" && backups.lastSuccess && (
            <p class="muted">
              The last good backup is from <When at={backups.lastSuccess.startedAt} />.
            </p>
          )}
        </>
      )}
    </section>
  );
}
