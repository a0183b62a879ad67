import type { AnyIncidentStatus, ComponentStatus, Impact, Locale } from "../domain/types.ts";

/** Words the shared layout and the templates need in every locale, next to the status names. */
export interface EmailLabels {
  affected_components: string;
  view_incident: string;
  status: string;
  impact: string;
  /** Typography differs: French puts a non-breaking space before a colon. */
  colon: string;
  footer_reason: string;
  manage: string;
  unsubscribe: string;
  /** Before the time an update was posted. */
  posted: string;
  /** What a maintenance plans for each component it concerns. */
  maintenance_plan: (window: { from: string; until: string }) => string;
  maintenance_done: string;
  component_statuses: Record<ComponentStatus, string>;
  incident_statuses: Record<AnyIncidentStatus, string>;
  impacts: Record<Impact, string>;
}

export const emailLabels: Record<Locale, EmailLabels> = {
  en: {
    affected_components: "Affected components",
    view_incident: "View on the status page",
    status: "Status",
    impact: "Impact",
    colon: ":",
    footer_reason: "You receive this email because you subscribed to status updates from",
    manage: "Manage your subscription",
    unsubscribe: "Unsubscribe",
    posted: "Posted",
    maintenance_plan: (w) => `Under maintenance from ${w.from} to ${w.until}`,
    maintenance_done: "Maintenance completed",
    component_statuses: {
      operational: "Operational",
      under_maintenance: "Under maintenance",
      degraded_performance: "Degraded performance",
      partial_outage: "Partial outage",
      major_outage: "Major outage",
    },
    incident_statuses: {
      investigating: "Investigating",
      identified: "Identified",
      monitoring: "Monitoring",
      resolved: "Resolved",
      postmortem: "Postmortem",
      scheduled: "Scheduled",
      in_progress: "In progress",
      verifying: "Verifying",
      completed: "Completed",
    },
    impacts: { none: "None", minor: "Minor", major: "Major", critical: "Critical" },
  },
  fr: {
    affected_components: "Composants concernés",
    view_incident: "Voir sur la page de statut",
    status: "Statut",
    impact: "Impact",
    colon: "\u00a0:",
    footer_reason: "Vous recevez cet e-mail car vous êtes abonné à la page de statut",
    manage: "Gérer mon abonnement",
    unsubscribe: "Me désabonner",
    posted: "Publié le",
    maintenance_plan: (w) => `En maintenance du ${w.from} au ${w.until}`,
    maintenance_done: "Maintenance terminée",
    component_statuses: {
      operational: "Opérationnel",
      under_maintenance: "En maintenance",
      degraded_performance: "Performances dégradées",
      partial_outage: "Panne partielle",
      major_outage: "Panne majeure",
    },
    incident_statuses: {
      investigating: "Enquête en cours",
      identified: "Cause identifiée",
      monitoring: "Sous surveillance",
      resolved: "Résolu",
      postmortem: "Post-mortem",
      scheduled: "Planifiée",
      in_progress: "En cours",
      verifying: "Vérification",
      completed: "Terminée",
    },
    impacts: { none: "Aucun", minor: "Mineur", major: "Majeur", critical: "Critique" },
  },
};
