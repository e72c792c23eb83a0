import { useState } from 'preact/hooks';
import type { Alarm } from '../api/types';
import { useT } from '../i18n';
import { describeError } from '../logic/problem';
import { Dialog } from './Dialog';

/** Resolve with a note; the note is required for high priority (what was done must be on record). */
export function ResolveDialog({
  alarm,
  title,
  onResolve,
  onClose,
}: {
  alarm: Alarm | null;
  title: string;
  onResolve: (alarm: Alarm, note: string) => Promise<void>;
  onClose: () => void;
}) {
  const t = useT();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const required = alarm?.priority === 'high';
  const missing = required && note.trim() === '';

  const close = () => {
    setNote('');
    setError(null);
    setTouched(false);
    onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!alarm || missing || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onResolve(alarm, note.trim());
      close();
    } catch (err) {
      setError(describeError(err, t).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={alarm !== null} title={t.alarm.resolveTitle} onClose={close} labelId="resolve-title">
      <p class="mb-3 fs-5">{title}</p>
      <form onSubmit={submit} noValidate>
        <label class="form-label" for="resolve-note">
          {required ? `${t.alarm.note}（${t.common.required}）` : t.alarm.noteOptional}
        </label>
        <textarea
          id="resolve-note"
          class={`form-control ${touched && missing ? 'is-invalid' : ''}`}
          rows={3}
          maxLength={500}
          required={required}
          aria-invalid={touched && missing}
          aria-describedby={required ? 'resolve-note-help' : undefined}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
          autoFocus
        />
        {required && (
          <div id="resolve-note-help" class={touched && missing ? 'invalid-feedback d-block' : 'form-text'}>
            {t.alarm.noteRequired}
          </div>
        )}
        {error && (
          <div class="alert alert-danger mt-3 py-2" role="alert">
            {error}
          </div>
        )}
        <div class="d-flex justify-content-end gap-2 mt-4">
          <button type="button" class="btn btn-outline-secondary" onClick={close}>
            {t.common.cancel}
          </button>
          <button type="submit" class="btn btn-success" disabled={busy}>
            {busy ? t.common.saving : t.alarm.confirmResolve}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
