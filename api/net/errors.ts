/** Refused before any connection: the URL or the address it resolves to may not be reached. */
export class UnsafeUrlError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`Refused: ${reason}.`);
    this.name = "UnsafeUrlError";
    this.reason = reason;
  }
}

/** Why a fetch that was allowed did not complete; callers decide whether a retry makes sense. */
export type FetchFailure = "dns" | "network" | "timeout" | "too_large";

export class FetchFailedError extends Error {
  readonly failure: FetchFailure;

  constructor(failure: FetchFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FetchFailedError";
    this.failure = failure;
  }
}
