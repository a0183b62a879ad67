import type { Context, Env, Handler, Hono } from "hono";

const outerKey = Symbol("outer context");

/** What an app loaded by `lazyApp` finds in `c.env`: the host's bindings, and the request's context there. */
export interface OuterEnv extends Env {
  Bindings: { [outerKey]?: Context };
}

/** The context of the main app that handed this request over (undefined when called directly). */
export function outerContext(c: Context<OuterEnv>): Context | undefined {
  return (c.env as OuterEnv["Bindings"] | undefined)?.[outerKey];
}

/**
 * A handler that builds an app on the first request it gets and hands it every request from then
 * on, with the same bindings (Node's request and response, for the client's address) and the main
 * app's context. Hono builds its router once, at the first request: routes cannot be added to the
 * main app later, so the app loaded late answers on its own, behind a catch-all route. `load()`
 * builds it without a request (to list its routes).
 */
export function lazyApp(load: () => Promise<Hono<OuterEnv>>): Handler & { load(): Promise<Hono<OuterEnv>> } {
  let loading: Promise<Hono<OuterEnv>> | undefined;
  const once = () =>
    (loading ??= load().catch((error: unknown) => {
      // A failed load (a file missing from a broken install) is tried again by the next request.
      loading = undefined;
      throw error;
    }));
  const handler: Handler = async (c) =>
    (await once()).fetch(c.req.raw, { ...(c.env as object), [outerKey]: c });
  return Object.assign(handler, { load: once });
}
