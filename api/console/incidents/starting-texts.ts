import type { ComponentStatus, IncidentStatus } from "../../domain/types.ts";

/** A ready-made opening for a new incident or maintenance, in English and French, to adapt before posting. */
export interface StartingText {
  key: string;
  kind: "incident" | "maintenance";
  title: string;
  status?: IncidentStatus;
  /** The status it gives the components the link names (`&components=id,id`), e.g. from the dashboard. */
  componentStatus?: ComponentStatus;
  name: { en: string; fr: string };
  body: { en: string; fr: string };
}

/** Chosen with `?template=<key>` on the new incident or maintenance page: a link, no script needed. */
export const startingTexts: readonly StartingText[] = [
  {
    key: "elevated-errors",
    kind: "incident",
    title: "Investigating elevated errors",
    status: "investigating",
    componentStatus: "partial_outage",
    name: { en: "Elevated error rates", fr: "Taux d'erreur élevé" },
    body: {
      en: "We are seeing elevated error rates and are investigating the cause. Some requests may fail; retrying usually works. Next update within 30 minutes.",
      fr: "Nous constatons un taux d'erreur élevé et recherchons la cause. Certaines requêtes peuvent échouer ; une nouvelle tentative fonctionne en général. Prochain point d'ici 30 minutes.",
    },
  },
  {
    key: "degraded-performance",
    kind: "incident",
    title: "Degraded performance",
    status: "investigating",
    componentStatus: "degraded_performance",
    name: { en: "Degraded performance", fr: "Performances dégradées" },
    body: {
      en: "Some pages and API calls are slower than usual. Your data is safe; we are working to restore normal response times.",
      fr: "Certaines pages et certains appels d'API sont plus lents que d'habitude. Vos données ne sont pas affectées ; nous travaillons à rétablir des temps de réponse normaux.",
    },
  },
  {
    key: "provider-outage",
    kind: "incident",
    title: "Outage at a provider",
    status: "identified",
    componentStatus: "partial_outage",
    name: { en: "Service disruption caused by a provider", fr: "Perturbation due à un fournisseur" },
    body: {
      en: "One of our providers is having an outage, which affects part of our service. We are following their progress and will post an update as soon as it recovers.",
      fr: "L'un de nos fournisseurs subit une panne qui affecte une partie de notre service. Nous suivons la situation et publierons un point dès son rétablissement.",
    },
  },
  {
    key: "scheduled-maintenance",
    kind: "maintenance",
    title: "Scheduled maintenance",
    name: { en: "Scheduled maintenance", fr: "Maintenance programmée" },
    body: {
      en: "We will perform scheduled maintenance during this window. The service may be briefly unavailable; no action is needed on your side.",
      fr: "Nous effectuerons une maintenance programmée pendant cette période. Le service pourra être brièvement indisponible ; aucune action n'est nécessaire de votre part.",
    },
  },
];

export const startingTextsOf = (kind: StartingText["kind"]) => startingTexts.filter((t) => t.kind === kind);

export const findStartingText = (kind: StartingText["kind"], key: string | undefined) =>
  startingTexts.find((t) => t.kind === kind && t.key === key);
