import { afterEach, beforeEach } from "vitest";

/**
 * Something started before each test of the file (or of the `describe` it is called in) and
 * stopped after it. The object returned stands for the current test's one, so it can be used at the
 * top of a file like a value: each read goes to the current test's object.
 */
export function perTest<T extends object>(start: () => Promise<T>, stop: (value: T) => unknown): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    const value = current;
    current = undefined;
    if (value) await stop(value);
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!current) throw new Error("this exists only while a test runs");
      return current[key as keyof T];
    },
  });
}

/**
 * Keeps what a test starts (a monitor, a publisher…) and stops it after the test, the last started
 * first. Called at the top of a file, after the database's own per-test hook, so it runs before the
 * database closes.
 */
export function stopAfterEach<T extends { stop(): unknown }>(): (started: T) => T {
  const running: T[] = [];
  afterEach(async () => {
    for (const started of running.splice(0).reverse()) await started.stop();
  });
  return (started) => {
    running.push(started);
    return started;
  };
}
