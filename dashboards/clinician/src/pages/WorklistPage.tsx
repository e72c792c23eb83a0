import { useEffect, useState } from 'preact/hooks';
import { completeFollowUp, getWorklist, listClinics, listTeams, recordContact } from '../api/endpoints';
import type { Channel, Clinic, WorklistEntry } from '../api/types';
import { me } from '../auth/session';
import { TierBadge } from '../components/Badges';
import type { ContactDialogMode } from '../components/ContactDialog';
import { ContactDialog } from '../components/ContactDialog';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import type { Messages } from '../i18n';
import { lang, useT } from '../i18n';
import { formatDateTime } from '../logic/format';
import { href } from '../logic/route';
import type { WorklistCounts, WorklistGroup } from '../logic/worklist';
import { followUpState, localDate, totalCounts, worklistView } from '../logic/worklist';
import { navigate } from '../state/router';

const REFRESH_MS = 5 * 60 * 1000;

function Summary({ counts, t }: { counts: WorklistCounts; t: Messages }) {
  const items: { key: keyof WorklistCounts; text: string; tone: string }[] = [
    { key: 'overdue', text: t.worklist.summary.overdue(counts.overdue), tone: 'text-bg-danger' },
    { key: 'dueToday', text: t.worklist.summary.dueToday(counts.dueToday), tone: 'text-bg-warning' },
    { key: 'cadenceBehind', text: t.worklist.summary.cadenceBehind(counts.cadenceBehind), tone: 'text-bg-info' },
    { key: 'endCriteriaMet', text: t.worklist.summary.endCriteriaMet(counts.endCriteriaMet), tone: 'text-bg-success' },
  ];
  return (
    <ul class="worklist-summary list-inline mb-3" aria-label={t.worklist.title}>
      {items.map((i) => (
        <li key={i.key} class="list-inline-item">
          <span class={`badge fs-6 ${counts[i.key] > 0 ? i.tone : 'text-bg-secondary'}`} data-count={i.key}>
            {i.text}
          </span>
        </li>
      ))}
    </ul>
  );
}

function FollowUpCell({ entry, today, t }: { entry: WorklistEntry; today: string; t: Messages }) {
  const state = followUpState(entry, today);
  const f = entry.followUp;
  if (!state || !f) return <span class="text-body-secondary">{t.worklist.followUp.none}</span>;
  return (
    <>
      <span class={`fu fu-${state}`}>
        {state === 'overdue' ? t.worklist.followUp.overdue(f.daysOverdue) : state === 'dueToday' ? t.worklist.followUp.dueToday : t.worklist.followUp.upcoming(f.dueOn)}
      </span>
      {state !== 'upcoming' && <div class="small text-body-secondary">{t.worklist.followUp.dueOn(f.dueOn)}</div>}
    </>
  );
}

function CadenceCell({ entry, t }: { entry: WorklistEntry; t: Messages }) {
  const c = entry.cadence;
  if (c.required === 0) return <span class="text-body-secondary">{t.worklist.cadence.notRequired}</span>;
  return (
    <>
      <div>{t.worklist.cadence.count(c.contacts, c.required)}</div>
      <span class={`cadence ${c.behind ? 'cadence-behind' : 'cadence-met'}`}>{c.behind ? t.worklist.cadence.behind(c.shortfall) : t.worklist.cadence.met}</span>
    </>
  );
}

interface Pending {
  mode: ContactDialogMode;
  entry: WorklistEntry;
}

