import { Hono } from "hono";
import type { Deps } from "../../domain/context.ts";
import { recordDeliveryEvent } from "../../domain/deliveries/record-delivery-event.ts";
import { parseResendEvent } from "../../domain/deliveries/resend-events.ts";
import { errorBody } from "../../web/errors.ts";
import { createSvixVerifier } from "./svix-signature.ts";

export interface ResendWebhookOptions {
  deps: Deps;
  /** `whsec_…`; without it every call is refused, since nothing could prove where it came from. */
  secret: string | undefined;
}

/** Resend delivery events (Svix-signed): delivered, bounced, complained. Others are acknowledged. */
export function resendWebhookRoutes({ deps, secret }: ResendWebhookOptions) {
  const verify = secret ? createSvixVerifier(secret) : null;
  return new Hono().post("/api/webhooks/resend", async (c) => {
    if (!verify)
      return c.json(
        errorBody(
          "unauthorized",
          "Resend webhooks are not configured: set RESEND_WEBHOOK_SECRET to the webhook's signing secret (whsec_…).",
        ),
        401,
      );
    const raw = await c.req.text();
    const check = verify(
      {
        id: c.req.header("svix-id"),
        timestamp: c.req.header("svix-timestamp"),
        signature: c.req.header("svix-signature"),
      },
      raw,
      deps.clock.now(),
    );
    if (!check.ok)
      return c.json(errorBody("unauthorized", `Webhook signature refused: ${check.reason}`), 401);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return c.json(errorBody("bad_request", "The webhook body is not JSON."), 400);
    }
    const event = parseResendEvent(body);
    if (!event) return c.json({ status: "ignored" }, 200);
    return c.json({ status: await recordDeliveryEvent({ ctx: { deps }, input: event }) }, 200);
  });
}
