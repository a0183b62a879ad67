import type { Deps } from "../../domain/context.ts";
import type { AdminShapes } from "./admin-shapes.ts";

/** What every admin route module receives. */
export interface AdminContext {
  deps: Deps;
  shapes: AdminShapes;
}
