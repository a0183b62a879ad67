import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordDeliveryEvent } from "../../../../api/domain/deliveries/record-delivery-event.ts";
import { recordSmsStatus } from "../../../../api/domain/deliveries/record-sms-status.ts";
import { DomainError } from "../../../../api/domain/errors.ts";
import { auditLog } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** The error a verb throws for an event the webhook's parser would never have produced. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { code, message, details } = error as DomainError;
  return { code, message, details: details?.map((d) => d.path).sort() };
}

describe("a provider's report about a message", () => {
  it("refuses a malformed email event with invalid_input naming each field, and writes nothing", async () => {
    const refused = await refusal(
      recordDeliveryEvent({
        ctx: { deps: t.deps },
        // Cast: as a caller that skipped the webhook's parser would send it.
        input: { kind: "bounced", providerMessageId: "", recipient: "ada@example.com" } as never,
      }),
    );
    expect(refused).toMatchObject({
      code: "invalid_input",
      details: ["detail", "permanent", "providerMessageId"],
    });
    expect(refused.message).toMatch(/^Invalid input: /);
    const kind = await refusal(
      recordDeliveryEvent({
        ctx: { deps: t.deps },
        input: { kind: "opened", providerMessageId: "m1", recipient: null } as never,
      }),
    );
    expect(kind).toMatchObject({ code: "invalid_input", details: ["kind"] });
    expect(await t.deps.read((db) => db.select().from(auditLog))).toEqual([]);
  });

  it("refuses a malformed SMS status with invalid_input naming each field", async () => {
    const refused = await refusal(
      recordSmsStatus({
        ctx: { deps: t.deps },
        input: {
          kind: "failed",
          providerMessageId: "SM1",
          recipient: "+33612345678",
          errorCode: 21610,
        } as never,
      }),
    );
    expect(refused).toMatchObject({ code: "invalid_input", details: ["detail", "errorCode"] });
    const extra = await refusal(
      recordSmsStatus({
        ctx: { deps: t.deps },
        input: { kind: "delivered", providerMessageId: "SM1", recipient: null, price: "0.05" } as never,
      }),
    );
    expect(extra).toMatchObject({ code: "invalid_input", details: ["price"] });
  });

  it("takes a well-formed event: one about no message it sent is reported as unknown", async () => {
    expect(
      await recordDeliveryEvent({
        ctx: { deps: t.deps },
        input: { kind: "delivered", providerMessageId: "m1", recipient: "ada@example.com" },
      }),
    ).toBe("unknown-message");
    expect(
      await recordSmsStatus({
        ctx: { deps: t.deps },
        input: { kind: "delivered", providerMessageId: "SM1", recipient: "+33612345678" },
      }),
    ).toBe("unknown-message");
  });
});
