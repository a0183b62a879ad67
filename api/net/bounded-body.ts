import { FetchFailedError } from "./errors.ts";

export interface BoundedBodyOptions {
  maxBytes: number;
  /** Turns a read error (abort, reset) into the error the caller sees. */
  mapError(error: unknown): Error;
  /** Called once when the body ends, fails or is cancelled. */
  onSettled?(): void;
}

/** The response with a body that errors once it passes `maxBytes` (decoded bytes, so a zip bomb stops too). */
export function boundedResponse(response: Response, host: string, options: BoundedBodyOptions): Response {
  const { maxBytes, mapError, onSettled = () => {} } = options;
  if (!response.body) {
    onSettled();
    return response;
  }
  const tooLarge = () =>
    new FetchFailedError("too_large", `the response from ${host} is larger than ${formatBytes(maxBytes)}`);
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body.cancel().catch(() => {});
    onSettled();
    throw tooLarge();
  }
  const reader = response.body.getReader();
  let received = 0;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    onSettled();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return settle();
        }
        received += value.byteLength;
        if (received > maxBytes) {
          void reader.cancel().catch(() => {});
          controller.error(tooLarge());
          return settle();
        }
        controller.enqueue(value);
      } catch (error) {
        controller.error(mapError(error));
        settle();
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
      settle();
    },
  });
  const bounded = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(bounded, "url", { value: response.url });
  return bounded;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
