import { z } from "zod";
import { logLevels } from "./domain/logger.ts";

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

export const envSchema = z.object({
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
    .default(0),
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
  LEASE_TTL_SECONDS: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of seconds")
    .transform(Number)
    .pipe(z.number().min(3, "must be at least 3").max(120, "must be at most 120"))
    .default(15),
  VIGIE_MONITOR: booleanish.default(true),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(logLevels, { message: `must be one of ${logLevels.join(", ")}` }))
    .default("info"),
});
