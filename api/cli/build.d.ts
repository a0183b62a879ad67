// Types of build.js, which is plain JavaScript because it runs before anything is built.
export function builtServer(): { ok: true; server: string } | { ok: false; reason: string };
export function build(): Promise<void>;
