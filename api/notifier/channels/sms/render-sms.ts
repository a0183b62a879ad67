// The console pages still import SMS rendering from here; everything else imports api/templates.
export {
  createSmsRenderer,
  type SmsPreview,
  type SmsRenderer,
  type SmsTemplateKey,
  smsTemplateKeys,
} from "../../../templates/render-sms.ts";
