// Types of build.js, which is plain JavaScript because it runs before anything is built.
import type ts from "typescript";

export function builtServer(): { ok: true; server: string } | { ok: false; reason: string };
export function build(): Promise<void>;
/** `text` with the characters beyond Latin-1 in its regular expression literals written as \u escapes. */
export function escapeRegexLiterals(typescript: typeof ts, text: string, path: string): string;
