import { sql } from "drizzle-orm";
import type { Deps } from "../context.ts";
import { deliveryId } from "./delivery-id.ts";

/** One email per on-call contact (a handful): no paging, the unique key makes a replay harmless. */
export async function createAlertDeliveries(
  deps: Deps,
  event: { id: string },
  incidentId: string | null,
): Promise<number> {
  return deps.write(async (tx) => {
    const at = deps.clock.now().getTime();
    const inserted = await tx.run(sql`
      insert into deliveries (id, cause, subscriber_id, channel, kind, incident_id, update_id, state,
        attempts, next_attempt_at, created_at, updated_at)
      select ${deliveryId(at)}, ${event.id}, o.id, 'email', 'dependency-alert', ${incidentId},
        null, 'pending', 0, ${at}, ${at}, ${at}
      from oncall_contacts as o where true
      on conflict do nothing`);
    return inserted.rowsAffected;
  });
}
