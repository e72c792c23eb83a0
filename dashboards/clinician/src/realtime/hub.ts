import type { HubConnection } from '@microsoft/signalr';
import { HttpError, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { signal } from '@preact/signals';
import type { Alarm, Snapshot, VitalsSample } from '../api/types';
import { fetchSnapshot } from '../logic/resync';
import { nextRetryDelay } from './retry';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export const connectionStatus = signal<ConnectionStatus>('disconnected');

export interface RealtimeHandlers {
  alarm(alarm: Alarm): void;
  vitals(sample: VitalsSample): void;
  snapshot(snapshot: Snapshot, fetchStartedAt: number): void;
  /** REST form of the snapshot, used when the hub has no `GetSnapshot`. */
  fallbackSnapshot(): Promise<Snapshot>;
  /** After every (re)connect, e.g. to refresh the patient list. */
  connected?(): void;
  unauthorized(): void;
  /** The hub ended this session (`reason` as in the 401 problem) and closes the connection next. */
  sessionEnded?(reason: string): void;
}

export interface Realtime {
  stop(): Promise<void>;
  /** Fetches a snapshot now (also done on every (re)connect). */
  resync(): Promise<void>;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof HttpError ? error.statusCode : undefined;
}

/**
 * The SignalR connection to /hubs/alarms. Handlers are attached before starting (events sent
 * right after the handshake are not lost); on every connect and reconnect the dashboard
 * re-syncs from a snapshot, so whatever happened while it was away is merged in.
 */
export function startRealtime(handlers: RealtimeHandlers, accessToken: () => string | null): Realtime {
  const connection: HubConnection = new HubConnectionBuilder()
    .withUrl('/hubs/alarms', { accessTokenFactory: () => accessToken() ?? '' })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (ctx) => nextRetryDelay(ctx.previousRetryCount, statusOf(ctx.retryReason)),
    })
    .configureLogging(LogLevel.Warning)
    .build();
  connection.serverTimeoutInMilliseconds = 30_000;
  connection.keepAliveIntervalInMilliseconds = 10_000;

  let stopped = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let connectStartedAt = Date.now();

  connection.on('alarmRaised', (alarm: Alarm) => handlers.alarm(alarm));
  connection.on('alarmChanged', (alarm: Alarm) => handlers.alarm(alarm));
  connection.on('vitals', (sample: VitalsSample) => handlers.vitals(sample));
  connection.on('sessionEnded', (event: { reason?: string } | undefined) => handlers.sessionEnded?.(event?.reason ?? 'unknown_session'));
  // The hub may also push the snapshot itself right after connecting (API-NEEDS.md): same merge.
  connection.on('snapshot', (snapshot: Snapshot) => {
    if (snapshot && Array.isArray(snapshot.alarms)) handlers.snapshot(snapshot, connectStartedAt);
    for (const v of snapshot?.vitals ?? []) handlers.vitals(v);
  });

  const resync = async () => {
    try {
      const { snapshot, startedAt } = await fetchSnapshot(
        {
          fromHub: () => connection.invoke<Snapshot>('GetSnapshot'),
          fromApi: handlers.fallbackSnapshot,
        },
        Date.now,
      );
      handlers.snapshot(snapshot, startedAt);
      for (const v of snapshot.vitals ?? []) handlers.vitals(v);
    } catch {
      // Both failed (hub going away again): the next reconnect re-syncs.
    }
  };

  const onConnected = () => {
    attempts = 0;
    connectionStatus.value = 'connected';
    handlers.connected?.();
    void resync();
  };

  const start = async () => {
    if (stopped) return;
    connectionStatus.value = attempts === 0 ? 'connecting' : 'reconnecting';
    connectStartedAt = Date.now();
    try {
      await connection.start();
      onConnected();
    } catch (error) {
      if (stopped) return;
      if (statusOf(error) === 401) {
        connectionStatus.value = 'disconnected';
        handlers.unauthorized();
        return;
      }
      connectionStatus.value = 'disconnected';
      // Without a connection the wall still shows the REST state, refreshed on every retry.
      void resync();
      const delay = nextRetryDelay(attempts++) ?? 30000;
      restartTimer = setTimeout(() => void start(), Math.max(delay, 1000));
    }
  };

  connection.onreconnecting(() => {
    connectStartedAt = Date.now();
    connectionStatus.value = 'reconnecting';
  });
  connection.onreconnected(onConnected);
  connection.onclose((error) => {
    if (stopped) return;
    connectionStatus.value = 'disconnected';
    if (statusOf(error) === 401) {
      handlers.unauthorized();
      return;
    }
    // Automatic reconnect gave up or the first connection dropped before it applied: restart
    // from a timer, never from inside the close event.
    attempts = 1;
    restartTimer = setTimeout(() => void start(), 2000);
  });

  void start();

  return {
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      connectionStatus.value = 'disconnected';
      if (connection.state !== HubConnectionState.Disconnected) await connection.stop();
    },
    resync,
  };
}
