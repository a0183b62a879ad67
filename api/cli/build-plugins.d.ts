// Types of build-plugins.js, plain JavaScript like build.js.
import type ts from "typescript";

/** `text` with the characters beyond Latin-1 in its regular expression literals written as \u escapes. */
export function escapeRegexLiterals(typescript: typeof ts, text: string, path: string): string;
