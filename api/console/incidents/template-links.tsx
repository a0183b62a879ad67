import { type StartingText, startingTextsOf } from "./starting-texts.ts";

/** Links that open the form filled with a starting text: plain links, so no script is needed. */
export function TemplateLinks({ kind }: { kind: StartingText["kind"] }) {
  const base = kind === "incident" ? "/admin/incidents/new" : "/admin/maintenances/new";
  return (
    <section aria-labelledby="templates-title" class="card">
      <h2 id="templates-title">Start from a template</h2>
      <p class="hint">
        Fills in the name, the message and the status in English and French (what is typed in the form below
        is replaced); adapt them before posting.
      </p>
      <ul class="plain">
        {startingTextsOf(kind).map((t) => (
          <li>
            <a href={`${base}?template=${t.key}`}>{t.title}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
