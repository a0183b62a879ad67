import { startingTextsOf } from "../incidents/starting-texts.ts";

/**
 * First on the dashboard for editors: the templates, one link each, so that from the keyboard an
 * incident is three key presses away (skip link, Enter, Tab to the first template).
 */
export function OpenIncidentCard() {
  return (
    <section class="card" aria-labelledby="open-incident">
      <h2 id="open-incident">Something wrong? Open an incident</h2>
      <ul class="plain">
        {startingTextsOf("incident").map((t) => (
          <li>
            <a href={`/admin/incidents/new?template=${t.key}`}>{t.title}</a>
          </li>
        ))}
        <li>
          <a href="/admin/incidents/new">From a blank form</a>
        </li>
      </ul>
      <p class="hint">
        A template fills the name, message and status in English and French; you pick the components.
      </p>
    </section>
  );
}
