import type { Context } from "hono";
import type { ZodError } from "zod";
import { validationResponse } from "../web/errors.ts";

type HookResult = { success: true } | { success: false; error: ZodError; target?: string };

/** zod-openapi's hook: every validation failure becomes our 422 with the fields to fix. */
export const defaultHook = (result: HookResult, c: Context) => {
  if (result.success) return;
  const where = result.target === "query" ? "query" : result.target === "param" ? "path" : "body";
  return validationResponse(c, result.error, where);
};
