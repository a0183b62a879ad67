import type { DependencyWithImpacts } from "../../domain/dependencies/create-dependency.ts";
import type { OncallContactRow } from "../../domain/dependencies/create-oncall-contact.ts";
import type { DependencyMap } from "../../domain/dependencies/get-dependency-map.ts";
import { StateBadge } from "../dashboard/cards.tsx";
import { CsrfField, ErrorSummary, Field, Pager, Table, When } from "../kit/index.ts";

function DependencyTable({ dependencies }: { dependencies: DependencyWithImpacts[] }) {
  if (dependencies.length === 0) return <p class="muted">No provider is watched yet.</p>;
  return (
    <Table columns={["Provider", "State", "Last check"]}>
      {dependencies.map(({ dependency: d, impacts }) => (
        <tr>
          <td>
            <a href={`/admin/dependencies/${d.id}`}>{d.name}</a>
            <br />
            <span class="muted">{`${d.sourceKind} · ${impacts.length} impact${impacts.length === 1 ? "" : "s"}`}</span>
          </td>
          <td>
            <StateBadge state={d.state} />
            {!d.enabled && <span class="badge">paused</span>}
            {d.shownOnPage && <span class="badge">on the page</span>}
          </td>
          <td>
            <When at={d.lastCheckedAt} />
            {d.lastError && <span class="muted">{` · ${d.lastError}`}</span>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Fragility({ map }: { map: DependencyMap }) {
  const spofs = map.singlePointsOfFailure;
  return (
    <section class="card" aria-labelledby="spof">
      <h2 id="spof">Single points of failure</h2>
      {spofs.length === 0 ? (
        <p class="muted">None: no component needs one provider critically without an alternative.</p>
      ) : (
        <ul class="plain">
          {spofs.map((s) => (
            <li>
              {`${s.componentName} needs `}
              <a href={`/admin/dependencies/${s.dependencyId}`}>{s.dependencyName}</a>
              {" critically, with no alternative."}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MapPicture({ map }: { map: DependencyMap }) {
  return (
    <section class="card" aria-labelledby="map">
      <h2 id="map">Dependency map</h2>
      <img
        class="map"
        src="/admin/dependency-map.svg"
        width="960"
        alt={`Our ${map.components.length} components on the left, the ${map.dependencies.length} providers they depend on on the right, linked by their impacts; single points of failure (listed above) in red.`}
      />
    </section>
  );
}

export interface OncallFormState {
  values: { name: string; email: string };
  errors: Record<string, string>;
}

function Oncall({
  contacts,
  canEdit,
  csrfToken,
  form,
}: {
  contacts: OncallContactRow[];
  canEdit: boolean;
  csrfToken: string;
  form?: OncallFormState | undefined;
}) {
  return (
    <section class="card" aria-labelledby="oncall">
      <h2 id="oncall">On-call contacts</h2>
      <p class="hint">Emailed at once when a provider degrades, before any incident is published.</p>
      {contacts.length === 0 ? (
        <p class="muted">Nobody yet: degradations only show here and as drafts.</p>
      ) : (
        <ul class="plain">
          {contacts.map((o) => (
            <li>
              {`${o.name} <${o.email}>`}
              {canEdit && (
                <form method="post" action={`/admin/oncall/${o.id}/delete`} class="inline">
                  <CsrfField token={csrfToken} />{" "}
                  <button type="submit" class="secondary">{`Remove ${o.name}`}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form method="post" action="/admin/oncall" aria-labelledby="add-oncall">
          <h3 id="add-oncall">Add an on-call contact</h3>
          <ErrorSummary errors={form?.errors ?? {}} />
          <CsrfField token={csrfToken} />
          <Field
            label="Name"
            name="name"
            value={form?.values.name}
            error={form?.errors.name}
            autocomplete="off"
          />
          <Field
            label="Email"
            name="email"
            type="email"
            value={form?.values.email}
            error={form?.errors.email}
            autocomplete="off"
          />
          <div class="actions">
            <button type="submit">Add contact</button>
          </div>
        </form>
      )}
    </section>
  );
}

export interface DependenciesPageProps {
  dependencies: DependencyWithImpacts[];
  nextCursor: string | null;
  map: DependencyMap;
  contacts: OncallContactRow[];
  canEdit: boolean;
  csrfToken: string;
  oncallForm?: OncallFormState | undefined;
}

export function DependenciesPage(props: DependenciesPageProps) {
  return (
    <>
      <p>
        The providers we depend on, as their status pages report them. Unknown means the last check failed,
        never that all is well.
        {props.canEdit && (
          <>
            {" "}
            <a href="/admin/dependencies/new">Add a dependency</a>.
          </>
        )}
      </p>
      <section class="card" aria-labelledby="watched">
        <h2 id="watched">Watched providers</h2>
        <DependencyTable dependencies={props.dependencies} />
        <Pager
          links={
            props.nextCursor
              ? [{ href: `/admin/dependencies?after=${props.nextCursor}`, label: "More providers" }]
              : []
          }
        />
      </section>
      <Fragility map={props.map} />
      <MapPicture map={props.map} />
      <Oncall
        contacts={props.contacts}
        canEdit={props.canEdit}
        csrfToken={props.csrfToken}
        form={props.oncallForm}
      />
    </>
  );
}
