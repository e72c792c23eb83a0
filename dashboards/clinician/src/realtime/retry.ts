/**
 * Reconnect delays: at once, then backing off to every 30 s, and never giving up (a wall screen
 * runs unattended for days). A 401 stops retrying: the session is over.
 */
export const RETRY_DELAYS_MS = [0, 2000, 5000, 10000, 20000, 30000] as const;

export function nextRetryDelay(previousRetryCount: number, status?: number): number | null {
  if (status === 401) return null;
  return RETRY_DELAYS_MS[Math.min(previousRetryCount, RETRY_DELAYS_MS.length - 1)] ?? 30000;
}
