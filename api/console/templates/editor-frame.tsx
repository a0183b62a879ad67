import type { Child } from "hono/jsx";
import { CsrfField } from "../kit/index.ts";

export interface EditorFrameProps {
  /** The template's page: the form posts here, previews at `/preview`, resets at `/reset`. */
  base: string;
  /** Said after "All templates": whether the admins changed it. */
  state: string;
  /** Between that line and the form (what the template may use). */
  intro?: Child;
  heading: string;
  formError?: string | undefined;
  canEdit: boolean;
  csrfToken: string;
  /** What a reset drops, when there is something to reset; else no reset card. */
  resetNote?: string | undefined;
  /** The source fields. */
  children: Child;
}

/**
 * The frame both template editors share: the source form with its live preview and Save buttons
 * (read-only for viewers), and the card that drops the admins' changes.
 */
export function EditorFrame(props: EditorFrameProps) {
  const { base, canEdit, csrfToken } = props;
  return (
    <>
      <p>
        <a href="/admin/templates">All templates</a> · {props.state}
      </p>
      {props.intro}
      <form
        method="post"
        action={base}
        class="card"
        aria-labelledby="sources"
        data-live={canEdit ? `${base}/preview` : undefined}
      >
        <h2 id="sources">{props.heading}</h2>
        {props.formError && (
          <p class="notice error" role="alert">
            {props.formError}
          </p>
        )}
        <CsrfField token={csrfToken} />
        {props.children}
        <p id="live-status" role="status" class="muted" />
        {canEdit ? (
          <div class="buttons">
            <button type="submit" formaction={`${base}/preview`} class="secondary">
              Preview
            </button>
            <button type="submit">Save</button>
          </div>
        ) : (
          <p class="muted">Editors can change this template; you can read it.</p>
        )}
      </form>
      {canEdit && props.resetNote && (
        <form method="post" action={`${base}/reset`} class="card" aria-labelledby="reset">
          <h2 id="reset">Back to the built-in version</h2>
          <p>{props.resetNote}</p>
          <CsrfField token={csrfToken} />
          <button type="submit" class="danger">
            Reset to default
          </button>
        </form>
      )}
    </>
  );
}
