import { envSchema } from "./config-env.ts";
import type { LogLevel } from "./domain/logger.ts";

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  demo: boolean;
  logLevel: LogLevel;
  /** Where the built page (and later the dev mailbox) lives. */
  dataDir: string;
  /** Whether this process may be elected to rebuild and publish the static page. */
  publisher: boolean;
  /** Where the page build reads the API (default this server on loopback). */
  siteApiUrl: string;
  /** The origin the page's live-refresh script calls; empty for the page's own origin. */
  siteLiveApiUrl: string;
  /** Extra publish targets: directories or `rclone:<remote>:<path>`. */
  publishTargets: string[];
  /** The folder under which owners may set directory publish targets; none may without it. */
  publishRoot: string | null;
  /** Where the console and admin API are served, on a host of their own; null: at PUBLIC_URL. */
  adminUrl: string | null;
  rebuildDebounceMs: number;
  /** A bearer token for Prometheus scrapers of `GET /metrics` (API tokens work too). */
  metricsToken: string | undefined;
  /** Where automatic backups go: directories or `rclone:<remote>:<path>`; none turns them off. */
  backupTargets: string[];
  /** Time between automatic backups. */
  backupIntervalMs: number;
  /** How many backups each target keeps. */
  backupKeep: number;
  /** Whether automatic backups hold password and token hashes and the signing key. */
  backupWithSecrets: boolean;
  /** Email goes through Resend when set; otherwise into the development mailbox folder. */
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  /** Resend's rate limit for the team (5 by default); the headers of each answer may lower it. */
  resendRequestsPerSecond: number;
  emailFrom: string;
  /** Verifies Resend's delivery webhooks; without it `POST /api/webhooks/resend` refuses every call. */
  resendWebhookSecret: string | undefined;
  /** SMS go through Twilio's Messages API when the SID, token and sender are set. */
  twilioAccountSid: string | undefined;
  /** Also verifies Twilio's webhooks; without it `/api/webhooks/twilio/*` refuse every call. */
  twilioAuthToken: string | undefined;
  twilioFrom: string | undefined;
  /** Twilio's API origin (tests point it at a fake); the SMS channel defaults to https://api.twilio.com. */
  twilioBaseUrl: string | undefined;
  /** The second SMS provider (Vonage's SMS API): alone, or taking over when Twilio is down. */
  vonageApiKey: string | undefined;
  vonageApiSecret: string | undefined;
  vonageFrom: string | undefined;
  /** Vonage's API origin (tests point it at a fake); defaults to https://rest.nexmo.com. */
  vonageBaseUrl: string | undefined;
  /** An SMTP relay: the fallback while Resend is down, or the only way out without a Resend key. */
  smtpUrl: string | undefined;
  /** Reverse proxies in front of the server: how far `X-Forwarded-For` is believed (rate limits). */
  trustedProxies: number;
  /** Whether this process may be elected to send notifications. */
  notifier: boolean;
  /**
   * How long a lease (publisher, notifier, scheduler, backups) lasts unrenewed: another process
   * takes over a dead holder's job after at most this long and a third of it.
   */
  leaseTtlMs: number;
  /** Whether this process checks the dependencies (upstream providers). */
  monitor: boolean;
}

/** A wrong value is echoed in the error message, minus anything that may be a credential. */
function redact(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return value;
  if (name === "RESEND_WEBHOOK_SECRET") return `${value.slice(0, 6)}***`;
  if (name === "TWILIO_AUTH_TOKEN" || name === "VONAGE_API_SECRET" || name === "METRICS_TOKEN") return "***";
  if (name === "SMTP_URL") {
    // Up to the last `@`: a password may hold an unencoded `@` or `:`; a lone user part may be a token.
    return value.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?([^/:@]*)(:.*)?@/i, (_, scheme = "", user, pass) =>
      pass ? `${scheme}${user}:***@` : `${scheme}***@`,
    );
  }
  if (name !== "DATABASE_URL") return value;
  return value.replace(/\/\/[^/@]*@/, "//***@").replace(/([?&]authToken=)[^&]*/gi, "$1***");
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function checkComplete(env: Record<string, unknown>, group: readonly string[]) {
  const missing = group.filter((name) => env[name] === undefined);
  if (missing.length)
    throw new ConfigError(
      `Invalid configuration: ${group.join(", ")} go together: set ${missing.join(" and ")} too.`,
    );
}

