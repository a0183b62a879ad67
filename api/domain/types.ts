/** Types and enums that transports (http, cli) may use without reaching into db/. */

export type { DeliveryState, MessageKind } from "../../db/schema/deliveries.ts";
export { deliveryStates, messageKinds } from "../../db/schema/deliveries.ts";
export type {
  AnyIncidentStatus,
  ComponentStatus,
  Impact,
  IncidentKind,
  IncidentStatus,
  Indicator,
  Locale,
  MaintenanceStatus,
  Role,
} from "../../db/schema/enums.ts";
export {
  componentStatuses,
  impacts,
  incidentStatuses,
  locales,
  maintenanceStatuses,
  roles,
} from "../../db/schema/enums.ts";
