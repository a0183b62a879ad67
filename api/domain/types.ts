/** Types and enums that transports (http, cli) may use without reaching into db/. */

export type { DeliveryState, MessageKind } from "../../db/schema/deliveries.ts";
export { deliveryStates, messageKinds } from "../../db/schema/deliveries.ts";
export type { UpstreamIncident } from "../../db/schema/dependencies.ts";
export type {
  AnyIncidentStatus,
  ComponentStatus,
  Criticality,
  DependencyPolicy,
  DependencyState,
  Impact,
  IncidentKind,
  IncidentStatus,
  Indicator,
  Locale,
  MaintenanceStatus,
  Role,
  SourceKind,
} from "../../db/schema/enums.ts";
export {
  componentStatuses,
  criticalities,
  dependencyPolicies,
  dependencyStates,
  impacts,
  incidentStatuses,
  locales,
  maintenanceStatuses,
  roles,
  sourceKinds,
} from "../../db/schema/enums.ts";
export type { Channel, SubscriberState } from "../../db/schema/subscribers.ts";
export { channels, subscriberStates } from "../../db/schema/subscribers.ts";
