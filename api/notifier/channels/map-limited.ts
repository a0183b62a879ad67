/** Runs `send` over items with at most `limit` in flight, keeping the results in order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  send: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await send(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
