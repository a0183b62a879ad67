import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../../domain/context.ts";
import { recordSmsStatus } from "../../domain/deliveries/record-sms-status.ts";
import { parseTwilioStatus } from "../../domain/deliveries/twilio-status.ts";
import { handleInboundSms } from "../../domain/subscribers/inbound-sms.ts";
import { errorBody } from "../../web/errors.ts";
import { verifyTwilioSignature } from "./twilio-signature.ts";

export interface TwilioWebhookOptions {
  deps: Deps;
  /** The URL Twilio is configured to call, without a trailing slash: the signature covers it. */
  publicUrl: string;
  /** Without it nothing could prove a request came from Twilio, so both routes refuse every call. */
  authToken: string | undefined;
}

const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio's inbound-message webhook (STOP / START) and message status callbacks, both form-encoded and
 * signed with `X-Twilio-Signature`.
 */
export function twilioWebhookRoutes({ deps, publicUrl, authToken }: TwilioWebhookOptions) {
  /** The verified form fields, or the response refusing the request. */
  const verified = async (c: Context): Promise<Record<string, string> | Response> => {
    if (!authToken)
      return c.json(
        errorBody(
          "not_configured",
          "Twilio webhooks are not configured on this server: set TWILIO_AUTH_TOKEN to the account's auth token.",
        ),
        503,
      );
    const signature = c.req.header("X-Twilio-Signature");
    if (!signature)
      return c.json(
        errorBody(
          "unauthorized",
          "Missing X-Twilio-Signature: this endpoint only takes requests signed by Twilio.",
        ),
        401,
      );
    const params = [...new URLSearchParams(await c.req.text())];
    const { pathname, search } = new URL(c.req.url);
    if (!verifyTwilioSignature(authToken, `${publicUrl}${pathname}${search}`, params, signature))
      return c.json(
        errorBody(
          "forbidden",
          `X-Twilio-Signature does not match. Check that TWILIO_AUTH_TOKEN is the auth token of the account that sends, and that Twilio calls ${publicUrl}${pathname} (PUBLIC_URL).`,
        ),
        403,
      );
    return Object.fromEntries(params);
  };

  return new Hono()
    .use(
      "/api/webhooks/twilio/*",
      bodyLimit({
        maxSize: 64 * 1024,
        onError: (c) =>
          c.json(errorBody("payload_too_large", "The request body is too large (limit 64 KB)."), 413),
      }),
    )
    .post("/api/webhooks/twilio/inbound", async (c) => {
      const fields = await verified(c);
      if (fields instanceof Response) return fields;
      if (fields.From && fields.Body !== undefined)
        await handleInboundSms({ ctx: { deps }, input: { from: fields.From, body: fields.Body } });
      // No reply text: Twilio's own opt-out handling already answers STOP and START.
      return c.body(emptyTwiml, 200, { "Content-Type": "text/xml; charset=utf-8" });
    })
    .post("/api/webhooks/twilio/status", async (c) => {
      const fields = await verified(c);
      if (fields instanceof Response) return fields;
      const event = parseTwilioStatus(fields);
      if (!event) return c.json({ status: "ignored" }, 200);
      return c.json({ status: await recordSmsStatus({ ctx: { deps }, input: event }) }, 200);
    });
}
