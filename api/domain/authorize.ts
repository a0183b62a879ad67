import type { Role } from "../../db/schema/enums.ts";
import { roles } from "../../db/schema/enums.ts";
import type { Actor } from "./context.ts";
import { DomainError } from "./errors.ts";

/** Roles are ordered: viewer < editor < owner. */
export function hasRole(actor: Actor, needed: Role): boolean {
  return roles.indexOf(actor.role) >= roles.indexOf(needed);
}

export function authorize(actor: Actor, needed: Role): void {
  if (!hasRole(actor, needed)) {
    throw new DomainError(
      "forbidden",
      `This action needs the ${needed} role; your token has the ${actor.role} role.`,
    );
  }
}
