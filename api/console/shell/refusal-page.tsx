import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { consolePage } from "../kit/index.ts";
import type { ConsoleEnv } from "./console-env.ts";

/** A page that says why the request was refused and what to do next. */
export function refusalPage(
  c: Context<ConsoleEnv>,
  status: ContentfulStatusCode,
  title: string,
  message: string,
) {
  return consolePage(
    c,
    title,
    <>
      <p>{message}</p>
      <p>
        <a href="/admin">Back to the dashboard</a>
      </p>
    </>,
    { status },
  );
}
