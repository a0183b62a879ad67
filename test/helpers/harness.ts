import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { fixedClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import type { PublishTargetPolicy } from "../../api/domain/settings/publish-target-policy.ts";
import { createToken } from "../../api/domain/tokens/tokens.ts";
import type { Role } from "../../api/domain/types.ts";
import { type AppOptions, createApp } from "../../api/http/app.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";
import { perTest } from "./per-test.ts";

export const testPublicUrl = "http://status.test";

export interface TestDbOptions {
  /** `memory` (default) or a fresh temporary file. */
  storage?: "memory" | "file";
  now?: Date;
  /**
   * How long the data version read from the database is trusted (the server's is 500 ms). 0 by
   * default: every read sees the last write, and public documents are never answered ahead of the
   * router, whose fast path needs a version still trusted.
   */
  versionTtlMs?: number;
}

export interface TestDb {
  handle: DbHandle;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  /** The database file, with `storage: "file"` (for other processes to open). */
  file: string | null;
  close(): void;
}

/** A real libSQL database, migrated by the real migrations, with a clock the test controls. */
export async function createTestDb({
  storage = "memory",
  now = new Date("2026-11-27T12:00:00Z"),
  versionTtlMs = 0,
}: TestDbOptions = {}): Promise<TestDb> {
  const dir = storage === "file" ? mkdtempSync(join(tmpdir(), "vigie-test-")) : null;
  const handle = createDb({ url: dir ? `file:${join(dir, "vigie.db")}` : ":memory:" });
  await migrateDb(handle);
  const clock = fixedClock(now);
  const deps = createDeps({ handle, clock, logger: silentLogger, versionTtlMs });
  return {
    handle,
    deps,
    clock,
    file: dir ? join(dir, "vigie.db") : null,
    close: () => {
      handle.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestApp extends TestDb {
  app: ReturnType<typeof createApp>;
  tokens: Record<Role, string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Sends a request and returns status and parsed JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
  json<T = any>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<{ status: number; body: T; headers: Headers }>;
}

export interface TestAppOptions extends TestDbOptions {
  /** Enables `POST /api/webhooks/resend` with this signing secret (`whsec_…`). */
  resendWebhookSecret?: string;
  /** Where owners may set directory publish targets (PUBLISH_ROOT); nowhere by default. */
  publishPolicy?: PublishTargetPolicy;
  metrics?: AppOptions["metrics"];
}

/** The real Hono app over a real database, with one API token per role. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDb(options);
  const app = createApp({
    deps: db.deps,
    publicUrl: testPublicUrl,
    templates: await loadTemplates(db.deps),
    resendWebhookSecret: options.resendWebhookSecret,
    publishPolicy: options.publishPolicy,
    metrics: options.metrics,
    // As behind one reverse proxy: a test names its client with X-Forwarded-For.
    trustedProxies: 1,
  });
  const owner = systemActor("test");
  const tokens = {} as Record<Role, string>;
  for (const role of ["owner", "editor", "viewer"] as const) {
    tokens[role] = (
      await createToken({ ctx: { deps: db.deps, actor: owner }, input: { name: `${role} token`, role } })
    ).token;
  }
  const request = (
    method: string,
    path: string,
    { token = tokens.owner, body, rawBody, headers = {} }: RequestOptions = {},
  ) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload: string | undefined = rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h["Content-Type"] ??= "application/json";
    } else if (rawBody !== undefined) {
      h["Content-Type"] ??= "application/json";
    }
    return Promise.resolve(app.request(path, { method, headers: h, body: payload }));
  };
  const json = async (method: string, path: string, opts?: RequestOptions) => {
    const res = await request(method, path, opts);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return { ...db, app, tokens, request, json };
}

/** A new test database for each test of the file (or `describe`), closed after the test. */
export function testDbForEachTest(options: TestDbOptions = {}): TestDb {
  return perTest(
    () => createTestDb(options),
    (t) => t.close(),
  );
}

/**
 * A new test app for each test of the file (or of the `describe` it is called in), closed after the
 * test. The object returned stands for the current test's app.
 */
export function testAppForEachTest(options: TestAppOptions = {}): TestApp {
  return perTest(
    () => createTestApp(options),
    (t) => t.close(),
  );
}

/** Adds a component through the admin API, as the owner, and returns its id. */
export async function postComponent(t: TestApp, name: string): Promise<string> {
  const res = await t.json("POST", "/api/admin/components", { body: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
