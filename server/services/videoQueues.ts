/**
 * One change at a time per video: work queued for a video starts once the work queued before it
 * has settled (done or failed), so no change is built on a state another one has replaced (a note
 * written while the index of its chunk is being built waits for it). Videos do not wait for each
 * other, and a video with nothing queued holds no memory.
 *
 * @example await queues.run('S6Sjj6OtyvY', () => catalog.reindex('S6Sjj6OtyvY'))
 */
export class VideoQueues {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(videoId: string, work: () => Promise<T>): Promise<T> {
    const result = (this.queues.get(videoId) ?? Promise.resolve()).then(work, work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(videoId, settled);
    void settled.then(() => {
      if (this.queues.get(videoId) === settled) this.queues.delete(videoId);
    });
    return result;
  }
}
