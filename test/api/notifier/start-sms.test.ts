import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../api/config.ts";
import { type FakeVonage, startFakeVonage } from "../../helpers/fake-vonage.ts";
import { codeIn, type SmsRig, startSmsRig, vonageEnv } from "../../helpers/sms-rig.ts";

const vonage = {
  VONAGE_API_KEY: "a1b2c3d4",
  VONAGE_API_SECRET: "s3cr3t-vonage-value",
  VONAGE_FROM: "+447700900000",
  VONAGE_BASE_URL: "http://127.0.0.1:4012/",
};

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("SMS provider settings", () => {
  it("reads the VONAGE_* variables", () => {
    expect(parseConfig(vonage).sms.vonage).toEqual({
      apiKey: "a1b2c3d4",
      apiSecret: "s3cr3t-vonage-value",
      from: "447700900000",
      baseUrl: "http://127.0.0.1:4012",
    });
    expect(parseConfig({}).sms.vonage).toMatchObject({ apiKey: undefined, from: undefined });
  });

  it("says what is wrong without ever echoing the Vonage secret", () => {
    const message = configError({ ...vonage, VONAGE_API_SECRET: "abc" });
    expect(message).toContain(
      'VONAGE_API_SECRET must be the API secret from the Vonage dashboard (got "***")',
    );
    expect(configError({ ...vonage, VONAGE_FROM: "Far too long sender" })).toContain(
      "VONAGE_FROM must be a Vonage number in E.164",
    );
    expect(configError({ ...vonage, VONAGE_API_KEY: "no-dashes!" })).toContain("VONAGE_API_KEY must be");
  });

  it("refuses half a provider's credentials, naming what is missing", () => {
    const { VONAGE_API_SECRET: _, ...noSecret } = vonage;
    const message = configError(noSecret);
    expect(message).toBe(
      "Invalid configuration: VONAGE_API_KEY, VONAGE_API_SECRET, VONAGE_FROM go together: set VONAGE_API_SECRET too.",
    );
    expect(message).not.toContain("a1b2c3d4");
    expect(
      configError({ TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "0123456789abcdef0123" }),
    ).toContain("set TWILIO_FROM too");
    // The auth token alone only verifies Twilio's webhooks (another process may be the one sending).
    expect(parseConfig({ TWILIO_AUTH_TOKEN: "0123456789abcdef0123" }).sms.twilio.authToken).toBeDefined();
  });
});

describe("SMS through Vonage alone", () => {
  let fake: FakeVonage | undefined;
  let rig: SmsRig | undefined;
  afterEach(async () => {
    await rig?.close();
    await fake?.close();
  });

  it("texts the code through Vonage and confirms the number", async () => {
    fake = await startFakeVonage();
    rig = await startSmsRig(vonageEnv(fake));
    expect(rig.description).toBe("sent through Vonage from Acme");
    await rig.subscribe("+33612345678");
    await rig.settle();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ to: "33612345678", from: "Acme", type: "text", callback: null });
    await rig.confirm("+33612345678", codeIn(fake.messages[0]!.text)!);
  });
});
