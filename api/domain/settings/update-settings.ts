import { eq } from "drizzle-orm";
import { settings } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, type Ctx, parseInput } from "../verb.ts";
import { ensureSettings, type SettingsRow } from "./get-settings.ts";
import {
  closedPublishPolicy,
  type PublishTargetPolicy,
  refusePublishTarget,
} from "./publish-target-policy.ts";
import { updateSettingsInput } from "./schemas.ts";

export interface UpdateSettingsOptions {
  /** Where directory targets may go (PUBLISH_ROOT); none may when absent. */
  publishPolicy?: PublishTargetPolicy | undefined;
}

export async function updateSettings(
  call: Call<typeof updateSettingsInput, Ctx & UpdateSettingsOptions>,
): Promise<SettingsRow> {
  const input = parseInput(updateSettingsInput, call.input);
  const { deps, actor, publishPolicy = closedPublishPolicy } = call.ctx;
  authorize(actor, "owner");
  // A policy refusal, not a malformed field: the message names each target and why.
  const refused = (input.publish_targets ?? []).flatMap((spec) => {
    const reason = refusePublishTarget(spec, publishPolicy, "settings");
    return reason ? [reason] : [];
  });
  if (refused.length)
    throw new DomainError("invalid_input", `publish_targets refused: ${refused.join("; ")}.`);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await ensureSettings(tx, at);
    const before = { ...row };
    const changes: Partial<SettingsRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.url !== undefined) changes.url = input.url?.replace(/\/+$/, "") ?? null;
    if (input.time_zone !== undefined) changes.timeZone = input.time_zone;
    if (input.default_locale !== undefined) changes.defaultLocale = input.default_locale;
    if (input.locales !== undefined) changes.locales = [...new Set(input.locales)];
    if (input.logo_url !== undefined) changes.logoUrl = input.logo_url;
    if (input.website_url !== undefined) changes.websiteUrl = input.website_url;
    if (input.support_url !== undefined) changes.supportUrl = input.support_url;
    if (input.publish_targets !== undefined) changes.publishTargets = [...new Set(input.publish_targets)];
    if (input.accent_color !== undefined) changes.accentColor = input.accent_color.toLowerCase();
    if (input.allow_private_targets !== undefined) changes.allowPrivateTargets = input.allow_private_targets;
    if (input.sms_kinds !== undefined) changes.smsKinds = [...new Set(input.sms_kinds)];
    if (input.phone_country !== undefined) changes.phoneCountry = input.phone_country;
    if (input.email_from_name !== undefined) changes.emailFromName = input.email_from_name;
    if (input.email_from_address !== undefined) changes.emailFromAddress = input.email_from_address;
    if (input.email_reply_to !== undefined) changes.emailReplyTo = input.email_reply_to;
    if (input.sms_budget_per_hour !== undefined) changes.smsBudgetPerHour = input.sms_budget_per_hour;
    if (input.sms_budget_per_day !== undefined) changes.smsBudgetPerDay = input.sms_budget_per_day;
    if (input.sms_countries !== undefined)
      changes.smsCountries = input.sms_countries && [...new Set(input.sms_countries)];
    const after = { ...row, ...changes };
    if (!after.locales.includes(after.defaultLocale))
      throw new DomainError(
        "invalid_input",
        `locales must include the default locale ${after.defaultLocale}.`,
      );
    await tx.update(settings).set(changes).where(eq(settings.id, 1));
    await appendEvent(tx, at, "settings.updated", {});
    await recordAudit(tx, at, actor, {
      action: "settings.update",
      entityType: "settings",
      entityId: null,
      before,
      after,
    });
    return after;
  });
}
