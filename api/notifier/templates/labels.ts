// The console pages still import the labels from here; everything else imports api/templates.
export { emailLabels } from "../../templates/labels.ts";
