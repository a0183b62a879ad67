import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../../api/config.ts";
import { subscribeInput } from "../../../../api/domain/subscribers/schemas.ts";
import { type Channel, channels } from "../../../../api/domain/types.ts";
import { createMailboxChannel } from "../../../../api/notifier/channels/mailbox-channel.ts";
import {
  buildLanes,
  type ChannelEntry,
  type ChannelRegistry,
  channelRegistry,
} from "../../../../api/notifier/channels/registry.ts";
import { createGuardedEndpointLanes } from "../../../../api/notifier/start-endpoints.ts";
import { createSmsDelivery } from "../../../../api/notifier/start-sms.ts";
import { loadTemplates } from "../../../../api/templates/load-templates.ts";
import { subscribeChannels } from "../../../../site/src/lib/i18n.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../../helpers/harness.ts";

let db: TestDb | undefined;
let dataDir: string | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe("the channel registry", () => {
  // The lines under `@ts-expect-error` are checked by the compiler (`npm run typecheck`): each must
  // fail to compile, or the directive above it is itself an error.
  it("does not compile when a channel is missing or unwired", () => {
    const { teams: _teams, ...withoutTeams } = channelRegistry;
    // @ts-expect-error a registry without one of the channels (here Teams) does not compile
    const missing: ChannelRegistry = withoutTeams;
    // @ts-expect-error a channel added to the list but not wired in the registry does not compile
    const unwired: Record<Channel | "matrix", ChannelEntry> = channelRegistry;
    const laneless: ChannelRegistry = {
      ...channelRegistry,
      // @ts-expect-error an entry must say how its lane is built
      teams: { ...channelRegistry.teams, lane: undefined },
    };
    // At run time, what the compiler refused is indeed incomplete.
    expect(Object.keys(missing)).not.toContain("teams");
    expect(Object.keys(unwired)).not.toContain("matrix");
    expect(laneless.teams.lane).toBeUndefined();
    expect(Object.keys(channelRegistry)).toEqual([...channels]);
  });

  it("builds one lane per channel, each sending its own channel's deliveries", async () => {
    db = await createTestDb();
    dataDir = mkdtempSync(join(tmpdir(), "vigie-lanes-"));
    const config = parseConfig({ PUBLIC_URL: testPublicUrl, DATA_DIR: dataDir });
    const lanes = buildLanes({
      email: {
        deps: db.deps,
        channel: createMailboxChannel({ dir: join(dataDir, "mailbox"), from: "Acme <status@acme.test>" }),
        provider: "mailbox",
        renderer: await loadTemplates(db.deps),
        publicUrl: testPublicUrl,
      },
      sms: await createSmsDelivery({ deps: db.deps, config }),
      endpoint: createGuardedEndpointLanes({ deps: db.deps, publicUrl: testPublicUrl }),
    });
    expect(Object.keys(lanes)).toEqual([...channels]);
    for (const channel of channels) expect(lanes[channel].channel, channel).toBe(channel);
    expect(lanes.email.provider).toBe("mailbox");
    expect(lanes.sms.provider).toBe("sms-outbox");
    // Webhook and chat endpoints are retried on the webhook schedule, not the email backoff.
    for (const channel of ["webhook", "slack", "discord", "teams"] as const)
      expect(lanes[channel].retryDelay, channel).toBeTypeOf("function");
  });

  it("checks each channel's subscription with the schema the subscribe API uses", () => {
    for (const channel of channels) {
      const { subscription } = channelRegistry[channel];
      expect(subscription.shape.channel.def, channel).toMatchObject({ values: [channel] });
      expect(subscribeInput.options, channel).toContain(subscription);
    }
  });

  it("is what the status page's subscribe form offers, in the same order", () => {
    expect([...subscribeChannels]).toEqual([...channels]);
  });
});
