import { z } from "zod";
import { roles } from "../../../db/schema/enums.ts";

/*
 * What the user and session verbs take. The checks that say what to fix (email, name, password
 * strength) stay in the verbs, so the console, the setup page and the CLI keep their messages.
 */
const secret = z.string();

export const createUserInput = z.strictObject({
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  password: secret,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.strictObject({
  id: z.string(),
  name: z.string().optional(),
  role: z.enum(roles).optional(),
  /** true disables the account (its sessions end at once); false enables it again. */
  disabled: z.boolean().optional(),
});

export const changePasswordInput = z.strictObject({
  /** Whose password: by id (console) or by email (CLI). */
  user: z.union([z.strictObject({ id: z.string() }), z.strictObject({ email: z.string() })]),
  /** Required when users change their own password. */
  currentPassword: secret.optional(),
  newPassword: secret,
});

export const setupTokenInput = z.strictObject({ token: secret });

export const completeSetupInput = z.strictObject({
  token: secret,
  email: z.string(),
  name: z.string(),
  password: secret,
});

export const createSessionInput = z.strictObject({
  userId: z.string(),
  userAgent: z.string().optional(),
});

export const sessionTokenInput = z.strictObject({ token: secret });

export const revokeSessionInput = z.strictObject({ sessionId: z.string() });

export const verifyPasswordInput = z.strictObject({ email: z.string(), password: secret });
