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

describe("validation: the message names the variable and the value", () => {
  it.each([
    ["abc", "must be a whole number between 1 and 65535"],
    ["80.5", "must be a whole number"],
    ["1e3", "must be a whole number"],
    ["-1", "must be a whole number"],
    ["0", "must be between 1 and 65535"],
    ["65536", "must be between 1 and 65535"],
  ])("PORT=%s", (value, message) => {
    const error = configError(() => parseConfig({ PORT: value }));
    expect(error).toContain(`PORT ${message}`);
    expect(error).toContain(JSON.stringify(value));
  });

  it("HOST must not be blank", () => {
    expect(configError(() => parseConfig({ HOST: "   " }))).toContain("HOST must not be empty");
  });

  it.each(["status.example.com", "ftp://status.example.com", "not a url"])("PUBLIC_URL=%s", (value) => {
    expect(configError(() => parseConfig({ PUBLIC_URL: value }))).toContain(
      "PUBLIC_URL must be an http(s) URL",
    );
  });

  it.each([
    "file:./x.db",
    "file:/var/lib/vigie/vigie.db",
    ":memory:",
    "libsql://db.example.com",
    "https://db.example.com",
    "wss://db.example.com",
  ])("DATABASE_URL=%s is accepted", (value) => {
    expect(parseConfig({ DATABASE_URL: value }).database.url).toBe(value);
  });

  it.each(["./data/vigie.db", "postgres://localhost/vigie", "sqlite:vigie.db"])(
    "DATABASE_URL=%s is refused",
    (value) => {
      expect(configError(() => parseConfig({ DATABASE_URL: value }))).toContain(
        "DATABASE_URL must be file:<path>, :memory:, or a libsql://",
      );
    },
  );

  it("does not echo credentials of a wrong DATABASE_URL", () => {
    const error = configError(() =>
      parseConfig({ DATABASE_URL: "postgres://admin:hunter2@db.example.com/vigie?authToken=s3cr3t" }),
    );
    expect(error).toContain("DATABASE_URL");
    expect(error).not.toContain("hunter2");
    expect(error).not.toContain("s3cr3t");
  });

  it("SMTP_URL must be an smtp:// or smtps:// URL, and its password is never echoed", () => {
    expect(parseConfig({ SMTP_URL: "smtps://vigie:pw@smtp.example.com:465" }).email.smtpUrl).toBe(
      "smtps://vigie:pw@smtp.example.com:465",
    );
    expect(parseConfig({}).email.smtpUrl).toBeUndefined();
    for (const value of [
      "https://vigie:hunter2@smtp.example.com",
      "vigie:hunter2@smtp.example.com:587",
      "smtp://vigie:hun@ter2@",
    ]) {
      const error = configError(() => parseConfig({ SMTP_URL: value }));
      expect(error).toContain("SMTP_URL must be an smtp://user:pass@host:587");
      expect(error).toContain("vigie:***@");
      expect(error).not.toMatch(/hunter2|hun@|ter2/);
    }
  });

  it("VIGIE_DEMO must be a boolean", () => {
    expect(configError(() => parseConfig({ VIGIE_DEMO: "maybe" }))).toContain(
      'VIGIE_DEMO must be 1/0, true/false, yes/no or on/off (got "maybe")',
    );
  });

  it("LOG_LEVEL must be a known level (in any case)", () => {
    expect(configError(() => parseConfig({ LOG_LEVEL: "loud" }))).toContain(
      "LOG_LEVEL must be one of debug, info, warn, error, silent",
    );
    expect(parseConfig({ LOG_LEVEL: "WARN" }).server.logLevel).toBe("warn");
  });

  it("reports every wrong variable at once, on one line", () => {
    const error = configError(() => parseConfig({ PORT: "x", VIGIE_DEMO: "maybe", LOG_LEVEL: "loud" }));
    expect(error).toMatch(/PORT .*; VIGIE_DEMO .*; LOG_LEVEL /);
    expect(error).not.toContain("\n");
  });
});
