import { useState } from 'preact/hooks';
import type { Channel } from '../api/types';
import { CHANNELS } from '../api/types';
import { useT } from '../i18n';
import { describeError } from '../logic/problem';
import type { ContactForm } from '../logic/worklist';
import { contactBody, contactFormErrors, MAX_NOTE_LENGTH, MAX_OUTCOME_LENGTH } from '../logic/worklist';
import { Dialog } from './Dialog';

export type ContactDialogMode = 'followUp' | 'contact';

const EMPTY: ContactForm = { channel: '', outcome: '', note: '' };

/**
 * Completing a follow-up (channel, outcome, note) or recording a plain contact (channel, note).
 * The form checks what the hub would refuse; the hub's own answer (e.g. 409 when a colleague
 * completed it first) is shown in the dialog.
 */
export function ContactDialog({
  mode,
  open,
  subject,
  onSubmit,
  onClose,
}: {
  mode: ContactDialogMode;
  open: boolean;
  /** Who (and for a follow-up, which due date) the dialog is about. */
  subject: string;
  onSubmit: (body: { channel: Channel; outcome?: string; note?: string }) => Promise<void>;
  onClose: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState<ContactForm>(EMPTY);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withOutcome = mode === 'followUp';
  const errors = contactFormErrors(form, withOutcome);
  const show = (field: 'channel' | 'outcome' | 'note') => touched && errors[field] !== undefined;
  const id = `contact-${mode}`;

  const close = () => {
    setForm(EMPTY);
    setTouched(false);
    setError(null);
    onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (busy || Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = contactBody(withOutcome ? form : { channel: form.channel, note: form.note });
      await onSubmit(body);
      close();
    } catch (err) {
      setError(describeError(err, t).message);
    } finally {
      setBusy(false);
    }
  };

  const message = (field: 'outcome' | 'note', max: number) =>
    errors[field] === 'tooLong' ? t.worklist.tooLong(max) : field === 'outcome' ? t.worklist.outcomeRequired : '';

  return (
    <Dialog
      open={open}
      title={withOutcome ? t.worklist.completeTitle : t.worklist.recordContactTitle}
      onClose={close}
      labelId={`${id}-title`}
    >
      <p class="mb-3 fs-5">{subject}</p>
      <form onSubmit={submit} noValidate>
        <fieldset class="mb-3" aria-describedby={show('channel') ? `${id}-channel-error` : undefined}>
          <legend class="form-label fs-6">{`${t.channel.label}（${t.common.required}）`}</legend>
          {CHANNELS.map((c) => (
            <div key={c} class="form-check form-check-inline">
              <input
                class={`form-check-input ${show('channel') ? 'is-invalid' : ''}`}
                type="radio"
                name={`${id}-channel`}
                id={`${id}-channel-${c}`}
                value={c}
                checked={form.channel === c}
                onChange={() => setForm({ ...form, channel: c })}
              />
              <label class="form-check-label" for={`${id}-channel-${c}`}>
                {t.channel[c]}
              </label>
            </div>
          ))}
          {show('channel') && (
            <div id={`${id}-channel-error`} class="invalid-feedback d-block">
              {t.worklist.channelRequired}
            </div>
          )}
        </fieldset>
        {withOutcome && (
          <div class="mb-3">
            <label class="form-label" for={`${id}-outcome`}>
              {t.worklist.outcome}
            </label>
            <input
              id={`${id}-outcome`}
              class={`form-control ${show('outcome') ? 'is-invalid' : ''}`}
              maxLength={MAX_OUTCOME_LENGTH}
              required
              aria-invalid={show('outcome')}
              aria-describedby={`${id}-outcome-help`}
              placeholder={t.worklist.outcomeHint}
              value={form.outcome}
              onInput={(e) => setForm({ ...form, outcome: e.currentTarget.value })}
            />
            <div id={`${id}-outcome-help`} class={show('outcome') ? 'invalid-feedback d-block' : 'form-text'}>
              {show('outcome') ? message('outcome', MAX_OUTCOME_LENGTH) : t.worklist.outcomeHint}
            </div>
          </div>
        )}
        <div class="mb-2">
          <label class="form-label" for={`${id}-note`}>
            {t.worklist.note}
          </label>
          <textarea
            id={`${id}-note`}
            class={`form-control ${show('note') ? 'is-invalid' : ''}`}
            rows={3}
            maxLength={MAX_NOTE_LENGTH}
            aria-invalid={show('note')}
            value={form.note}
            onInput={(e) => setForm({ ...form, note: e.currentTarget.value })}
          />
          {show('note') && <div class="invalid-feedback d-block">{message('note', MAX_NOTE_LENGTH)}</div>}
        </div>
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
            {busy ? t.common.saving : withOutcome ? t.worklist.confirmComplete : t.worklist.confirmContact}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
