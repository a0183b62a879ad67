import { createSecretKey, type KeyObject } from "node:crypto";
import { eq } from "drizzle-orm";
import { outboxEvents } from "../../../db/schema/index.ts";
import type { Deps } from "../../domain/context.ts";
import { DomainError } from "../../domain/errors.ts";
import type { OutboxEvent } from "../../domain/outbox/outbox-cursor.ts";
import { type IncidentView, loadIncident } from "../../domain/read/load-page.ts";
import { loadPublicData, type PublicData } from "../../domain/read/public-documents.ts";
import { linkSecret } from "../../domain/subscribers/links.ts";
import type { IncidentKind, Indicator } from "../../domain/types.ts";
import {
  type ComponentShape,
  componentsShape,
  incidentShape,
  type ShapeContext,
  statusShape,
} from "../../shapes/statuspage-shapes.ts";
import type { PublicIncident } from "../channels/webhook/payload.ts";

/**
 * What webhook and chat messages need from the page, read once per data version and shared by every
 * batch: the public documents' own shapes, so a payload carries the objects the public API serves.
 */
export interface EndpointPage {
  data: PublicData;
  /** The page URL, no trailing slash. */
  base: string;
  /** Untranslated, as `GET /api/v2/incidents.json` without `?locale`. */
  ctx: ShapeContext;
  components: ComponentShape[];
  status: { indicator: Indicator; description: string };
  /** Signs each subscriber's manage link. */
  linkKey: KeyObject;
  /** The incident (or maintenance) as the public API shows it, or null once deleted. */
  incident(kind: IncidentKind, id: string): Promise<{ view: IncidentView; shape: PublicIncident } | null>;
  /** An outbox event by id (events never change, so each is read once). */
  event(id: string): Promise<OutboxEvent | null>;
}

export interface EndpointPageCache {
  current(): Promise<EndpointPage>;
}

/** Settings without an outbox event (e.g. the page name) are picked up within this long. */
const ttlMs = 5_000;

async function buildPage(deps: Deps, publicUrl: string): Promise<EndpointPage> {
  const [data, key] = await Promise.all([loadPublicData(deps, "status"), linkSecret(deps)]);
  const base = (data.settings.url ?? publicUrl).replace(/\/+$/, "");
  const ctx: ShapeContext = {
    settings: data.settings,
    components: data.components,
    pageUrl: base,
    locale: null,
  };
  const components = componentsShape(ctx);
  const status = statusShape(
    ctx,
    data.incidents.map((v) => v.incident),
    data.maintenanceInProgress,
  );
  const incidents = new Map<string, Promise<{ view: IncidentView; shape: PublicIncident } | null>>();
  const events = new Map<string, Promise<OutboxEvent | null>>();
  return {
    data,
    base,
    ctx,
    components,
    status,
    linkKey: createSecretKey(key),
    incident(kind, id) {
      let found = incidents.get(id);
      if (!found) {
        found = loadIncident(deps, kind, id).then(
          (view) => ({ view, shape: incidentShape(ctx, view, components) }),
          (error: unknown) => {
            if (error instanceof DomainError && error.code === "not_found") return null;
            incidents.delete(id);
            throw error;
          },
        );
        incidents.set(id, found);
      }
      return found;
    },
    event(id) {
      let found = events.get(id);
      if (!found) {
        found = deps
          .read((db) => db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))
          .then(([row]) => row ?? null);
        found.catch(() => events.delete(id));
        events.set(id, found);
      }
      return found;
    },
  };
}

/** One page per data version, built once even when two batches ask at the same time. */
export function createEndpointPageCache(deps: Deps, publicUrl: string): EndpointPageCache {
  let entry: { version: number; at: number; page: Promise<EndpointPage> } | undefined;
  return {
    async current() {
      const version = await deps.dataVersion();
      const at = Date.now();
      if (!entry || entry.version !== version || at - entry.at >= ttlMs) {
        const page = buildPage(deps, publicUrl);
        entry = { version, at, page };
        // A failed read is not kept: the next batch tries again.
        page.catch(() => {
          if (entry?.page === page) entry = undefined;
        });
      }
      return entry.page;
    },
  };
}
