import { Hono } from "hono";

/** A plain page at `/` that says where things are, until the static status page is built. */
export function landingRoutes() {
  const app = new Hono();
  app.get("/", (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Vigie</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Vigie is running</h1>
<ul>
<li>Status (Statuspage v2 JSON): <a href="/api/v2/summary.json">/api/v2/summary.json</a></li>
<li>Admin API description (OpenAPI 3.1): <a href="/api/openapi.json">/api/openapi.json</a></li>
</ul>
</body></html>`),
  );
  return app;
}
