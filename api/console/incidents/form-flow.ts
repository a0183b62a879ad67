import type { Child } from "hono/jsx";
import { consolePage, type FormErrors, type PageContext } from "../kit/index.ts";
import { type Parsed, refusalOf } from "./input.ts";
import type { MessagePreview } from "./message-preview.ts";
import { allowEmailStyles } from "./preview-view.tsx";

/** What a form page shows besides the values typed: what to fix, or the message subscribers would get. */
export interface Shown {
  errors?: FormErrors;
  preview?: MessagePreview;
  status?: 200 | 409 | 422;
}

/** A form page in the console's layout; a preview's email is shown with its own styles. */
export function shownPage(c: PageContext, title: string, shown: Shown, body: Child) {
  if (shown.preview) allowEmailStyles(c);
  return consolePage(c, title, body, { status: shown.status ?? 200 });
}

/**
 * The end of a form post: input the schema refuses shows the form `again` with what to fix; else
 * `post` runs the verb, and a refusal the user can act on (a conflict, a missing reference) shows the
 * form again too. Any other error is not the user's to fix: it goes on to the console's error page.
 */
export async function postOrRefuse<T>(
  parsed: Parsed<T>,
  again: (shown: Shown) => Promise<Response>,
  post: (input: T) => Promise<Response>,
): Promise<Response> {
  if (!parsed.ok) return again({ errors: parsed.errors, status: 422 });
  try {
    return await post(parsed.input);
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return again(refusal);
  }
}

export interface PreviewOrPostOptions<T> {
  parsed: Parsed<T>;
  /** The button pressed: "preview" shows the message, anything else posts. */
  intent: string;
  again: (shown: Shown) => Promise<Response>;
  preview: (input: T) => Promise<MessagePreview>;
  post: (input: T) => Promise<Response>;
}

/** The forms that tell subscribers (open, schedule, update, resolve): as `postOrRefuse`, with a preview. */
export async function previewOrPost<T>(options: PreviewOrPostOptions<T>): Promise<Response> {
  const { parsed, intent, again } = options;
  if (parsed.ok && intent === "preview") return again({ preview: await options.preview(parsed.input) });
  return postOrRefuse(parsed, again, options.post);
}
