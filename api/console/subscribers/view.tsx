import type { SubscriberDetail } from "../../domain/subscribers/get-subscriber.ts";
import type { SubscriberSummary } from "../../domain/subscribers/search-subscribers.ts";
import type { SubscriberState } from "../../domain/types.ts";
import { CsrfField, Pager, Table, When } from "../kit/index.ts";

const toneOfState: Record<SubscriberState, string> = {
  active: "good",
  pending: "info",
  unsubscribed: "",
  suppressed: "bad",
  disabled: "bad",
};

export const SubscriberBadge = ({ state }: { state: SubscriberState }) => (
  <span class={`badge ${toneOfState[state]}`}>{state}</span>
);

export function SubscriberLinks({ canEdit }: { canEdit: boolean }) {
  return (
    <ul class="plain">
      <li>
        <a href="/admin/subscribers/suppressed">Suppressed addresses</a> (bounces, complaints) ·{" "}
        <a href="/admin/subscribers/disabled">Disabled endpoints</a> (webhooks and chats that kept failing)
      </li>
      {canEdit && (
        <li>
          <a href="/admin/subscribers.csv">Export every subscriber (CSV)</a> ·{" "}
          <a href="/admin/subscribers/import">Import email subscribers (CSV)</a>
        </li>
      )}
    </ul>
  );
}

export function SearchPage({
  q,
  found,
  nextCursor,
  canEdit,
}: {
  q: string;
  found: SubscriberSummary[];
  nextCursor: string | null;
  canEdit: boolean;
}) {
  const next = nextCursor
    ? `/admin/subscribers?q=${encodeURIComponent(q)}&after=${encodeURIComponent(nextCursor)}`
    : null;
  return (
    <>
      <SubscriberLinks canEdit={canEdit} />
      <form method="get" action="/admin/subscribers" class="card">
        <label for="f-q">Address contains</label>
        <p class="hint" id="f-q-hint">
          Part of an email address, a phone number or an endpoint URL.
        </p>
        <input id="f-q" name="q" type="search" value={q} aria-describedby="f-q-hint" />
        <div class="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      <div class="card table-wrap">
        <table>
          <caption class="muted">
            {q ? `Subscribers whose address contains "${q}"` : "Every subscriber"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">State</th>
              <th scope="col">Consent</th>
            </tr>
          </thead>
          <tbody>
            {found.map((s) => (
              <tr>
                <td>
                  <a href={`/admin/subscribers/${s.id}`}>{s.address}</a>
                  <br />
                  <span class="muted">{s.channel}</span>
                </td>
                <td>
                  <SubscriberBadge state={s.state} />
                </td>
                <td>
                  <When at={s.confirmedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {found.length === 0 && <p class="muted">No subscriber matches.</p>}
        <Pager links={next ? [{ href: next, label: "More subscribers" }] : []} />
      </div>
    </>
  );
}

export function SubscriberPage({
  detail,
  canEdit,
  csrfToken,
}: {
  detail: SubscriberDetail;
  canEdit: boolean;
  csrfToken: string;
}) {
  const s = detail.subscriber;
  const reason = s.suppressedReason ?? s.disabledReason;
  return (
    <>
      <section class="card" aria-labelledby="subscription">
        <h2 id="subscription">Subscription</h2>
        <p class="big">
          <SubscriberBadge state={s.state} />
        </p>
        <ul class="plain">
          <li>{`Channel: ${s.channel} · language: ${s.locale}`}</li>
          <li>
            {"Components: "}
            {detail.components.length === 0
              ? "every component"
              : detail.components.map((c) => c.name).join(", ")}
          </li>
          <li>
            Subscribed <When at={s.createdAt} /> · consent given <When at={s.confirmedAt} />
          </li>
          {s.unsubscribedAt && (
            <li>
              Unsubscribed <When at={s.unsubscribedAt} />
            </li>
          )}
          {reason && <li>{`Why no message goes there: ${reason}`}</li>}
        </ul>
        {canEdit && (s.state === "active" || s.state === "pending") && (
          <form method="post" action={`/admin/subscribers/${s.id}/unsubscribe`} class="actions">
            <CsrfField token={csrfToken} />
            <button type="submit" class="danger">{`Unsubscribe ${s.address}`}</button>
          </form>
        )}
      </section>
      <section class="card" aria-labelledby="deliveries">
        <h2 id="deliveries">Messages sent</h2>
        {detail.deliveries.length === 0 ? (
          <p class="muted">No message yet.</p>
        ) : (
          <Table label="Table of the messages sent" columns={["When", "Message", "State"]}>
            {detail.deliveries.map((d) => (
              <tr>
                <td>
                  <When at={d.createdAt} />
                </td>
                <td>
                  {d.kind}
                  {d.provider && <span class="muted">{` via ${d.provider}`}</span>}
                </td>
                <td>
                  {`${d.state} (${d.attempts} attempt${d.attempts === 1 ? "" : "s"})`}
                  {d.lastError && <span class="muted">{` · ${d.lastError}`}</span>}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <Pager
          links={
            detail.nextCursor
              ? [
                  {
                    href: `/admin/subscribers/${s.id}?before=${encodeURIComponent(detail.nextCursor)}`,
                    label: "Older messages",
                  },
                ]
              : []
          }
        />
      </section>
    </>
  );
}
