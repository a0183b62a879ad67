/**
 * Runs template renders (synchronous work of unknown length, since admins write templates) in turns:
 * one turn runs queued renders for at most `sliceMs`, then hands the event loop back until the next
 * turn. However many lanes render at once, HTTP requests wait at most one turn, or one render when a
 * single render is longer (its time is capped by the engine's render limit).
 */
export function createRenderGate(sliceMs = 10) {
  const queue: (() => void)[] = [];
  let scheduled = false;
  const turn = () => {
    const start = performance.now();
    while (queue.length > 0 && performance.now() - start < sliceMs) queue.shift()!();
    scheduled = queue.length > 0;
    if (scheduled) setImmediate(turn);
  };
  return function render<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push(() => {
        try {
          resolve(job());
        } catch (error) {
          reject(error);
        }
      });
      if (!scheduled) {
        scheduled = true;
        setImmediate(turn);
      }
    });
  };
}

export type RenderGate = ReturnType<typeof createRenderGate>;
