// The console pages still import the override sync from here; everything else imports api/templates.
export { createSmsOverrideSync } from "../../../templates/sync-sms-overrides.ts";
