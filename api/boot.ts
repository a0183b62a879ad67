import { createDb, type DbHandle, migrateDb } from "../db/client.ts";
import type { Config } from "./config.ts";
import type { Clock } from "./domain/clock.ts";
import { createDeps, type Deps } from "./domain/context.ts";
import type { Logger } from "./domain/logger.ts";

export interface Booted {
  handle: DbHandle;
  deps: Deps;
}

/** Opens and migrates the configured database: shared by the server and the CLI. */
export async function openDatabase(
  config: Pick<Config, "databaseUrl" | "databaseAuthToken">,
  clock: Clock,
  logger: Logger,
): Promise<Booted> {
  const handle = createDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  try {
    await migrateDb(handle);
  } catch (error) {
    handle.close();
    throw error;
  }
  return { handle, deps: createDeps({ handle, clock, logger }) };
}
