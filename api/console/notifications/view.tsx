import type { CountsByChannel } from "../../domain/deliveries/delivery-counts.ts";
import type { NotificationDelivery } from "../../domain/deliveries/list-notification-deliveries.ts";
import type { DeliveryCounts, NotificationSummary } from "../../domain/deliveries/list-notifications.ts";
import { deliveryStates } from "../../domain/types.ts";
import { counted, When } from "../kit/index.ts";

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
    <div class="card table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            <th scope="col">By state</th>
            <th scope="col">By channel</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}

/** A table without links still scrolls sideways on a phone: its wrapper takes the focus, so keys scroll it. */
export function DeliveriesTable({ deliveries }: { deliveries: NotificationDelivery[] }) {
  return (
    <section class="card table-wrap" tabindex={0} aria-label="Messages of this notification">
      <table>
        <thead>
          <tr>
            <th scope="col">Recipient</th>
            <th scope="col">State</th>
            <th scope="col">Provider</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </section>
  );
}
