// The console pages still import the segment rules from here; everything else imports api/templates.
export { isGsm7, type SmsLength } from "../../../templates/sms-segments.ts";
