import { z } from "zod";
import { roles } from "../../../db/schema/enums.ts";

/** What the token verbs take; the HTTP API and the CLI check a name's length and text first. */
export const createTokenInput = z.strictObject({ name: z.string(), role: z.enum(roles) });
export const tokenIdInput = z.strictObject({ id: z.string() });
export const bearerTokenInput = z.strictObject({ token: z.string() });
