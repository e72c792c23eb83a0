import { useState } from 'preact/hooks';
import { assignPatientTeam, createTeam, listClinics, listPatientsPage, listTeams, retireTeam, updateTeam } from '../api/endpoints';
import type { Clinic, GridTeam, Patient } from '../api/types';
import { TEAM_ROLES } from '../api/types';
import { me } from '../auth/session';
import { TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import type { Messages } from '../i18n';
import { useT } from '../i18n';
import { href } from '../logic/route';
import type { TeamDraft, TeamProblem } from '../logic/teams';
import { emptyTeamDraft, newMember, teamDraftFrom, teamDraftProblems, toTeamInput } from '../logic/teams';

const SEARCH_PAGE = 10;
const TEAM_PATIENTS_PAGE = 200;

function problemText(p: TeamProblem, t: Messages): string {
  switch (p.kind) {
    case 'clinic':
      return t.teams.needClinic;
    case 'name':
      return t.teams.needName;
    case 'noMembers':
      return t.teams.needMember;
    case 'memberName':
      return t.teams.needMemberName(p.index + 1);
    case 'noMedical':
      return t.teams.needMedical;
  }
}

/** Creates a team, or renames one and replaces its members (the API replaces them whole). */
function TeamForm({
  team,
  clinics,
  onSaved,
  onCancel,
}: {
  team?: GridTeam;
  clinics: readonly Clinic[] | undefined;
  onSaved: (team: GridTeam) => void;
  onCancel: () => void;
}) {
  const t = useT();
  // An administrator names the clinic of a new team; a nurse's or doctor's is their own.
  const choosesClinic = !team && me.value?.role === 'admin';
  const [draft, setDraft] = useState<TeamDraft>(() => (team ? teamDraftFrom(team) : emptyTeamDraft(me.value?.clinicId ?? '')));
  const [problems, setProblems] = useState<TeamProblem[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const idPrefix = team ? `team-${team.id}` : 'team-new';
  const setMember = (index: number, change: Partial<TeamDraft['members'][number]>) =>
    setDraft({ ...draft, members: draft.members.map((m, i) => (i === index ? { ...m, ...change } : m)) });

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = teamDraftProblems(draft, choosesClinic);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const input = toTeamInput(draft, choosesClinic);
      onSaved(team ? await updateTeam(team.id, input) : await createTeam(input));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card card-body mb-3" onSubmit={(e) => void submit(e)} noValidate data-team-form={team?.id ?? 'new'}>
      {choosesClinic && (
        <div class="mb-2">
          <label class="form-label" for={`${idPrefix}-clinic`}>
            {t.teams.clinic}
          </label>
          <select
            id={`${idPrefix}-clinic`}
            class="form-select"
            value={draft.clinicId}
            onChange={(e) => setDraft({ ...draft, clinicId: e.currentTarget.value })}
          >
            <option value="">—</option>
            {(clinics ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="mb-2">
        <label class="form-label" for={`${idPrefix}-name`}>
          {t.teams.name}
        </label>
        <input
          id={`${idPrefix}-name`}
          class="form-control"
          maxLength={100}
          value={draft.name}
          onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
        />
      </div>
      <fieldset class="mb-2">
        <legend class="h6">{t.teams.members}</legend>
        {draft.members.map((m, i) => (
          <div class="row g-2 mb-2 align-items-end" key={i} data-member-row={i}>
            <div class="col-sm-4">
              <label class="form-label small" for={`${idPrefix}-m${i}-name`}>
                {t.teams.memberName(i + 1)}
              </label>
              <input id={`${idPrefix}-m${i}-name`} class="form-control form-control-sm" maxLength={100} value={m.name}
                onInput={(e) => setMember(i, { name: e.currentTarget.value })} />
            </div>
            <div class="col-sm-3">
              <label class="form-label small" for={`${idPrefix}-m${i}-role`}>
                {t.teams.memberRole(i + 1)}
              </label>
              <select id={`${idPrefix}-m${i}-role`} class="form-select form-select-sm" value={m.role}
                onChange={(e) => setMember(i, { role: e.currentTarget.value as TeamDraft['members'][number]['role'] })}>
                {TEAM_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t.teams.role[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="col-sm-3">
              <label class="form-label small" for={`${idPrefix}-m${i}-phone`}>
                {t.teams.memberPhone(i + 1)}
              </label>
              <input id={`${idPrefix}-m${i}-phone`} class="form-control form-control-sm" maxLength={40} inputMode="tel" value={m.phone}
                onInput={(e) => setMember(i, { phone: e.currentTarget.value })} />
            </div>
            <div class="col-sm-2">
              <button type="button" class="btn btn-sm btn-outline-secondary" disabled={draft.members.length === 1}
                onClick={() => setDraft({ ...draft, members: draft.members.filter((_, j) => j !== i) })}>
                {t.teams.removeMember(i + 1)}
              </button>
            </div>
          </div>
        ))}
        <button type="button" class="btn btn-sm btn-outline-light"
          onClick={() => setDraft({ ...draft, members: [...draft.members, newMember('volunteer')] })}>
          {t.teams.addMember}
        </button>
      </fieldset>
      {problems.length > 0 && (
        <ul class="text-danger mb-2" role="alert">
          {problems.map((p, i) => (
            <li key={i}>{problemText(p, t)}</li>
          ))}
        </ul>
      )}
      {error !== undefined && <ErrorAlert error={error} />}
      <div class="d-flex gap-2">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t.common.saving : t.common.save}
        </button>
        <button type="button" class="btn btn-outline-secondary" onClick={onCancel}>
          {t.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** A team's patients, each of whom may be taken out of it. */
function TeamPatients({ team, version, onChanged }: { team: GridTeam; version: number; onChanged: (message: string) => void }) {
  const t = useT();
  const patients = useAsync(() => listPatientsPage({ teamId: team.id, pageSize: TEAM_PATIENTS_PAGE, sort: 'name', order: 'asc' }), [team.id, version]);
  const [error, setError] = useState<unknown>(undefined);
  const remove = async (p: Patient) => {
    setError(undefined);
    try {
      await assignPatientTeam(p.id, null);
      onChanged(t.teams.unassigned(p.name));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="mt-2">
      {patients.loading && !patients.data && <Loading />}
      {patients.error !== undefined && <ErrorAlert error={patients.error} onRetry={patients.reload} />}
      {error !== undefined && <ErrorAlert error={error} />}
      {patients.data && patients.data.items.length === 0 && <p class="text-body-secondary small mb-0">{t.teams.noPatients}</p>}
      {patients.data && patients.data.items.length > 0 && (
        <ul class="list-unstyled mb-0">
          {patients.data.items.map((p) => (
            <li key={p.id} class="d-flex align-items-center gap-2 mb-1" data-team-patient={p.id}>
              <TierBadge tier={p.riskTier} />
              <a href={href({ name: 'patient', id: p.id })}>{p.name}</a>
              <button type="button" class="btn btn-sm btn-outline-secondary ms-auto" onClick={() => void remove(p)}>
                {t.teams.removeFromTeam(p.name)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TeamCard({
  team,
  clinicName,
  clinics,
  version,
  onSaved,
  onRetired,
  onPatientsChanged,
}: {
  team: GridTeam;
  clinicName: string | undefined;
  clinics: readonly Clinic[] | undefined;
  version: number;
  onSaved: (team: GridTeam) => void;
  onRetired: (team: GridTeam) => void;
  onPatientsChanged: (message: string) => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [showing, setShowing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const retire = async () => {
    if (!window.confirm(t.teams.confirmRetire(team.name))) return;
    setError(undefined);
    try {
      await retireTeam(team.id);
      onRetired(team);
    } catch (err) {
      setError(err);
    }
  };
  const headingId = `team-heading-${team.id}`;
  return (
    <article class="card mb-3" aria-labelledby={headingId} data-team-id={team.id}>
      <div class="card-body">
        <div class="d-flex flex-wrap align-items-baseline gap-2">
          <h2 id={headingId} class="h5 mb-0">
            {team.name}
          </h2>
          <span class="badge text-bg-secondary" data-team-patients={team.patients}>
            {t.teams.patientCount(team.patients)}
          </span>
          {clinicName && <span class="small text-body-secondary">{clinicName}</span>}
        </div>
        {editing ? (
          <TeamForm
            team={team}
            clinics={clinics}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              onSaved(saved);
            }}
          />
        ) : (
          <ul class="mt-2 mb-2">
            {(team.members ?? []).map((m, i) => (
              <li key={i} data-member-role={m.role}>
                {m.name} · {t.teams.role[m.role]}
                {m.phone ? ` · ${m.phone}` : ''}
              </li>
            ))}
          </ul>
        )}
        {error !== undefined && <ErrorAlert error={error} />}
        {!editing && (
          <div class="d-flex flex-wrap gap-2">
            <button type="button" class="btn btn-sm btn-outline-light" onClick={() => setEditing(true)}>
              {t.teams.edit(team.name)}
            </button>
            <button type="button" class="btn btn-sm btn-outline-light" aria-expanded={showing} onClick={() => setShowing(!showing)}>
              {showing ? t.teams.hidePatients(team.name) : t.teams.showPatients(team.name)}
            </button>
            <button type="button" class="btn btn-sm btn-outline-danger" onClick={() => void retire()}>
              {t.teams.retire(team.name)}
            </button>
          </div>
        )}
        {showing && <TeamPatients team={team} version={version} onChanged={onPatientsChanged} />}
      </div>
    </article>
  );
}

/** Finds patients by name, id or device and puts each in a team of their clinic (or in none). */
function AssignPatients({ teams, version, onChanged }: { teams: readonly GridTeam[]; version: number; onChanged: (message: string) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useAsync(
    () => (q.trim() ? listPatientsPage({ q: q.trim(), pageSize: SEARCH_PAGE }) : Promise.resolve(undefined)),
    [q, version],
  );
  const [error, setError] = useState<unknown>(undefined);
  const assign = async (p: Patient, teamId: string) => {
    setError(undefined);
    try {
      const answer = await assignPatientTeam(p.id, teamId || null);
      onChanged(answer.teamName ? t.teams.assigned(p.name, answer.teamName) : t.teams.unassigned(p.name));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card mb-4" aria-labelledby="assign-heading">
      <div class="card-body">
        <h2 id="assign-heading" class="h5">
          {t.teams.assignTitle}
        </h2>
        <label class="form-label" for="team-search">
          {t.teams.search}
        </label>
        <input id="team-search" type="search" class="form-control mb-2" placeholder={t.teams.searchHint} value={q}
          onInput={(e) => setQ(e.currentTarget.value)} />
        {error !== undefined && <ErrorAlert error={error} />}
        {found.error !== undefined && <ErrorAlert error={found.error} onRetry={found.reload} />}
        {found.data && found.data.items.length === 0 && <p class="text-body-secondary small">{t.teams.noMatch}</p>}
        {found.data && found.data.items.length > 0 && (
          <ul class="list-unstyled mb-0">
            {found.data.items.map((p) => (
              <li key={p.id} class="d-flex flex-wrap align-items-center gap-2 mb-2" data-assign-patient={p.id}>
                <TierBadge tier={p.riskTier} />
                <a href={href({ name: 'patient', id: p.id })}>{p.name}</a>
                <select class="form-select form-select-sm w-auto ms-auto" aria-label={t.teams.teamOf(p.name)} value={p.teamId ?? ''}
                  onChange={(e) => void assign(p, e.currentTarget.value)}>
                  <option value="">{t.teams.noTeam}</option>
                  {teams
                    .filter((team) => team.clinicId === p.clinicId)
                    .map((team) => (
                      <option key={team.id} value={team.id}>
                        {team.name}
                      </option>
                    ))}
                </select>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** 包保小分队 (004 §7): the clinic's grid teams with their members and patients; create, edit, retire, assign. */
export function TeamsPage() {
  const t = useT();
  const teams = useAsync(() => listTeams(), []);
  const isAdmin = me.value?.role === 'admin';
  const clinics = useAsync(() => (isAdmin ? listClinics() : Promise.resolve([] as Clinic[])), [isAdmin]);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');
  // Bumped after an assignment: the counts, the teams' patient lists and the search re-read.
  const [version, setVersion] = useState(0);
  const patientsChanged = (message: string) => {
    setNotice(message);
    setVersion(version + 1);
    teams.reload();
  };
  const clinicName = (id: string) => (isAdmin ? clinics.data?.find((c) => c.id === id)?.name : undefined);
  return (
    <main id="main" tabIndex={-1} class="container-fluid py-3">
      <h1 class="h3">{t.teams.title}</h1>
      <p class="text-body-secondary">{t.teams.intro}</p>
      {notice && (
        <p role="status" class="text-success" data-teams-notice>
          {notice}
        </p>
      )}
      {creating ? (
        <TeamForm
          clinics={clinics.data}
          onCancel={() => setCreating(false)}
          onSaved={(team) => {
            setCreating(false);
            setNotice(t.teams.created(team.name));
            teams.reload();
          }}
        />
      ) : (
        <button type="button" class="btn btn-primary mb-3" onClick={() => setCreating(true)}>
          {t.teams.create}
        </button>
      )}
      {teams.loading && !teams.data && <Loading />}
      {teams.error !== undefined && <ErrorAlert error={teams.error} onRetry={teams.reload} />}
      {teams.data && teams.data.length === 0 && <p class="text-body-secondary">{t.teams.none}</p>}
      {(teams.data ?? []).map((team) => (
        <TeamCard
          key={team.id}
          team={team}
          clinicName={clinicName(team.clinicId)}
          clinics={clinics.data}
          version={version}
          onSaved={(saved) => {
            setNotice(t.teams.saved(saved.name));
            teams.reload();
          }}
          onRetired={(retired) => {
            setNotice(t.teams.retired(retired.name));
            teams.reload();
          }}
          onPatientsChanged={patientsChanged}
        />
      ))}
      {teams.data && teams.data.length > 0 && <AssignPatients teams={teams.data} version={version} onChanged={patientsChanged} />}
    </main>
  );
}
