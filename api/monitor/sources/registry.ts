import type { PollResult } from "../../domain/dependencies/poll-result.ts";
import type { SourceConfig } from "../../domain/dependencies/source-schema.ts";
import { awsAdapter } from "./aws.ts";
import { azureAdapter } from "./azure.ts";
import { feedAdapter } from "./feed.ts";
import { gcpAdapter } from "./gcp.ts";
import { httpAdapter } from "./http.ts";
import { noValidators } from "./poll-fetch.ts";
import { slackAdapter } from "./slack.ts";
import { statuspageAdapter } from "./statuspage.ts";
import type { PollContext, SourceAdapter, SourceRegistry } from "./types.ts";

/** Every source kind wired to its adapter; a kind added to the schema and not here fails to compile. */
export function createSourceRegistry(): SourceRegistry {
  return {
    statuspage: statuspageAdapter,
    aws: awsAdapter,
    gcp: gcpAdapter,
    azure: azureAdapter,
    slack: slackAdapter,
    feed: feedAdapter,
    http: httpAdapter,
  };
}

/**
 * Polls one source with the adapter of its kind. Adapters report failures as results; should one
 * throw anyway, that too becomes a failure (state unknown) rather than an exception in the poller.
 */
export async function pollSource(
  registry: SourceRegistry,
  source: SourceConfig,
  ctx: PollContext,
): Promise<PollResult> {
  // The compiler cannot tie `registry[source.kind]` to `source`; the Record type guarantees it.
  const adapter = registry[source.kind] as SourceAdapter<SourceConfig["kind"]>;
  try {
    return await adapter.poll(source, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      kind: "failed",
      error: `could not read the ${source.kind} source: ${message}`,
      retryable: true,
      validators: noValidators,
    };
  }
}
