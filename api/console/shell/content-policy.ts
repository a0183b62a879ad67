import { consoleJsHash } from "./console-script.ts";
import { consoleCssHash } from "./styles.ts";

export interface ConsolePolicyOptions {
  /**
   * For pages showing an email in a sandboxed frame (which inherits this page's policy): the
   * email's inline styles and remote images apply. The sandbox keeps any script out of the email.
   */
  emails?: boolean;
  /** The console's own script may run (allowed by its hash). */
  script?: boolean;
}

/** The console's Content-Security-Policy: our stylesheet and script only, never framed. */
export function consolePolicy({ emails = false, script = true }: ConsolePolicyOptions = {}) {
  return [
    "default-src 'self'",
    emails ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' ${consoleCssHash}`,
    ...(script ? [`script-src ${consoleJsHash}`] : []),
    emails ? "img-src 'self' data: https:" : "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
