import { malformedFormMessage } from "./form-body.ts";

export const malformedAddressMessage =
  "The address is malformed: a % must be followed by two hexadecimal digits (write %25 for a literal %).";

/**
 * What the client must fix, when an error came from what it sent rather than from a fault of ours:
 * such errors answer 400 and are logged as one line, so nobody can fill the log with stack traces.
 */
export function clientFault(error: Error): string | null {
  if (error instanceof URIError) return malformedAddressMessage;
  if (error instanceof TypeError && error.message.startsWith("Failed to parse body as FormData"))
    return malformedFormMessage;
  return null;
}

/** At most this much of a client-chosen path goes into a log line. */
export const loggedPath = (path: string) => (path.length > 200 ? `${path.slice(0, 200)}…` : path);
