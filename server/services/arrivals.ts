/**
 * Talks on their way into the catalog: an import or fetch that has saved a talk's file and is
 * about to add it. News of that file from the library folder meanwhile is held back (see
 * Catalog.arrival) and acted on once the last arrival of the talk is done.
 *
 * @example await arrivals.during('dQw4w9WgXcQ', () => importAndAdd()); // held news runs after
 */
export class Arrivals {
  private readonly counts = new Map<string, number>();
  private readonly held = new Map<string, () => void>();

  async during<T>(videoId: string, work: () => Promise<T>): Promise<T> {
    this.counts.set(videoId, (this.counts.get(videoId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.counts.get(videoId) ?? 1) - 1;
      if (left) this.counts.set(videoId, left);
      else {
        this.counts.delete(videoId);
        const later = this.held.get(videoId);
        this.held.delete(videoId);
        later?.();
      }
    }
  }

  /** Keeps `later` until the talk's arrivals are done, when one is under way; false (and nothing kept) otherwise. */
  hold(videoId: string, later: () => void): boolean {
    if (!this.counts.has(videoId)) return false;
    this.held.set(videoId, later);
    return true;
  }
}
