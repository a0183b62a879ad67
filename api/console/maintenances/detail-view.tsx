import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import { maintenanceStatuses } from "../../domain/types.ts";
import type { MessagePreview } from "../incidents/message-preview.ts";
import { PreviewSection } from "../incidents/preview-view.tsx";
import { AffectedNow, Timeline } from "../incidents/timeline-view.tsx";
import { UpdateForm, type UpdateValues, updateFormId } from "../incidents/update-form.tsx";
import { CsrfField, DraftBadge, type FormErrors, labels, StatusBadge, When } from "../kit/index.ts";

export interface MaintenanceDetailProps {
  view: IncidentView;
  components: ComponentRow[];
  timeZone: string;
  canEdit: boolean;
  csrfToken: string;
  update: UpdateValues;
  errors?: FormErrors;
  preview?: MessagePreview | undefined;
}

const statusOptions = maintenanceStatuses.map((s) => ({ value: s, label: labels.incident_statuses[s] }));

function Plan({ view, timeZone }: { view: IncidentView; timeZone: string }) {
  const m = view.incident;
  return (
    <ul class="plain">
      <li>
        From <When at={m.scheduledFor} timeZone={timeZone} none="not set" /> to{" "}
        <When at={m.scheduledUntil} timeZone={timeZone} none="not set" />
      </li>
      <li>
        {m.autoStart
          ? "Starts by itself at the start time."
          : "Started by hand (post an In progress update)."}
      </li>
      <li>{m.autoComplete ? "Completes by itself at the end time." : "Completed by hand."}</li>
      <li>
        {m.remindPriorMinutes === null
          ? "No reminder."
          : `Subscribers are reminded ${m.remindPriorMinutes} minutes before${m.remindedAt ? " (sent)" : ""}.`}
      </li>
    </ul>
  );
}

export function MaintenanceDetailPage(props: MaintenanceDetailProps) {
  const { view, components, canEdit, csrfToken, timeZone } = props;
  const m = view.incident;
  const base = `/admin/maintenances/${m.id}`;
  return (
    <>
      <p>
        <a href="/admin/maintenances">All maintenances</a>
      </p>
      <section class="card" aria-labelledby="about">
        <h2 id="about">The plan</h2>
        <p>
          <StatusBadge status={m.status} /> <DraftBadge published={m.published} />
        </p>
        {view.nameTranslations.fr && (
          <p>
            In French: <span lang="fr">{view.nameTranslations.fr}</span>
          </p>
        )}
        <Plan view={view} timeZone={timeZone} />
        <AffectedNow view={view} components={components} />
        {canEdit && (
          <div class="buttons">
            <a href={`${base}/edit`}>Change the plan</a>
            {m.status !== "completed" && (
              <form method="post" action={`${base}/complete`} class="inline">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Complete now
                </button>
              </form>
            )}
          </div>
        )}
      </section>
      {canEdit && (
        <UpdateForm
          action={`${base}/updates`}
          heading="Post an update"
          statuses={statusOptions}
          components={components}
          componentsHint="Set a status for what this update changes. Left at No change: In progress puts the maintenance's components under maintenance, Completed sets them back to operational, other updates change nothing."
          values={props.update}
          errors={props.errors ?? {}}
          csrfToken={csrfToken}
          post="Post the update"
        />
      )}
      {props.preview && (
        <PreviewSection
          preview={props.preview}
          post={{ form: updateFormId(`${base}/updates`), label: "Post the update" }}
          quiet="No message goes out for this update: subscribers hear when a maintenance is scheduled, starts and completes, if Notify subscribers is ticked."
        />
      )}
      <Timeline view={view} components={components} />
    </>
  );
}
