import { z } from "zod";
import {
  componentStatuses,
  criticalities,
  dependencyPolicies,
  dependencyStates,
} from "../../../db/schema/enums.ts";
import { componentIdSchema, descriptionSchema, nameSchema, recordIdSchema } from "../schemas.ts";
import { sourceSchema } from "./source-schema.ts";

export const dependencyStateSchema = z.enum(dependencyStates).meta({ id: "DependencyState" });

/** An impact starts at a degraded state: "operational" as a threshold would always apply. */
const thresholds = dependencyStates.filter((s) => s !== "operational");
/** An impact degrades a component: setting it "operational" would do nothing. */
const impactStatuses = componentStatuses.filter((s) => s !== "operational");

export const impactInput = z
  .strictObject({
    component_id: componentIdSchema,
    on: z.enum(thresholds).meta({
      description:
        "The dependency state from which the impact applies (and every worse one); `unknown` applies only while the dependency cannot be read",
      example: "major_outage",
    }),
    set: z
      .enum(impactStatuses)
      .meta({ description: "The status our component takes", example: "partial_outage" }),
    criticality: z.enum(criticalities).optional().meta({
      description:
        "How much the component needs this dependency (default high); a critical one without an alternative is a single point of failure",
    }),
    alternative_group: z
      .string()
      .regex(/\S/, "must not be empty or blank")
      .trim()
      .max(64)
      .nullable()
      .optional()
      .meta({
        description:
          "Dependencies of one component sharing this label back each other up (e.g. two email providers)",
        example: "email",
      }),
  })
  .meta({ id: "DependencyImpactInput" });
export type ImpactInput = z.infer<typeof impactInput>;

const dependencyFields = {
  name: nameSchema.optional().meta({
    description: "Required with `source`; with `catalog_id` it defaults to the catalog entry's name",
    example: "Stripe",
  }),
  source: sourceSchema.optional(),
  catalog_id: z.string().min(1).max(128).optional().meta({
    description: "A ready source from GET /api/admin/dependency-catalog, instead of `source`",
    example: "aws/ec2/eu-west-3",
  }),
  poll_interval_seconds: z
    .int()
    .min(10)
    .max(86_400)
    .optional()
    .meta({ description: "Seconds between checks (default 60, at least 10)" }),
  policy: z.enum(dependencyPolicies).optional().meta({
    description:
      "`draft` (default): the incident the monitor opens waits for an admin; `publish`: it is published at once",
  }),
  confirmations: z.int().min(1).max(10).optional().meta({
    description: "How many checks in a row must see a new state before it counts (default 2: the flap guard)",
  }),
  enabled: z.boolean().optional().meta({ description: "Checked by the monitor (default true)" }),
  shown_on_page: z.boolean().optional().meta({
    description:
      'Listed with its state under "Third-party services" on the public page, and named on the incidents it opens (default false: nothing about it is public)',
  }),
  description: descriptionSchema
    .refine((v) => v === null || v.length <= 500, "must be at most 500 characters")
    .optional()
    .meta({ description: 'Shown under its name on the public page, e.g. "Card payments"' }),
  impacts: z
    .array(impactInput)
    .max(500)
    .optional()
    .meta({ description: "What this dependency's state does to our components (the complete list)" }),
};

export const createDependencyInput = z.strictObject(dependencyFields).meta({
  id: "CreateDependencyInput",
  description: "Give exactly one of `source` and `catalog_id`.",
});
/** The input side: a source without its defaults is accepted (they are filled in when stored). */
export type CreateDependencyInput = z.input<typeof createDependencyInput>;

export const updateDependencyInput = z.strictObject(dependencyFields).meta({
  id: "UpdateDependencyInput",
  description:
    "Only the fields given change; `impacts` replaces the whole list. At most one of `source` and `catalog_id`.",
});
export type UpdateDependencyInput = z.input<typeof updateDependencyInput>;

export const createOncallContactInput = z
  .strictObject({
    name: nameSchema.meta({ example: "Ada (on call)" }),
    // The generator drops the pattern of `z.email()`: it is documented by hand, from the same regex.
    email: z
      .email({ message: "must be an email address such as oncall@example.com" })
      .max(254, "must be at most 254 characters")
      .meta({ example: "oncall@example.com", pattern: z.regexes.email.source }),
  })
  .meta({ id: "CreateOncallContactInput" });
export type CreateOncallContactInput = z.infer<typeof createOncallContactInput>;

export const getDependencyInput = z.strictObject({
  id: recordIdSchema,
  historyLimit: z.int().min(1).max(500),
  /** The cursor of the previous page: history older than that observation. */
  historyBefore: z.string().optional(),
});

/** The HTTP body (`updateDependencyInput`, what the API documents) and the dependency it changes. */
export const updateDependencyByIdInput = updateDependencyInput.extend({ id: recordIdSchema });
