import { z } from "zod";
import { type LogLevel, logLevels } from "./domain/logger.ts";

/** Every setting Vigie reads from its environment, parsed once at start. The README lists them. */
const booleanish = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["1", "0", "true", "false", "yes", "no", "on", "off"].includes(v), {
    message: "must be 1/0, true/false, yes/no or on/off",
  })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => v === ":memory:" || /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(v), {
    message: "must be file:<path>, :memory:, or a libsql://, https:// or wss:// URL of a libSQL server",
  });

const envSchema = z.object({
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number between 1 and 65535")
    .transform(Number)
    .pipe(z.number().min(1, "must be between 1 and 65535").max(65535, "must be between 1 and 65535"))
    .default(3000),
  HOST: z.string().trim().min(1, "must not be empty").default("0.0.0.0"),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://status.example.com" })
    .optional(),
  DATABASE_URL: databaseUrl.default("file:./data/vigie.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  VIGIE_DEMO: booleanish.default(true),
  DATA_DIR: z.string().trim().min(1, "must not be empty").default("./data"),
  VIGIE_PUBLISHER: booleanish.default(true),
  SITE_API_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL of the Vigie API" })
    .optional(),
  SITE_LIVE_API_URL: z
    .url({
      protocol: /^https?$/,
      message: "must be an http(s) origin such as https://api.status.example.com",
    })
    .optional(),
  PUBLISH_TARGETS: z.string().optional(),
  PUBLISH_ROOT: z
    .string()
    .trim()
    .refine((v) => v.startsWith("/") && v.replace(/\/+$/, "") !== "", {
      message: "must be an absolute folder path other than /, such as /var/www/status-pages",
    })
    .optional(),
  ADMIN_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://admin.status.example.com" })
    .optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(24, "must be at least 24 characters (e.g. the output of openssl rand -hex 16)")
    .max(200, "must be at most 200 characters")
    .regex(/^\S+$/, "must not contain spaces")
    .optional(),
  BACKUP_TARGETS: z
    .string()
    .refine(
      (value) =>
        value
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean)
          .every((t) => t.length <= 1024 && /^(\/|rclone::?[\w.-]+:)[^\p{Cc}]*$/u.test(t)),
      "must be absolute directory paths or rclone:<remote>:<path>, comma-separated",
    )
    .optional(),
  BACKUP_INTERVAL: z
    .string()
    .trim()
    .regex(/^\d+[mhd]$/, "must be a number followed by m, h or d (e.g. 6h, 1d)")
    .transform(
      (value) =>
        Number(value.slice(0, -1)) *
        { m: 60_000, h: 3_600_000, d: 86_400_000 }[value.slice(-1) as "m" | "h" | "d"],
    )
    .pipe(
      z
        .number()
        .min(5 * 60_000, "must be at least 5m")
        .max(30 * 86_400_000, "must be at most 30d"),
    )
    .default(86_400_000),
  BACKUP_KEEP: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of backups to keep per target")
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(1000, "must be at most 1000"))
    .default(7),
  BACKUP_WITH_SECRETS: booleanish.default(false),
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be the number of reverse proxies in front of Vigie (0 when none)")
    .transform(Number)
    .pipe(z.number().max(10, "must be at most 10"))
    .default(0),
  SITE_REBUILD_DEBOUNCE_MS: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of milliseconds")
    .transform(Number)
    .pipe(z.number().max(600_000, "must be at most 600000 (10 minutes)"))
    .default(2000),
  RESEND_API_KEY: z.string().trim().optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  RESEND_REQUESTS_PER_SECOND: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of requests per second")
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(1000, "must be at most 1000"))
    .default(5),
  EMAIL_FROM: z.string().trim().min(3).max(320).optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(
      /^whsec_[A-Za-z0-9+/]+={0,2}$/,
      "must be the signing secret Resend shows for the webhook (whsec_…)",
    )
    .optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be the Account SID from the Twilio console (AC + 32 hex digits)")
    .optional(),
  TWILIO_AUTH_TOKEN: z
    .string()
    .trim()
    .min(16, "must be the account's auth token from the Twilio console")
    .optional(),
  TWILIO_FROM: z
    .string()
    .trim()
    .regex(
      /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
      "must be a Twilio number in E.164 (+15551234567), a Messaging Service SID (MG…) or an alphanumeric sender ID",
    )
    .optional(),
  TWILIO_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  VONAGE_API_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-zA-Z]{6,32}$/, "must be the API key from the Vonage dashboard (letters and digits)")
    .optional(),
  VONAGE_API_SECRET: z.string().trim().min(6, "must be the API secret from the Vonage dashboard").optional(),
  VONAGE_FROM: z
    .string()
    .trim()
    .regex(
      /^(\+?[1-9]\d{6,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
      "must be a Vonage number in E.164 (+447700900000) or an alphanumeric sender ID of at most 11 characters",
    )
    .optional(),
  VONAGE_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol) && new URL(v).hostname !== "", {
      message: "must be an smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS) URL",
    })
    .optional(),
  VIGIE_NOTIFIER: booleanish.default(true),
  VIGIE_MONITOR: booleanish.default(true),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(logLevels, { message: `must be one of ${logLevels.join(", ")}` }))
    .default("info"),
});

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
  /** Whether this process rebuilds and publishes the static page. */
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
  /** Whether this process sends notifications. */
  notifier: boolean;
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
    monitor: e.VIGIE_MONITOR,
  };
}
