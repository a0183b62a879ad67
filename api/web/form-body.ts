import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BodyData } from "hono/utils/body";

export const malformedFormMessage =
  "The form could not be read: its body is malformed or cut short (a multipart body must end with its closing boundary). Send the form again.";

/**
 * The fields of a form post. A body the parser cannot read (a multipart body cut short, a wrong
 * boundary, a connection closed mid-way) is the client's mistake: it answers 400, never a 500.
 */
export async function readFormBody<O extends { all?: boolean } = { all?: false }>(
  c: Context,
  options?: O,
): Promise<BodyData<O>> {
  try {
    return await c.req.parseBody<O, BodyData<O>>(options ?? ({} as O));
  } catch {
    throw new HTTPException(400, { message: malformedFormMessage });
  }
}
