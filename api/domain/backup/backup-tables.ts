import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../../db/schema/index.ts";

/** What a backup without `--with-secrets` puts in a secret column's place when it is restored. */
type Restore = (row: Record<string, unknown>, now: Date) => void;

export interface BackedUpTable {
  table: SQLiteTable;
  /** Columns written only with `--with-secrets`, and how a row is restored without them. */
  secretColumns?: { columns: string[]; restore: Restore };
  /** The whole table is secret: written only with `--with-secrets`. */
  secret?: boolean;
  /**
   * SQL conditions read one after the other, for a table that references itself: groups are written
   * before the components inside them, so a restore in file order never points at a missing row.
   */
  passes?: string[];
}

/** A password hash that matches no password: the owner sets a new one (`vigie user`). */
export const noPassword = "!restored-without-password";

/**
 * Every table a backup holds, in the order a restore inserts them (a table comes after every table
 * it references). Rows keep their ids, timestamps and insertion order.
 */
export const backedUpTables: BackedUpTable[] = [
  { table: schema.settings },
  // The key that signs subscriber links and derives webhook secrets.
  { table: schema.installationSecrets, secret: true },
  { table: schema.components, passes: ["is_group = 1", "is_group = 0"] },
  { table: schema.componentStatusHistory },
  { table: schema.incidents },
  { table: schema.incidentTranslations },
  { table: schema.incidentComponents },
  { table: schema.incidentUpdates },
  { table: schema.incidentUpdateTranslations },
  { table: schema.incidentUpdateComponents },
  {
    table: schema.subscribers,
    // A pending SMS code: without it the subscriber asks for a new one.
    secretColumns: {
      columns: ["verification_code_hash"],
      restore: (row) => {
        row.verification_code_hash = null;
      },
    },
  },
  { table: schema.subscriberComponents },
  { table: schema.dependencies },
  { table: schema.dependencyImpacts },
  { table: schema.dependencyObservations },
  { table: schema.dependencyIncidents },
  { table: schema.oncallContacts },
  { table: schema.templateOverrides },
  {
    table: schema.users,
    secretColumns: {
      columns: ["password_hash"],
      restore: (row) => {
        row.password_hash = noPassword;
      },
    },
  },
  {
    table: schema.apiTokens,
    // A token without its hash can never authenticate again: it comes back revoked, so the list says so.
    secretColumns: {
      columns: ["token_hash"],
      restore: (row, now) => {
        row.token_hash = `!restored-without-secret:${String(row.id)}`;
        row.revoked_at ??= now.toISOString();
      },
    },
  },
  { table: schema.auditLog },
];

/**
 * Tables a backup leaves out, and why. They are operational state: restoring them would replay work
 * already done (the outbox and its cursors would notify subscribers again; deliveries and notification
 * jobs would resend or point at events that are gone) or hand out access (sessions, setup links).
 */
export const notBackedUp: Record<string, string> = {
  sessions: "console sessions: everyone signs in again after a restore",
  setup_tokens: "one-time setup links: short-lived, and the owner already exists",
  outbox_events: "events already delivered: restoring them would notify subscribers again",
  outbox_cursors: "how far workers read the outbox, which starts afresh",
  deliveries: "the delivery log of past notifications, tied to outbox events that are not restored",
  notification_jobs: "fan-out progress of past notifications",
  site_builds: "the build log; the page is rebuilt after a restore",
  rate_counters: "rate limits of the current window (SMS, sign-ins, subscriptions), which start afresh",
  backup_runs: "the log of automatic backups, which belongs to the installation that made them",
  leases: "which process runs which job now; the processes of the restored installation elect their own",
};
