/**
 * The eight documents of the Statuspage v2 public API, below `/api/v2/`, written out here rather than
 * read from the routes, so a document that goes missing fails the tests that walk them.
 */
export const statuspageDocuments = [
  "summary.json",
  "status.json",
  "components.json",
  "incidents.json",
  "incidents/unresolved.json",
  "scheduled-maintenances.json",
  "scheduled-maintenances/upcoming.json",
  "scheduled-maintenances/active.json",
];
