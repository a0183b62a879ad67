import type { CountsByChannel } from "../../domain/deliveries/delivery-counts.ts";
import type { NotificationDelivery } from "../../domain/deliveries/list-notification-deliveries.ts";
import type { DeliveryCounts, NotificationSummary } from "../../domain/deliveries/list-notifications.ts";
import { deliveryStates } from "../../domain/types.ts";
import { counted, Table, When } from "../kit/index.ts";

const recipient = { one: "recipient", other: "recipients" };

/** "3 delivered, 1 failed": the states that have messages, in the lifecycle's order. */
export const countsText = (counts: DeliveryCounts) =>
  deliveryStates
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(", ") || "no message";

export function ByChannel({ byChannel }: { byChannel: CountsByChannel }) {
  const entries = Object.entries(byChannel) as [string, DeliveryCounts][];
  if (entries.length === 0) return <span class="muted">no message</span>;
  return (
    <ul class="plain">
      {entries.map(([channel, counts]) => (
        <li>{`${channel}: ${counted(counts.recipients, recipient)} — ${countsText(counts)}`}</li>
      ))}
    </ul>
  );
}

const title = (n: NotificationSummary) => `${n.kind}${n.incidentName ? ` · ${n.incidentName}` : ""}`;

export function NotificationsTable({ notifications }: { notifications: NotificationSummary[] }) {
  if (notifications.length === 0) return <p class="muted">No notification has been sent yet.</p>;
  return (
    <Table card columns={["Notification", "By state", "By channel"]}>
      {notifications.map((n) => (
        <tr>
          <td>
            <a href={`/admin/notifications/${encodeURIComponent(n.id)}`}>{title(n)}</a>
            <br />
            <span class="muted">
              <When at={n.createdAt} />
            </span>
          </td>
          <td>{`${counted(n.counts.recipients, recipient)}: ${countsText(n.counts)}`}</td>
          <td>
            <ByChannel byChannel={n.byChannel} />
            {Object.keys(n.byProvider).length > 0 && (
              <span class="muted">
                {`via ${Object.entries(n.byProvider)
                  .map(([p, count]) => `${p} (${count})`)
                  .join(", ")}`}
              </span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** A table without links still scrolls sideways on a phone: its wrapper takes the focus, so keys scroll it. */
export function DeliveriesTable({ deliveries }: { deliveries: NotificationDelivery[] }) {
  return (
    <Table card label="Messages of this notification" columns={["Recipient", "State", "Provider"]}>
      {deliveries.map((d) => (
        <tr>
          <td>
            {d.address ?? <span class="muted">expired address</span>}
            <br />
            <span class="muted">{d.channel}</span>
          </td>
          <td>
            {`${d.state} (${d.attempts} attempt${d.attempts === 1 ? "" : "s"})`}
            {d.lastError && <span class="muted">{` · ${d.lastError}`}</span>}
            <br />
            <span class="muted">
              <When at={d.updatedAt} />
            </span>
          </td>
          <td>
            {d.provider ?? "not tried yet"}
            {d.providerMessageId && (
              <>
                <br />
                <code class="muted">{d.providerMessageId}</code>
              </>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
