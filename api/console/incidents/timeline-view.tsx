import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import { labels, StatusBadge, When } from "../kit/index.ts";

/** Every update, newest first, with its French text and what it did to each component. */
export function Timeline({ view, components }: { view: IncidentView; components: ComponentRow[] }) {
  const names = new Map(components.map((c) => [c.id, c.name]));
  return (
    <section class="card" aria-labelledby="timeline">
      <h2 id="timeline">Updates</h2>
      <ol class="timeline">
        {view.updates.map((u) => (
          <li>
            <p>
              <StatusBadge status={u.status} /> <When at={u.displayAt} />
              {!u.deliverNotifications && <span class="muted"> · subscribers not notified</span>}
            </p>
            <p class="prose">{u.body}</p>
            {u.translations.fr && (
              <p class="prose" lang="fr">
                {u.translations.fr}
              </p>
            )}
            {u.affected.length > 0 && (
              <ul class="muted">
                {u.affected.map((a) => (
                  <li>
                    {`${names.get(a.componentId) ?? a.componentId}: ${labels.component_statuses[a.oldStatus]} → ${labels.component_statuses[a.newStatus]}`}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The components an incident or maintenance concerns, with their status now. */
export function AffectedNow({ view, components }: { view: IncidentView; components: ComponentRow[] }) {
  const mine = components.filter((c) => view.componentIds.includes(c.id));
  if (mine.length === 0) return <p class="muted">No component is attached to it.</p>;
  return (
    <ul class="plain">
      {mine.map((c) => (
        <li>{`${c.name}: ${labels.component_statuses[c.status]}`}</li>
      ))}
    </ul>
  );
}
