import { createComponent } from "../../api/domain/components/create-component.ts";
import { type Deps, systemActor } from "../../api/domain/context.ts";
import { createDependency } from "../../api/domain/dependencies/create-dependency.ts";
import { updateSettings } from "../../api/domain/settings/update-settings.ts";
import {
  componentCount,
  dependencyInput,
  type PlannedDependency,
  plannedDependencies,
} from "./monitor-plan.ts";

const names = [
  "Checkout",
  "Website",
  "API",
  "Dashboard",
  "Login",
  "Search",
  "Payments",
  "Email delivery",
  "SMS",
  "Webhooks",
  "File uploads",
  "Reports",
  "Mobile app",
  "Notifications",
  "Billing",
  "Support chat",
  "Booking",
  "Inventory",
  "Analytics",
  "Status API",
];

/**
 * The benchmark's page: twenty components and the planned dependencies, each with one impact, through
 * the same domain verbs as the admin API. The fixtures are on loopback, which only an install that
 * allows private targets may poll.
 */
export async function registerDependencies(
  deps: Deps,
  /** Each dependency's upstream host, by index. */
  fixtureUrls: string[],
  intervalSeconds: number,
): Promise<Map<string, PlannedDependency>> {
  const actor = systemActor("bench");
  await updateSettings({ ctx: { deps, actor }, input: { allow_private_targets: true } });
  const componentIds: string[] = [];
  for (let i = 0; i < componentCount; i++) {
    const component = await createComponent({
      ctx: { deps, actor },
      input: { name: names[i] ?? `Component ${i + 1}` },
    });
    componentIds.push(component.id);
  }
  const byId = new Map<string, PlannedDependency>();
  for (const planned of plannedDependencies()) {
    const { dependency } = await createDependency({
      ctx: { deps, actor },
      input: dependencyInput(planned, fixtureUrls[planned.index]!, componentIds, intervalSeconds),
    });
    byId.set(dependency.id, planned);
  }
  return byId;
}