function GroupTable({
  group,
  clinic,
  showHeading,
  onAct,
}: {
  group: WorklistGroup;
  clinic: Clinic | undefined;
  showHeading: boolean;
  onAct: (p: Pending) => void;
}) {
  const t = useT();
  const headingId = `wl-${group.clinicId}`;
  return (
    <section class="mb-4" aria-labelledby={showHeading ? headingId : undefined} data-clinic-id={group.clinicId}>
      {showHeading && (
        <h2 id={headingId} class="h4">
          {t.worklist.clinicToday(clinic?.name ?? `#${group.clinicId.slice(0, 8)}`, group.today)}
        </h2>
      )}
      {showHeading && <Summary counts={group.counts} t={t} />}
      {group.entries.length === 0 ? (
        <p class="text-body-secondary">{t.worklist.empty}</p>
      ) : (
        <div class="table-responsive">
          <table class="table align-middle worklist-table">
            <thead>
              <tr>
                <th scope="col">{t.worklist.columns.patient}</th>
                <th scope="col">{t.worklist.columns.followUp}</th>
                <th scope="col">{t.worklist.columns.cadence}</th>
                <th scope="col">{t.worklist.columns.status}</th>
                <th scope="col">{t.worklist.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {group.entries.map((e) => {
                const state = followUpState(e, group.today);
                return (
                  <tr key={e.patientId} data-patient-id={e.patientId} data-followup-state={state ?? 'none'} class={`wl-row wl-${state ?? 'none'}`}>
                    <th scope="row" class="fw-normal">
                      <a class="fw-bold" href={href({ name: 'patient', id: e.patientId })}>
                        {e.patientName}
                      </a>{' '}
                      <TierBadge tier={e.tier} />
                    </th>
                    <td>
                      <FollowUpCell entry={e} today={group.today} t={t} />
                    </td>
                    <td>
                      <CadenceCell entry={e} t={t} />
                    </td>
                    <td>
                      {e.endCriteriaMet && <div class="badge text-bg-success text-wrap">{t.worklist.endCriteriaMet}</div>}
                      {!e.inHomeTreatment && <div class="small text-body-secondary">{t.worklist.notInHomeTreatment}</div>}
                    </td>
                    <td>
                      <div class="d-flex flex-wrap gap-2">
                        {/* A follow-up due later is done on its day; today's and overdue ones are done from here. */}
                        {(state === 'overdue' || state === 'dueToday') && (
                          <button type="button" class="btn btn-primary" onClick={() => onAct({ mode: 'followUp', entry: e })}>
                            {t.worklist.complete}
                          </button>
                        )}
                        <button type="button" class="btn btn-outline-light" onClick={() => onAct({ mode: 'contact', entry: e })}>
                          {t.worklist.recordContact}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Who needs contacting (clinical-rules §3): follow-ups due and overdue and contact cadence behind,
 * per clinic, most urgent first; a follow-up is completed (or a contact recorded) from the list.
 */
export function WorklistPage({ clinicId }: { clinicId?: string | undefined }) {
  const t = useT();
  const isAdmin = me.value?.role === 'admin';
  const [showAll, setShowAll] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState('');
  const clinics = useAsync(() => listClinics(), []);
  const teams = useAsync(() => listTeams(), []);
  const [chosenTeam, setChosenTeam] = useState('');
  // Grid teams (包保小分队, seed 004 §7) of the clinic shown; a team of another clinic stops filtering.
  const clinicTeams = (teams.data ?? []).filter((team) => !clinicId || team.clinicId === clinicId);
  const teamId = clinicTeams.some((team) => team.id === chosenTeam) ? chosenTeam : '';
  const worklist = useAsync(async () => ({ entries: await getWorklist(clinicId, undefined, teamId || undefined), at: Date.now() }), [clinicId, teamId]);

  useEffect(() => {
    const timer = setInterval(worklist.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [worklist.reload]);

  const clinicById = new Map((clinics.data ?? []).map((c) => [c.id, c]));
  const data = worklist.data;
  const groups = data
    ? worklistView(data.entries, {
        todayOf: (id) => localDate(data.at, clinicById.get(id)?.timeZone),
        showAll,
        lang: lang.value,
        clinicName: (id) => clinicById.get(id)?.name,
      })
    : [];
  const total = totalCounts(groups);
  const shown = groups.reduce((n, g) => n + g.entries.length, 0);

  const submit = async (body: { channel: Channel; outcome?: string; note?: string }) => {
    if (!pending) return;
    const { mode, entry } = pending;
    if (mode === 'followUp' && entry.followUp) {
      await completeFollowUp(entry.followUp.id, { channel: body.channel, outcome: body.outcome ?? '', ...(body.note ? { note: body.note } : {}) });
      setNotice(t.worklist.completed(entry.patientName));
    } else {
      await recordContact(entry.patientId, { channel: body.channel, ...(body.note ? { note: body.note } : {}) });
      setNotice(t.worklist.contactRecorded(entry.patientName));
    }
    worklist.reload();
  };

  return (
    <main id="main" class="container-fluid page worklist" tabIndex={-1}>
      <div class="d-flex flex-wrap align-items-end gap-3 mb-2">
        <h1 class="h2 mb-0 me-auto">{t.worklist.title}</h1>
        {isAdmin && (
          <div>
            <label class="form-label mb-1" for="wl-clinic">
              {t.worklist.clinic}
            </label>
            <select
              id="wl-clinic"
              class="form-select"
              value={clinicId ?? ''}
              onChange={(e) => navigate(e.currentTarget.value ? { name: 'worklist', clinicId: e.currentTarget.value } : { name: 'worklist' })}
            >
              <option value="">{t.worklist.allClinics}</option>
              {(clinics.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {clinicTeams.length > 0 && (
          <div>
            <label class="form-label mb-1" for="wl-team">
              {t.worklist.team}
            </label>
            <select id="wl-team" class="form-select" value={teamId} onChange={(e) => setChosenTeam(e.currentTarget.value)}>
              <option value="">{t.worklist.allTeams}</option>
              {clinicTeams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="form-check mb-2">
          <input id="wl-show-all" class="form-check-input" type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          <label class="form-check-label" for="wl-show-all">
            {t.worklist.showAll}
          </label>
        </div>
        <button type="button" class="btn btn-outline-light" onClick={worklist.reload}>
          {t.common.refresh}
        </button>
      </div>
      <p class="text-body-secondary">
        {t.worklist.intro}
        {data && ` · ${t.worklist.loadedAt(formatDateTime(data.at))}`}
      </p>
      <div role="status" aria-live="polite">
        {notice && <div class="alert alert-success py-2">{notice}</div>}
      </div>
      {worklist.loading && !data && <Loading />}
      {worklist.error !== undefined && <ErrorAlert error={worklist.error} onRetry={worklist.reload} />}
      {data && (
        <>
          <Summary counts={total} t={t} />
          {groups.length === 0 ? (
            <p class="text-body-secondary">{t.worklist.emptyAll}</p>
          ) : shown === 0 && groups.length === 1 ? (
            <p class="text-body-secondary">{t.worklist.empty}</p>
          ) : (
            groups.map((g) => (
              <GroupTable key={g.clinicId} group={g} clinic={clinicById.get(g.clinicId)} showHeading={groups.length > 1 || isAdmin} onAct={setPending} />
            ))
          )}
        </>
      )}
      <ContactDialog
        mode={pending?.mode ?? 'followUp'}
        open={pending !== null}
        subject={
          pending
            ? pending.mode === 'followUp' && pending.entry.followUp
              ? t.worklist.forPatient(pending.entry.patientName, pending.entry.followUp.dueOn)
              : t.worklist.forPatientContact(pending.entry.patientName)
            : ''
        }
        onSubmit={submit}
        onClose={() => setPending(null)}
      />
    </main>
  );
}