/** Parses the environment (and `--demo` / `--no-demo`); a wrong value throws a message naming the variable. */
export function parseConfig(env: Record<string, string | undefined>, argv: string[] = []): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== "")
      .map((k) => [k, env[k]]),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name} ${issue.message} (got ${JSON.stringify(redact(name, present[name]))})`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const unknownFlags = argv.filter((a) => a.startsWith("--") && a !== "--demo" && a !== "--no-demo");
  if (unknownFlags.length)
    throw new ConfigError(`Unknown option ${unknownFlags[0]}: the options are --demo and --no-demo.`);
  const e = result.data;
  // Half a provider's credentials would silently leave SMS in the development outbox. The Twilio
  // auth token alone is fine: it also verifies Twilio's webhooks for another process that sends.
  if (e.TWILIO_ACCOUNT_SID || e.TWILIO_FROM)
    checkComplete(e, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"]);
  if (e.VONAGE_API_KEY || e.VONAGE_API_SECRET || e.VONAGE_FROM)
    checkComplete(e, ["VONAGE_API_KEY", "VONAGE_API_SECRET", "VONAGE_FROM"]);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const adminUrl = e.ADMIN_URL?.replace(/\/+$/, "") ?? null;
  if (adminUrl && new URL(adminUrl).host === new URL(publicUrl).host)
    throw new ConfigError(
      `Invalid configuration: ADMIN_URL must name another host than PUBLIC_URL (both are ${new URL(publicUrl).host}): the console is only kept apart from the page on an origin of its own.`,
    );
  const demo = argv.includes("--no-demo") ? false : argv.includes("--demo") ? true : e.VIGIE_DEMO;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    demo,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    publisher: e.VIGIE_PUBLISHER,
    siteApiUrl: (e.SITE_API_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ""),
    siteLiveApiUrl: (e.SITE_LIVE_API_URL ?? "").replace(/\/+$/, ""),
    publishTargets: (e.PUBLISH_TARGETS ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    publishRoot: e.PUBLISH_ROOT?.replace(/\/+$/, "") ?? null,
    adminUrl,
    rebuildDebounceMs: e.SITE_REBUILD_DEBOUNCE_MS,
    metricsToken: e.METRICS_TOKEN,
    backupTargets: (e.BACKUP_TARGETS ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    backupIntervalMs: e.BACKUP_INTERVAL,
    backupKeep: e.BACKUP_KEEP,
    backupWithSecrets: e.BACKUP_WITH_SECRETS,
    resendApiKey: e.RESEND_API_KEY || undefined,
    resendBaseUrl: e.RESEND_BASE_URL,
    resendRequestsPerSecond: e.RESEND_REQUESTS_PER_SECOND,
    emailFrom: e.EMAIL_FROM ?? "Status <status@localhost>",
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    twilioAccountSid: e.TWILIO_ACCOUNT_SID,
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    twilioFrom: e.TWILIO_FROM,
    twilioBaseUrl: e.TWILIO_BASE_URL?.replace(/\/+$/, ""),
    vonageApiKey: e.VONAGE_API_KEY,
    vonageApiSecret: e.VONAGE_API_SECRET,
    vonageFrom: e.VONAGE_FROM?.replace(/^\+/, ""),
    vonageBaseUrl: e.VONAGE_BASE_URL?.replace(/\/+$/, ""),
    smtpUrl: e.SMTP_URL,
    trustedProxies: e.TRUSTED_PROXIES,
    notifier: e.VIGIE_NOTIFIER,
    leaseTtlMs: e.LEASE_TTL_SECONDS * 1000,
    monitor: e.VIGIE_MONITOR,
  };
}
