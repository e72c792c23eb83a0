import { useT } from '../i18n';
import { connectionStatus } from '../realtime/hub';

/** Live-connection state, announced politely to screen readers when it changes. */
export function ConnectionIndicator() {
  const t = useT();
  const status = connectionStatus.value;
  return (
    <div class={`conn conn-${status}`} role="status" aria-live="polite" aria-atomic="true" data-connection={status}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="visually-hidden">{`${t.connection.label}: `}</span>
      <span>{t.connection[status]}</span>
    </div>
  );
}

export function DisconnectedBanner() {
  const t = useT();
  if (connectionStatus.value !== 'disconnected') return null;
  return (
    <div class="alert alert-warning mb-3 py-2" role="alert">
      {t.connection.disconnectedHint}
    </div>
  );
}
