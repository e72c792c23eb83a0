import { useEffect, useRef, useState } from 'preact/hooks';
import { saveBlob } from '../api/client';
import { advanceReferral, createReferral, getHandoff, listAlarms, listReferrals, suggestReferral } from '../api/endpoints';
import type { DestinationLevel, Referral, Transport } from '../api/types';
import { DESTINATION_LEVELS, TRANSPORTS } from '../api/types';
import { useT } from '../i18n';
import { alarmKindName, formatDateTime } from '../logic/format';
import { href } from '../logic/route';
import { ErrorAlert, Loading } from './ErrorAlert';
import { useAsync } from './useAsync';

/** The open referral's steps and timeline, with the FHIR download and the printable summary. */
function OpenReferral({ referral, onChanged }: { referral: Referral; onChanged: (r: Referral) => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState('');
  const advance = async (state: Referral['nextStates'][number]) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await advanceReferral(referral.id, { state });
      setNotice(t.referral.advanced(t.referral.state[next.state]));
      onChanged(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    try {
      saveBlob(await getHandoff(referral.id), `referral-${referral.id}.fhir.json`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div data-referral-id={referral.id} data-referral-state={referral.state}>
      <p class="mb-1">
        <span class="badge text-bg-info me-2">{t.referral.state[referral.state]}</span>
        {t.referral.level[referral.destinationLevel]} · {referral.destination} · {t.referral.transportName[referral.transport]}
      </p>
      <p class="small text-body-secondary mb-2">
        {t.referral.owner}: {referral.ownerUsername} · {t.referral.since} {formatDateTime(referral.stateSince)}
      </p>
      {notice && (
        <p role="status" class="text-success small">
          {notice}
        </p>
      )}
      {error !== undefined && <ErrorAlert error={error} />}
      <div class="d-flex flex-wrap gap-2 mb-3">
        {referral.nextStates.map((s) => (
          <button key={s} type="button" class="btn btn-sm btn-outline-light" disabled={busy} onClick={() => void advance(s)}>
            {t.referral.advanceTo(t.referral.state[s])}
          </button>
        ))}
        <button type="button" class="btn btn-sm btn-outline-secondary" onClick={() => void download()}>
          {t.referral.download}
        </button>
        <a class="btn btn-sm btn-outline-secondary" href={href({ name: 'referralPrint', id: referral.id })}>
          {t.referral.print}
        </a>
      </div>
      <h3 class="h6">{t.referral.timeline}</h3>
      <ol class="small">
        {referral.events.map((e, i) => (
          <li key={i}>
            {formatDateTime(e.at)} {t.referral.state[e.state]} ({e.by}){e.note ? `: ${e.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Starts a referral: the hub's suggested level first (003 二(二)2), which the clinician confirms or changes. */
function StartReferral({ patientId, onStarted }: { patientId: string; onStarted: (r: Referral) => void }) {
  const t = useT();
  const alarms = useAsync(() => listAlarms({ patientId, state: 'open' }), [patientId]);
  const [alarmId, setAlarmId] = useState('');
  const suggestion = useAsync(() => suggestReferral(patientId, alarmId || undefined), [patientId, alarmId]);
  const [level, setLevel] = useState<DestinationLevel | ''>('');
  const [reason, setReason] = useState('');
  const [destination, setDestination] = useState('');
  const [transport, setTransport] = useState<Transport>('ambulance_120');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const first = alarms.data?.find((a) => a.priority === 'high') ?? alarms.data?.[0];
    if (first && !alarmId) setAlarmId(first.id);
  }, [alarms.data]);
  useEffect(() => {
    if (suggestion.data) setLevel(suggestion.data.level);
  }, [suggestion.data]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem('');
    if (!reason.trim()) return setProblem(t.referral.reasonRequired);
    if (!destination.trim()) return setProblem(t.referral.destinationRequired);
    setBusy(true);
    setError(undefined);
    try {
      const created = await createReferral(patientId, {
        reason: reason.trim(),
        destination: destination.trim(),
        destinationLevel: level || 'other',
        transport,
        ...(alarmId ? { alarmId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onStarted(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div class="mb-2">
        <label class="form-label" for="referral-alarm">
          {t.referral.triggeringAlarm}
        </label>
        <select id="referral-alarm" class="form-select" value={alarmId} onChange={(e) => setAlarmId((e.target as HTMLSelectElement).value)}>
          <option value="">{t.referral.noAlarm}</option>
          {(alarms.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {alarmKindName(a.kind, t)} · {formatDateTime(a.raisedAt)}
            </option>
          ))}
        </select>
      </div>
      {suggestion.data && (
        <div class="alert alert-info py-2" data-suggested-level={suggestion.data.level}>
          <div class="fw-bold">{t.referral.suggested(t.referral.level[suggestion.data.level])}</div>
          <div class="small">
            {t.referral.basis}: {suggestion.data.basis}
          </div>
        </div>
      )}
      <div class="row g-2">
        <div class="col-md-6">
          <label class="form-label" for="referral-level">
            {t.referral.destinationLevel}
          </label>
          <select id="referral-level" class="form-select" value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value as DestinationLevel)}>
            {DESTINATION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.referral.level[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="col-md-6">
          <label class="form-label" for="referral-transport">
            {t.referral.transport}
          </label>
          <select id="referral-transport" class="form-select" value={transport} onChange={(e) => setTransport((e.target as HTMLSelectElement).value as Transport)}>
            {TRANSPORTS.map((tr) => (
              <option key={tr} value={tr}>
                {t.referral.transportName[tr]}
              </option>
            ))}
          </select>
        </div>
        <div class="col-md-6">
          <label class="form-label" for="referral-destination">
            {t.referral.destination}
          </label>
          <input id="referral-destination" class="form-control" maxLength={200} value={destination} onInput={(e) => setDestination((e.target as HTMLInputElement).value)} />
        </div>
        <div class="col-md-6">
          <label class="form-label" for="referral-reason">
            {t.referral.reason}
          </label>
          <input id="referral-reason" class="form-control" maxLength={500} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        </div>
        <div class="col-12">
          <label class="form-label" for="referral-note">
            {t.referral.note}
          </label>
          <input id="referral-note" class="form-control" maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        </div>
      </div>
      {problem && <p class="text-danger mt-2 mb-0">{problem}</p>}
      {error !== undefined && <ErrorAlert error={error} />}
      <button type="submit" class="btn btn-danger mt-3" disabled={busy}>
        {t.referral.start}
      </button>
    </form>
  );
}

/**
 * A patient's referral panel (patient page): start one (from an open alarm), advance it, see its timeline.
 * `onClosed` runs when a referral closes (admission ends home treatment: the page shows it again).
 * `focus`: opened from an alarm on the wall, the panel is scrolled to and focused once loaded.
 */
export function ReferralPanel({ patientId, onClosed, focus }: { patientId: string; onClosed?: () => void; focus?: boolean }) {
  const t = useT();
  const referrals = useAsync(() => listReferrals({ patientId }), [patientId]);
  const section = useRef<HTMLElement>(null);
  const loaded = referrals.data !== undefined;
  useEffect(() => {
    if (!focus || !loaded || !section.current) return;
    section.current.scrollIntoView?.({ block: 'start' });
    section.current.focus({ preventScroll: true });
  }, [focus, loaded]);
  const [notice, setNotice] = useState('');
  const open = referrals.data?.find((r) => r.open);
  const closed = (referrals.data ?? []).filter((r) => !r.open);
  const replace = (r: Referral) => {
    referrals.setData([r, ...(referrals.data ?? []).filter((x) => x.id !== r.id)]);
    if (!r.open) {
      setNotice(t.referral.advanced(t.referral.state[r.state]));
      onClosed?.();
    }
  };
  return (
    <section class="card mb-4" aria-labelledby="referral-heading" ref={section} tabIndex={-1}>
      <div class="card-body">
        <h2 id="referral-heading" class="h5">
          {t.referral.title}
        </h2>
        {referrals.loading && !referrals.data && <Loading />}
        {referrals.error !== undefined && <ErrorAlert error={referrals.error} onRetry={referrals.reload} />}
        {notice && (
          <p role="status" class="text-success">
            {notice}
          </p>
        )}
        {referrals.data && (open ? (
          <OpenReferral referral={open} onChanged={replace} />
        ) : (
          <StartReferral
            patientId={patientId}
            onStarted={(r) => {
              setNotice(t.referral.started);
              replace(r);
            }}
          />
        ))}
        {closed.length > 0 && (
          <>
            <h3 class="h6 mt-3">{t.referral.history}</h3>
            <ul class="small">
              {closed.map((r) => (
                <li key={r.id} data-referral-id={r.id} data-referral-state={r.state}>
                  {formatDateTime(r.requestedAt)} · {r.destination} · {t.referral.state[r.state]} ·{' '}
                  <a href={href({ name: 'referralPrint', id: r.id })}>{t.referral.print}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
