import { describe, expect, it } from "vitest";
import { channelsFor } from "../../../../api/domain/outbox/who-hears-what.ts";
import { channelSpecs } from "../../../../api/domain/subscribers/channel-specs.ts";
import { channels } from "../../../../api/domain/types.ts";

describe("who hears what", () => {
  it("tells every free channel of an incident, and SMS only of the kinds the owner chose, last", () => {
    expect(channelsFor("incident-created", [])).toEqual(["email", "webhook", "slack", "discord", "teams"]);
    expect(channelsFor("incident-created", ["incident-created", "incident-resolved"])).toEqual([
      "email",
      "webhook",
      "slack",
      "discord",
      "teams",
      "sms",
    ]);
    expect(channelsFor("maintenance-reminder", ["incident-created"])).not.toContain("sms");
  });

  it("tells only webhooks of a component's change, whatever SMS carries", () => {
    expect(channelsFor("component-updated", ["component-updated"])).toEqual(["webhook"]);
  });

  it("gives every kind a channel hears to that channel, and no other", () => {
    for (const channel of channels)
      for (const kind of channelSpecs[channel].hears) {
        const chosen = channelSpecs[channel].optIn ? [kind] : [];
        expect(channelsFor(kind, chosen), `${channel} ${kind}`).toContain(channel);
        expect(channelsFor(kind, []).includes(channel), `${channel} ${kind}`).toBe(
          !channelSpecs[channel].optIn,
        );
      }
  });
});
