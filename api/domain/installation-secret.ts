import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { installationSecrets } from "../../db/schema/index.ts";
import type { Deps } from "./context.ts";

/**
 * One of the installation's random 32-byte keys (link signing, console CSRF…), created on first use.
 * Two processes creating it at once both end up with the one that was stored first.
 */
export async function installationSecret(deps: Deps, name: string): Promise<Buffer> {
  const [row] = await deps.read((db) =>
    db.select().from(installationSecrets).where(eq(installationSecrets.name, name)),
  );
  if (row) return Buffer.from(row.value, "base64url");
  const value = randomBytes(32).toString("base64url");
  await deps.write((tx) =>
    tx.insert(installationSecrets).values({ name, value, createdAt: deps.clock.now() }).onConflictDoNothing(),
  );
  return installationSecret(deps, name);
}
