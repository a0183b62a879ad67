import type { Deps } from "../../domain/context.ts";
import type { PublishTargetPolicy } from "../../domain/settings/publish-target-policy.ts";
import type { AdminShapes } from "./admin-shapes.ts";

/** What every admin route module receives. */
export interface AdminContext {
  deps: Deps;
  shapes: AdminShapes;
  /** Where an owner may set directory publish targets (PUBLISH_ROOT); nowhere when absent. */
  publishPolicy?: PublishTargetPolicy | undefined;
}
