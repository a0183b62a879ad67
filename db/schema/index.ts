export * from "./access.ts";
export * from "./components.ts";
export * from "./enums.ts";
export * from "./incidents.ts";
export * from "./outbox.ts";
export * from "./settings.ts";
export * from "./site.ts";
