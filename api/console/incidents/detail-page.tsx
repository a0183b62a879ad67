import type { Child } from "hono/jsx";
import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import type { FormErrors } from "../kit/index.ts";
import type { MessagePreview } from "./message-preview.ts";
import { PreviewSection } from "./preview-view.tsx";
import { AffectedNow, Timeline } from "./timeline-view.tsx";
import { UpdateForm, type UpdateValues, updateFormId } from "./update-form.tsx";

export interface DetailProps {
  view: IncidentView;
  components: ComponentRow[];
  /** The page's time zone, for the times a maintenance's plan names. */
  timeZone: string;
  /** Editors get the forms; viewers read. */
  canEdit: boolean;
  csrfToken: string;
  update: UpdateValues;
  errors?: FormErrors | undefined;
  preview?: MessagePreview | undefined;
}

/** What an incident's page and a maintenance's say differently; the rest of the page is the same. */
export interface DetailKind {
  /** The console section: `/admin/<section>/<id>`. */
  section: "incidents" | "maintenances";
  allLabel: string;
  aboutHeading: string;
  badges: (props: DetailProps) => Child;
  /** Below the French name: when it started, or the maintenance's plan. */
  summary: (props: DetailProps) => Child;
  actions: (props: DetailProps) => Child;
  statuses: { value: string; label: string }[];
  /** What "No change" does for an update of this kind. */
  componentsHint: string;
  /** Said next to Notify subscribers when nobody will be told anyway. */
  silentBecause?: (props: DetailProps) => string | undefined;
  /** Said in the preview when Notify subscribers is unticked. */
  quiet: (props: DetailProps) => string;
  /** Shown between the preview and the timeline (an incident's postmortem). */
  extra?: (props: DetailProps) => Child;
}

/** One incident or maintenance: where it stands, posting an update with its preview, the timeline. */
export function DetailPage({ kind, ...props }: DetailProps & { kind: DetailKind }) {
  const { view, components, canEdit, csrfToken } = props;
  const updates = `/admin/${kind.section}/${view.incident.id}/updates`;
  return (
    <>
      <p>
        <a href={`/admin/${kind.section}`}>{kind.allLabel}</a>
      </p>
      <section class="card" aria-labelledby="about">
        <h2 id="about">{kind.aboutHeading}</h2>
        <p>{kind.badges(props)}</p>
        {view.nameTranslations.fr && (
          <p>
            In French: <span lang="fr">{view.nameTranslations.fr}</span>
          </p>
        )}
        {kind.summary(props)}
        <AffectedNow view={view} components={components} />
        {canEdit && kind.actions(props)}
      </section>
      {canEdit && (
        <UpdateForm
          action={updates}
          heading="Post an update"
          statuses={kind.statuses}
          components={components}
          componentsHint={kind.componentsHint}
          values={props.update}
          errors={props.errors ?? {}}
          csrfToken={csrfToken}
          post="Post the update"
          silentBecause={kind.silentBecause?.(props)}
        />
      )}
      {props.preview && (
        <PreviewSection
          preview={props.preview}
          post={{ form: updateFormId(updates), label: "Post the update" }}
          quiet={kind.quiet(props)}
        />
      )}
      {kind.extra?.(props)}
      <Timeline view={view} components={components} />
    </>
  );
}
