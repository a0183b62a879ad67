import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import { CsrfField, DraftBadge, type FormErrors, ImpactBadge, StatusBadge, When } from "../kit/index.ts";
import { openingStatuses } from "./form.tsx";
import type { MessagePreview } from "./message-preview.ts";
import { PreviewSection } from "./preview-view.tsx";
import { AffectedNow, Timeline } from "./timeline-view.tsx";
import { UpdateForm, type UpdateValues, updateFormId } from "./update-form.tsx";

export interface IncidentDetailProps {
  view: IncidentView;
  components: ComponentRow[];
  /** Editors get the forms; viewers read. */
  canEdit: boolean;
  csrfToken: string;
  update: UpdateValues;
  errors?: FormErrors;
  preview?: MessagePreview | undefined;
}

const open = (view: IncidentView) => !["resolved", "postmortem"].includes(view.incident.status);

function Actions({ view, csrfToken }: { view: IncidentView; csrfToken: string }) {
  const base = `/admin/incidents/${view.incident.id}`;
  return (
    <div class="buttons">
      {!view.incident.published && (
        <form method="post" action={`${base}/publish`} class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="back" value="incident" />
          <button type="submit">Publish and notify subscribers</button>
        </form>
      )}
      {open(view) && <a href={`${base}/resolve`}>Resolve</a>}
      <a href={`${base}/edit`}>Edit name or impact</a>
      {!open(view) && <a href={`${base}/postmortem`}>Postmortem</a>}
    </div>
  );
}

export function IncidentDetailPage(props: IncidentDetailProps) {
  const { view, components, canEdit, csrfToken } = props;
  const i = view.incident;
  return (
    <>
      <p>
        <a href="/admin/incidents">All incidents</a>
      </p>
      <section class="card" aria-labelledby="about">
        <h2 id="about">Where it stands</h2>
        <p>
          <StatusBadge status={i.status} /> <ImpactBadge impact={i.impact} />{" "}
          <DraftBadge published={i.published} />
        </p>
        {view.nameTranslations.fr && (
          <p>
            In French: <span lang="fr">{view.nameTranslations.fr}</span>
          </p>
        )}
        <p class="muted">
          Started <When at={i.startedAt} />
          {i.resolvedAt && (
            <>
              {" "}
              · resolved <When at={i.resolvedAt} />
            </>
          )}
        </p>
        <AffectedNow view={view} components={components} />
        {canEdit && <Actions view={view} csrfToken={csrfToken} />}
      </section>
      {canEdit && (
        <UpdateForm
          action={`/admin/incidents/${i.id}/updates`}
          heading="Post an update"
          statuses={openingStatuses}
          components={components}
          componentsHint="Set a new status for what this update changes; components left at No change keep theirs."
          values={props.update}
          errors={props.errors ?? {}}
          csrfToken={csrfToken}
          post="Post the update"
          silentBecause={
            i.published ? undefined : "A draft notifies nobody: subscribers hear of it when it is published."
          }
        />
      )}
      {props.preview && (
        <PreviewSection
          preview={props.preview}
          post={{ form: updateFormId(`/admin/incidents/${i.id}/updates`), label: "Post the update" }}
          quiet={
            i.published
              ? "No message goes out for this update (Notify subscribers is unticked)."
              : "This incident is a draft: subscribers hear of it when it is published."
          }
        />
      )}
      {i.postmortemBody && (
        <section class="card" aria-labelledby="postmortem">
          <h2 id="postmortem">{i.postmortemPublishedAt ? "Postmortem" : "Postmortem (draft, not public)"}</h2>
          <p class="prose">{i.postmortemBody}</p>
        </section>
      )}
      <Timeline view={view} components={components} />
    </>
  );
}
