import type { PollResult, PollValidators } from "../../domain/dependencies/poll-result.ts";
import type { SourceConfig, SourceConfigOf } from "../../domain/dependencies/source-schema.ts";
import type { SafeFetch } from "../../net/safe-fetch.ts";

export interface PollContext {
  fetch: SafeFetch;
  validators: PollValidators;
  now: Date;
  userAgent: string;
  timeoutMs: number;
}

export interface SourceAdapter<K extends SourceConfig["kind"]> {
  poll(source: SourceConfigOf<K>, ctx: PollContext): Promise<PollResult>;
}

/** One adapter per kind: a kind that is not wired fails to compile. */
export type SourceRegistry = { [K in SourceConfig["kind"]]: SourceAdapter<K> };
