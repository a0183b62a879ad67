export { type CheckUrlOptions, checkUrl, type UrlCheck } from "./check-url.ts";
export { FetchFailedError, type FetchFailure, UnsafeUrlError } from "./errors.ts";
export { type AddressClass, type AddressKind, classifyIp, refuseAddress } from "./ip-ranges.ts";
export { createSafeFetch, type LookupAll, type SafeFetch, type SafeFetchOptions } from "./safe-fetch.ts";
