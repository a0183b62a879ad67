import { emailLabels } from "../../templates/labels.ts";

/** Human names for the enums, the same words subscribers read in English emails. */
export const labels = emailLabels.en;
