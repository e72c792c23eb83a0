import { useState } from 'preact/hooks';
import { useT } from '../i18n';

export function CopyButton({ text, targetId }: { text: string; targetId: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard permission (e.g. plain http on a LAN address): select the text for Ctrl+C.
      const el = document.getElementById(targetId);
      if (el instanceof HTMLInputElement) {
        el.focus();
        el.select();
      }
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" class="btn btn-primary" onClick={() => void copy()}>
        {state === 'copied' ? `✓ ${t.common.copied}` : t.common.copy}
      </button>
      <span class="visually-hidden" role="status" aria-live="polite">
        {state === 'copied' ? t.common.copied : state === 'failed' ? t.common.copyFailed : ''}
      </span>
      {state === 'failed' && <div class="form-text w-100">{t.common.copyFailed}</div>}
    </>
  );
}
