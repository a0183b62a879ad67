import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../api/config.ts";

/** The message of the ConfigError that `fn` throws. */
function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError, got a configuration");
}

describe("parseConfig", () => {
  it("has a default for everything", () => {
    expect(parseConfig({})).toEqual({
      server: {
        port: 3000,
        host: "0.0.0.0",
        publicUrl: "http://localhost:3000",
        adminUrl: null,
        trustedProxies: 0,
        logLevel: "info",
      },
      database: { url: "file:./data/vigie.db", authToken: undefined },
      dataDir: "./data",
      demo: true,
      jobs: { publisher: true, notifier: true, monitor: true, leaseTtlMs: 15_000 },
      site: {
        apiUrl: "http://127.0.0.1:3000",
        liveApiUrl: "",
        publishTargets: [],
        publishRoot: null,
        rebuildDebounceMs: 0,
      },
      metricsToken: undefined,
      backups: { targets: [], intervalMs: 86_400_000, keep: 7, withSecrets: false },
      email: {
        resendApiKey: undefined,
        resendBaseUrl: undefined,
        resendRequestsPerSecond: 5,
        from: "Status <status@localhost>",
        resendWebhookSecret: undefined,
        smtpUrl: undefined,
      },
      sms: {
        twilio: { accountSid: undefined, authToken: undefined, from: undefined, baseUrl: undefined },
        vonage: { apiKey: undefined, apiSecret: undefined, from: undefined, baseUrl: undefined },
      },
    });
  });

  it("reads every variable", () => {
    expect(
      parseConfig({
        PORT: "8080",
        HOST: "127.0.0.1",
        PUBLIC_URL: "https://status.example.com/",
        DATABASE_URL: "libsql://vigie-acme.turso.io",
        DATABASE_AUTH_TOKEN: "secret",
        VIGIE_DEMO: "false",
        LOG_LEVEL: "debug",
        DATA_DIR: "/var/lib/vigie",
        VIGIE_PUBLISHER: "0",
        SITE_API_URL: "http://10.0.0.5:8080/",
        SITE_LIVE_API_URL: "https://api.status.example.com",
        PUBLISH_TARGETS: "/var/www/status, rclone:s3:bucket/status",
        PUBLISH_ROOT: "/srv/status-pages/",
        ADMIN_URL: "https://admin.status.example.com/",
        SITE_REBUILD_DEBOUNCE_MS: "500",
        METRICS_TOKEN: "prometheus-scrape-token-0123",
        BACKUP_TARGETS: "/var/backups/vigie, rclone:b2:acme-backups/vigie",
        BACKUP_INTERVAL: "6h",
        BACKUP_KEEP: "30",
        BACKUP_WITH_SECRETS: "yes",
        RESEND_API_KEY: "re_123",
        RESEND_BASE_URL: "http://127.0.0.1:4010",
        RESEND_REQUESTS_PER_SECOND: "50",
        EMAIL_FROM: "Acme Status <status@acme.example>",
        TRUSTED_PROXIES: "2",
        VIGIE_NOTIFIER: "no",
        VIGIE_MONITOR: "off",
        LEASE_TTL_SECONDS: "30",
      }),
    ).toEqual({
      server: {
        port: 8080,
        host: "127.0.0.1",
        publicUrl: "https://status.example.com",
        adminUrl: "https://admin.status.example.com",
        trustedProxies: 2,
        logLevel: "debug",
      },
      database: { url: "libsql://vigie-acme.turso.io", authToken: "secret" },
      dataDir: "/var/lib/vigie",
      demo: false,
      jobs: { publisher: false, notifier: false, monitor: false, leaseTtlMs: 30_000 },
      site: {
        apiUrl: "http://10.0.0.5:8080",
        liveApiUrl: "https://api.status.example.com",
        publishTargets: ["/var/www/status", "rclone:s3:bucket/status"],
        publishRoot: "/srv/status-pages",
        rebuildDebounceMs: 500,
      },
      metricsToken: "prometheus-scrape-token-0123",
      backups: {
        targets: ["/var/backups/vigie", "rclone:b2:acme-backups/vigie"],
        intervalMs: 6 * 3_600_000,
        keep: 30,
        withSecrets: true,
      },
      email: {
        resendApiKey: "re_123",
        resendBaseUrl: "http://127.0.0.1:4010",
        resendRequestsPerSecond: 50,
        from: "Acme Status <status@acme.example>",
        resendWebhookSecret: undefined,
        smtpUrl: undefined,
      },
      sms: {
        twilio: { accountSid: undefined, authToken: undefined, from: undefined, baseUrl: undefined },
        vonage: { apiKey: undefined, apiSecret: undefined, from: undefined, baseUrl: undefined },
      },
    });
  });

  it("refuses a publish root that is not an absolute folder, and an ADMIN_URL on the page's own host", () => {
    expect(() => parseConfig({ PUBLISH_ROOT: "www" })).toThrow(
      /PUBLISH_ROOT must be an absolute folder path/,
    );
    expect(() => parseConfig({ PUBLISH_ROOT: "/" })).toThrow(/PUBLISH_ROOT/);
    expect(() =>
      parseConfig({
        PUBLIC_URL: "https://status.example.com",
        ADMIN_URL: "https://status.example.com/console",
      }),
    ).toThrow(/ADMIN_URL must name another host than PUBLIC_URL/);
    expect(() => parseConfig({ ADMIN_URL: "ftp://admin.example.com" })).toThrow(/ADMIN_URL must be an http/);
  });

  it("refuses a lease lifetime too short to renew in time or too long to take over quickly", () => {
    expect(() => parseConfig({ LEASE_TTL_SECONDS: "1" })).toThrow(
      'LEASE_TTL_SECONDS must be at least 3 (got "1")',
    );
    expect(() => parseConfig({ LEASE_TTL_SECONDS: "600" })).toThrow(/LEASE_TTL_SECONDS must be at most 120/);
    expect(() => parseConfig({ LEASE_TTL_SECONDS: "15s" })).toThrow(
      /LEASE_TTL_SECONDS must be a whole number/,
    );
  });

  it("refuses wrong metrics and backup settings, naming them and hiding the token", () => {
    expect(() => parseConfig({ METRICS_TOKEN: "short-secret" })).toThrow(
      'METRICS_TOKEN must be at least 24 characters (e.g. the output of openssl rand -hex 16) (got "***")',
    );
    expect(() => parseConfig({ BACKUP_INTERVAL: "daily" })).toThrow(
      /BACKUP_INTERVAL must be a number followed by m, h or d/,
    );
    expect(() => parseConfig({ BACKUP_INTERVAL: "1m" })).toThrow(/BACKUP_INTERVAL must be at least 5m/);
    expect(() => parseConfig({ BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP must be at least 1/);
    expect(() => parseConfig({ BACKUP_TARGETS: "/var/backups/vigie,backups" })).toThrow(
      /BACKUP_TARGETS must be absolute directory paths or rclone:<remote>:<path>, comma-separated/,
    );
    expect(() => parseConfig({ BACKUP_TARGETS: "/var/backups\nvigie" })).toThrow(/BACKUP_TARGETS/);
    expect(parseConfig({ BACKUP_TARGETS: "rclone::local:/srv/b" }).backups.targets).toEqual([
      "rclone::local:/srv/b",
    ]);
  });

  it("refuses a wrong site setting, naming it", () => {
    expect(() => parseConfig({ SITE_API_URL: "not a url" })).toThrow(/SITE_API_URL/);
    expect(() => parseConfig({ SITE_REBUILD_DEBOUNCE_MS: "soon" })).toThrow(/SITE_REBUILD_DEBOUNCE_MS/);
    expect(() => parseConfig({ VIGIE_PUBLISHER: "maybe" })).toThrow(/VIGIE_PUBLISHER/);
  });

  it("refuses a Resend rate that is not a whole number of requests per second", () => {
    expect(() => parseConfig({ RESEND_REQUESTS_PER_SECOND: "fast" })).toThrow(
      /RESEND_REQUESTS_PER_SECOND must be a whole number of requests per second/,
    );
    expect(() => parseConfig({ RESEND_REQUESTS_PER_SECOND: "0" })).toThrow(/must be at least 1/);
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "", DATABASE_URL: "", VIGIE_DEMO: "" })).toMatchObject({
      server: { port: 3000 },
      database: { url: "file:./data/vigie.db" },
      demo: true,
    });
  });

  it("ignores variables it does not know", () => {
    expect(parseConfig({ HOME: "/home/x", NODE_ENV: "production" })).toEqual(parseConfig({}));
  });

  it("derives PUBLIC_URL from PORT when it is not set", () => {
    expect(parseConfig({ PORT: "4321" }).server.publicUrl).toBe("http://localhost:4321");
    expect(parseConfig({ PORT: "4321", PUBLIC_URL: "http://status.test:9" }).server.publicUrl).toBe(
      "http://status.test:9",
    );
  });

  describe("demo data", () => {
    it.each([
      ["1", true],
      ["true", true],
      ["yes", true],
      ["ON", true],
      ["0", false],
      ["false", false],
      ["no", false],
      ["off", false],
    ])("VIGIE_DEMO=%s", (value, demo) => {
      expect(parseConfig({ VIGIE_DEMO: value }).demo).toBe(demo);
    });

    it("--no-demo and --demo override VIGIE_DEMO", () => {
      expect(parseConfig({}, ["--no-demo"]).demo).toBe(false);
      expect(parseConfig({ VIGIE_DEMO: "1" }, ["--no-demo"]).demo).toBe(false);
      expect(parseConfig({ VIGIE_DEMO: "0" }, ["--demo"]).demo).toBe(true);
    });

    it("refuses an unknown option, naming it", () => {
      expect(configError(() => parseConfig({}, ["--port=80"]))).toContain("Unknown option --port=80");
    });
  });
});
