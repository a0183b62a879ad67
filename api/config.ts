import type { z } from "zod";
import { envSchema } from "./config-env.ts";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
const noTrailingSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * The settings grouped by what they concern, derived from the environment's schema: the type of
 * `Config` is what this transform returns, so a setting is declared once (config-env.ts) and named
 * once (here).
 */
const configSchema = envSchema.transform((e) => {
  const publicUrl = noTrailingSlash(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    server: {
      port: e.PORT,
      host: e.HOST,
      /** The page's public origin, without a trailing slash. */
      publicUrl,
      /** Where the console and admin API are served, on a host of their own; null: at publicUrl. */
      adminUrl: e.ADMIN_URL === undefined ? null : noTrailingSlash(e.ADMIN_URL),
      /** Reverse proxies in front of the server: how far `X-Forwarded-For` is believed (rate limits). */
      trustedProxies: e.TRUSTED_PROXIES,
      logLevel: e.LOG_LEVEL,
    },
    database: { url: e.DATABASE_URL, authToken: e.DATABASE_AUTH_TOKEN },
    /** Where the built page, the dev mailbox and the backups' work files live. */
    dataDir: e.DATA_DIR,
    demo: e.VIGIE_DEMO,
    /** Which jobs this process may run; the elected ones go to one process at a time. */
    jobs: {
      /** May be elected to rebuild and publish the static page. */
      publisher: e.VIGIE_PUBLISHER,
      /** May be elected to send notifications. */
      notifier: e.VIGIE_NOTIFIER,
      /** Checks the dependencies (upstream providers). */
      monitor: e.VIGIE_MONITOR,
      /**
       * How long a lease (publisher, notifier, scheduler, backups) lasts unrenewed: another process
       * takes over a dead holder's job after at most this long and a third of it.
       */
      leaseTtlMs: e.LEASE_TTL_SECONDS * 1000,
    },
    site: {
      /** Where the page build reads the API (default this server on loopback). */
      apiUrl: noTrailingSlash(e.SITE_API_URL ?? `http://127.0.0.1:${e.PORT}`),
      /** The origin the page's live-refresh script calls; empty for the page's own origin. */
      liveApiUrl: noTrailingSlash(e.SITE_LIVE_API_URL ?? ""),
      /** Extra publish targets: directories or `rclone:<remote>:<path>`. */
      publishTargets: list(e.PUBLISH_TARGETS),
      /** The folder under which owners may set directory publish targets; none may without it. */
      publishRoot: e.PUBLISH_ROOT === undefined ? null : noTrailingSlash(e.PUBLISH_ROOT),
      rebuildDebounceMs: e.SITE_REBUILD_DEBOUNCE_MS,
    },
    /** A bearer token for Prometheus scrapers of `GET /metrics` (API tokens work too). */
    metricsToken: e.METRICS_TOKEN,
    backups: {
      /** Directories or `rclone:<remote>:<path>`; none turns automatic backups off. */
      targets: list(e.BACKUP_TARGETS),
      intervalMs: e.BACKUP_INTERVAL,
      /** How many backups each target keeps. */
      keep: e.BACKUP_KEEP,
      /** Whether automatic backups hold password and token hashes and the signing key. */
      withSecrets: e.BACKUP_WITH_SECRETS,
    },
    email: {
      /** Email goes through Resend when set; otherwise into the development mailbox folder. */
      resendApiKey: e.RESEND_API_KEY || undefined,
      resendBaseUrl: e.RESEND_BASE_URL,
      /** Resend's rate limit for the team (5 by default); the headers of each answer may lower it. */
      resendRequestsPerSecond: e.RESEND_REQUESTS_PER_SECOND,
      from: e.EMAIL_FROM ?? "Status <status@localhost>",
      /** Verifies Resend's delivery webhooks; without it `POST /api/webhooks/resend` refuses every call. */
      resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
      /** An SMTP relay: the fallback while Resend is down, or the only way out without a Resend key. */
      smtpUrl: e.SMTP_URL,
    },
    sms: {
      /** Twilio's Messages API, when the SID, token and sender are set; the token alone verifies its webhooks. */
      twilio: {
        accountSid: e.TWILIO_ACCOUNT_SID,
        authToken: e.TWILIO_AUTH_TOKEN,
        from: e.TWILIO_FROM,
        /** Twilio's API origin (tests point it at a fake); the channel defaults to https://api.twilio.com. */
        baseUrl: e.TWILIO_BASE_URL === undefined ? undefined : noTrailingSlash(e.TWILIO_BASE_URL),
      },
      /** The second SMS provider (Vonage's SMS API): alone, or taking over when Twilio is down. */
      vonage: {
        apiKey: e.VONAGE_API_KEY,
        apiSecret: e.VONAGE_API_SECRET,
        from: e.VONAGE_FROM?.replace(/^\+/, ""),
        /** Vonage's API origin (tests point it at a fake); defaults to https://rest.nexmo.com. */
        baseUrl: e.VONAGE_BASE_URL === undefined ? undefined : noTrailingSlash(e.VONAGE_BASE_URL),
      },
    },
  };
});

export type Config = z.output<typeof configSchema>;

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
  const result = configSchema.safeParse(present);
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
  const config = result.data;
  const { twilio, vonage } = config.sms;
  // Half a provider's credentials would silently leave SMS in the development outbox. The Twilio
  // auth token alone is fine: it also verifies Twilio's webhooks for another process that sends.
  if (twilio.accountSid || twilio.from)
    checkComplete(present, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"]);
  if (vonage.apiKey || vonage.apiSecret || vonage.from)
    checkComplete(present, ["VONAGE_API_KEY", "VONAGE_API_SECRET", "VONAGE_FROM"]);
  const { publicUrl, adminUrl } = config.server;
  if (adminUrl && new URL(adminUrl).host === new URL(publicUrl).host)
    throw new ConfigError(
      `Invalid configuration: ADMIN_URL must name another host than PUBLIC_URL (both are ${new URL(publicUrl).host}): the console is only kept apart from the page on an origin of its own.`,
    );
  const demo = argv.includes("--no-demo") ? false : argv.includes("--demo") ? true : config.demo;
  return { ...config, demo };
}
