#!/usr/bin/env node
// The `vigie` command: loads the TypeScript sources through tsx.
import { register } from "tsx/esm/api";

register();
await import("./run.ts");
