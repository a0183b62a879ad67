import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { listNotificationDeliveries } from "../../domain/deliveries/list-notification-deliveries.ts";
import { listNotifications } from "../../domain/deliveries/list-notifications.ts";
import { listDisabled } from "../../domain/subscribers/list-disabled.ts";
import { listSuppressed } from "../../domain/subscribers/list-suppressed.ts";
import { channels, type DeliveryState, deliveryStates, messageKinds } from "../../domain/types.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, idParams, jsonResponse, nullable, pageLimit } from "./openapi-helpers.ts";

const tag = "Notifications";
const timestamp = z.iso.datetime({ offset: true }).meta({ example: "2026-11-27T14:00:00.000Z" });
const after = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .meta({ description: "The `next_cursor` of the previous page" });

const deliveryState = z.enum(deliveryStates);
const countsSchema = z.object({
  recipients: z.int(),
  pending: z.int(),
  sent: z.int().meta({ description: "Accepted by the provider, no delivery report yet" }),
  delivered: z.int(),
  bounced: z.int(),
  complained: z.int(),
  failed: z.int(),
}) satisfies z.ZodType<Record<DeliveryState | "recipients", number>>;

const byChannelSchema = z.partialRecord(z.enum(channels), countsSchema).meta({
  description: "The same counts per channel; only the channels this notification used are listed",
  example: {
    email: { recipients: 2, pending: 0, sent: 1, delivered: 1, bounced: 0, complained: 0, failed: 0 },
    sms: { recipients: 1, pending: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 1 },
  },
});

const notificationSchema = z
  .object({
    id: z.string().meta({ description: "Notification id (the event that caused it)" }),
    incident_id: z.string().nullable(),
    incident_name: z.string().nullable(),
    update_id: z.string().nullable().meta({ description: "Null for a maintenance reminder" }),
    kind: z.enum(messageKinds),
    created_at: timestamp,
    counts: countsSchema.meta({ description: "Messages by current state; they add up to recipients" }),
    by_channel: byChannelSchema,
    by_provider: z.record(z.string(), z.int()).meta({ description: "Messages handed to each provider" }),
  })
  .meta({ id: "Notification" });

const deliverySchema = z
  .object({
    id: z.string(),
    address: z.string().nullable().meta({ description: "Null once an unconfirmed address expired" }),
    channel: z.enum(channels),
    state: deliveryState,
    attempts: z.int(),
    last_error: z.string().nullable(),
    provider: z.string().nullable().meta({
      description:
        "Who carried the message (resend, smtp, mailbox, twilio, ...); null before the first attempt",
    }),
    provider_message_id: z.string().nullable(),
    updated_at: timestamp,
  })
  .meta({ id: "Delivery" });

const suppressedSchema = z
  .object({
    id: z.string(),
    channel: z.enum(channels),
    address: z.string(),
    reason: z.string().nullable(),
    suppressed_at: timestamp,
  })
  .meta({ id: "SuppressedAddress" });

const disabledSchema = z
  .object({
    id: z.string(),
    channel: z.enum(channels),
    url: z.string().meta({ description: "The webhook or chat URL that kept failing" }),
    reason: z.string().nullable().meta({ description: "The last error before it was disabled" }),
    failing_since: nullable(timestamp).meta({ description: "Since when every attempt failed" }),
    disabled_at: timestamp,
  })
  .meta({ id: "DisabledEndpoint" });

const cursor = nullable(z.string()).meta({
  description: "Pass as `after` for the next page; null at the end",
});

export function notificationRoutes({ deps }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/notifications",
        tag,
        role: "viewer",
        operationId: "listNotifications",
        summary: "List notifications sent for incident updates, newest first, with delivery counts",
        request: { query: z.object({ limit: pageLimit(50) }) },
        responses: {
          200: jsonResponse(z.object({ notifications: z.array(notificationSchema) }), "Notifications"),
        },
      }),
      async (c) => {
        const rows = await listNotifications({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("query"),
        });
        const notifications = rows.map((n) => ({
          id: n.id,
          incident_id: n.incidentId,
          incident_name: n.incidentName,
          update_id: n.updateId,
          kind: n.kind,
          created_at: n.createdAt.toISOString(),
          counts: n.counts,
          by_channel: n.byChannel,
          by_provider: n.byProvider,
        }));
        return c.json({ notifications }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/notifications/{id}",
        tag,
        role: "viewer",
        operationId: "listNotificationDeliveries",
        summary: "List the messages of one notification (by notification id or incident update id)",
        request: {
          params: idParams("Notification or incident update", "upd_8f2k1w0q9z7x3m4n"),
          query: z.object({ limit: pageLimit(100), after }),
        },
        responses: {
          200: jsonResponse(
            z.object({
              deliveries: z.array(deliverySchema),
              next_cursor: cursor,
              by_channel: byChannelSchema,
            }),
            "One page of deliveries",
          ),
        },
      }),
      async (c) => {
        const page = await listNotificationDeliveries({
          ctx: { deps, actor: c.get("actor") },
          input: {
            id: c.req.valid("param").id,
            ...c.req.valid("query"),
          },
        });
        const deliveries = page.deliveries.map((d) => ({
          id: d.id,
          address: d.address,
          channel: d.channel,
          state: d.state,
          attempts: d.attempts,
          last_error: d.lastError,
          provider: d.provider,
          provider_message_id: d.providerMessageId,
          updated_at: d.updatedAt.toISOString(),
        }));
        return c.json({ deliveries, next_cursor: page.nextCursor, by_channel: page.byChannel }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/subscribers/suppressed",
        tag,
        role: "viewer",
        operationId: "listSuppressedSubscribers",
        summary: "List suppressed addresses (hard bounces and complaints), which receive nothing",
        request: { query: z.object({ limit: pageLimit(100), after }) },
        responses: {
          200: jsonResponse(
            z.object({ subscribers: z.array(suppressedSchema), next_cursor: cursor }),
            "One page of suppressed addresses",
          ),
        },
      }),
      async (c) => {
        const page = await listSuppressed({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("query"),
        });
        const subscribers = page.subscribers.map((s) => ({
          id: s.id,
          channel: s.channel,
          address: s.address,
          reason: s.reason,
          suppressed_at: s.suppressedAt.toISOString(),
        }));
        return c.json({ subscribers, next_cursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/subscribers/disabled",
        tag,
        role: "viewer",
        operationId: "listDisabledSubscribers",
        summary:
          "List webhook and chat endpoints disabled after failing for a day; subscribing the URL again restores it",
        request: { query: z.object({ limit: pageLimit(100), after }) },
        responses: {
          200: jsonResponse(
            z.object({ subscribers: z.array(disabledSchema), next_cursor: cursor }),
            "One page of disabled endpoints",
          ),
        },
      }),
      async (c) => {
        const page = await listDisabled({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("query"),
        });
        const subscribers = page.subscribers.map((s) => ({
          id: s.id,
          channel: s.channel,
          url: s.url,
          reason: s.reason,
          failing_since: s.failingSince?.toISOString() ?? null,
          disabled_at: s.disabledAt.toISOString(),
        }));
        return c.json({ subscribers, next_cursor: page.nextCursor }, 200);
      },
    );
}
