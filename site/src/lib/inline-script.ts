/**
 * A script file's code as shipped inline: comment lines and indentation stripped (the scripts are
 * written for people, shipped for phones).
 */
export const inlineCode = (code: string): string =>
  code.replace(/^\s*\/\*\*[\s\S]*?\*\/\n|^\s*\/\/.*\n/gm, "").replace(/^\s+/gm, "");

/** A value written into an inline script: `<` escaped, so that no text can end the script element early. */
export const scriptValue = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");
