/** Rounds to the millisecond, the precision every caption format shares (server/time.ts hands it on). */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
