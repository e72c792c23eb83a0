import { computed } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { audioBlocked, unlockAudio } from '../audio/beeper';
import { listClinics, listTeams } from '../api/endpoints';
import type { Alarm, Clinic, GridTeam, Patient } from '../api/types';
import { ALARM_KINDS, PRIORITIES, TIERS } from '../api/types';
import { me } from '../auth/session';
import { AlarmGroupRow } from '../components/AlarmGroupRow';
import { DisconnectedBanner } from '../components/ConnectionIndicator';
import { Loading } from '../components/ErrorAlert';
import { PatientTile } from '../components/PatientTile';
import { ResolveDialog } from '../components/ResolveDialog';
import { useAsync } from '../components/useAsync';
import { VirtualTiles } from '../components/VirtualTiles';
import { lang, useT } from '../i18n';
import { alarmKindName, formatClock, formatDuration } from '../logic/format';
import { SILENCE_MS } from '../logic/sound';
import { freshness, lastSeen } from '../logic/vitalsWindow';
import type { FilterContext, WallDimension, WallFilters } from '../logic/wallFilters';
import { alarmMatches, isFiltering, patientMatches, setFilter, toggleFilter } from '../logic/wallFilters';
import { countAlarms, groupByPatient, sortByConcern } from '../logic/wallView';
import { acknowledge, alarmsLoaded, openAlarms, openAlarmsByPatient, resolve } from '../state/alarms';
import { now } from '../state/clock';
import { monitoredPatients, patientName, patientsById, wantPatients } from '../state/patients';
import { navigate } from '../state/router';
import { resumeSound, silencedUntil, silenceSound, soundModeNow } from '../state/sound';
import { live, liveVersion, watchVitals } from '../state/vitals';

/** Patient rows rendered at first; "show more" adds as many (hundreds of patients with alarms stay quick). */
const GROUPS_PER_STEP = 100;
/** The tiles' order is recomputed at most this often (and at once when alarms, patients or filters change): data going stale is a matter of minutes. */
const TILE_ORDER_MS = 5000;
const TILE = { minWidth: 232, height: 212, gap: 10 };

function SoundControl() {
  const t = useT();
  const mode = soundModeNow.value;
  const until = silencedUntil.value;
  return (
    <div class={`sound sound-${mode}`} data-sound-mode={mode}>
      <span class="sound-state" role="status" aria-live="polite">
        {mode === 'on' ? t.wall.sound.on : mode === 'silenced' && until !== null ? t.wall.sound.silenced(formatClock(until)) : t.wall.sound.off}
      </span>
      {mode === 'on' && (
        <button type="button" class="btn btn-outline-light" onClick={silenceSound}>
          {t.wall.sound.silence(SILENCE_MS / 60000)}
        </button>
      )}
      {mode === 'silenced' && (
        <button type="button" class="btn btn-outline-light" onClick={resumeSound}>
          {t.wall.sound.resume}
        </button>
      )}
      {mode === 'on' && audioBlocked.value && (
        <>
          <span class="visually-hidden">{t.wall.sound.blocked}</span>
          <button type="button" class="btn btn-danger" onClick={unlockAudio} title={t.wall.sound.blocked}>
            {t.wall.sound.enable}
          </button>
        </>
      )}
    </div>
  );
}

/** Counts by priority and the oldest unacknowledged high alarm: what needs attention first (GET /api/alarms/summary counts the same). */
function WallSummary({ alarms }: { alarms: readonly Alarm[] }) {
  const t = useT();
  const c = countAlarms(alarms);
  const current = now.value;
  const oldest = c.oldestUnacknowledgedHighSince;
  return (
    <div
      class="wall-summary"
      role="group"
      aria-label={t.triage.summaryLabel}
      data-open={c.open}
      data-high={c.high}
      data-medium={c.medium}
      data-low={c.low}
      data-unacknowledged={c.unacknowledged}
      data-patients={c.patients}
    >
      {PRIORITIES.map((p) => (
        <span key={p} class={`sum sum-${p} ${c[p] > 0 ? '' : 'is-zero'}`} data-priority={p}>
          <span class="sum-label">{t.priority[p]}</span>
          <span class="sum-num">{c[p]}</span>
        </span>
      ))}
      <span class="sum-text">{t.triage.unacknowledged(c.unacknowledged)}</span>
      <span class="sum-text">{t.triage.patients(c.patients)}</span>
      <span class={`sum-oldest ${oldest !== null ? 'is-waiting' : ''}`} data-oldest-high={oldest ?? ''}>
        {oldest !== null ? t.triage.oldestHigh(formatDuration(current - oldest, t.duration)) : t.triage.noUnacknowledgedHigh}
      </span>
    </div>
  );
}

function FilterBar({
  filters,
  kinds,
  clinics,
  teams,
}: {
  filters: WallFilters;
  kinds: readonly string[];
  clinics: readonly Clinic[];
  teams: readonly GridTeam[];
}) {
  const t = useT();
  const go = (next: WallFilters) => navigate(isFiltering(next) ? { name: 'wall', filters: next } : { name: 'wall' }, true);
  const chip = (dim: WallDimension, value: string, label: string, extra = '') => {
    const on = filters[dim]?.includes(value) ?? false;
    return (
      <button
        key={value}
        type="button"
        class={`chip ${extra} ${on ? 'is-on' : ''}`}
        aria-pressed={on}
        data-filter={dim}
        data-value={value}
        onClick={() => go(toggleFilter(filters, dim, value))}
      >
        {label}
      </button>
    );
  };
  return (
    <div class="wall-filters" role="group" aria-label={t.triage.filters}>
      <span class="filter-label">{t.triage.filterTier}</span>
      {TIERS.map((x) => chip('tier', x, t.tier.short[x], `chip-tier-${x}`))}
      <span class="filter-label">{t.triage.filterPriority}</span>
      {PRIORITIES.map((p) => chip('priority', p, t.priority[p], `chip-prio-${p}`))}
      <label class="filter-label" for="wall-kind">
        {t.triage.filterKind}
      </label>
      <select
        id="wall-kind"
        class="form-select form-select-sm filter-select"
        value={filters.kind?.[0] ?? ''}
        onChange={(e) => go(setFilter(filters, 'kind', e.currentTarget.value ? [e.currentTarget.value] : []))}
      >
        <option value="">{t.triage.anyKind}</option>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {alarmKindName(k, t)}
          </option>
        ))}
      </select>
      {clinics.length > 1 && (
        <>
          <label class="filter-label" for="wall-clinic">
            {t.triage.filterClinic}
          </label>
          <select
            id="wall-clinic"
            class="form-select form-select-sm filter-select"
            value={filters.clinic?.[0] ?? ''}
            onChange={(e) => go(setFilter(filters, 'clinic', e.currentTarget.value ? [e.currentTarget.value] : []))}
          >
            <option value="">{t.triage.anyClinic}</option>
            {clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      )}
      {teams.length > 0 && (
        <>
          <label class="filter-label" for="wall-team">
            {t.triage.filterTeam}
          </label>
          <select
            id="wall-team"
            class="form-select form-select-sm filter-select"
            value={filters.team?.[0] ?? ''}
            onChange={(e) => go(setFilter(filters, 'team', e.currentTarget.value ? [e.currentTarget.value] : []))}
          >
            <option value="">{t.triage.anyTeam}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {clinics.length > 1 ? `${team.name} · ${clinics.find((c) => c.id === team.clinicId)?.name ?? ''}` : team.name}
              </option>
            ))}
          </select>
        </>
      )}
      {isFiltering(filters) && (
        <button type="button" class="btn btn-sm btn-outline-secondary" onClick={() => go({})}>
          {t.triage.clearFilters}
        </button>
      )}
    </div>
  );
}

function AlarmGroups({ filters, ctx, onResolve }: { filters: WallFilters; ctx: FilterContext; onResolve: (a: Alarm) => void }) {
  const t = useT();
  const [shown, setShown] = useState(GROUPS_PER_STEP);
  const current = now.value;
  const all = openAlarms.value;
  const groups = useMemo(() => groupByPatient(all.filter((a) => alarmMatches(a, filters, ctx))), [all, filters, ctx]);
  const patients = patientsById.value;
  if (!alarmsLoaded.value) return <Loading />;
  if (all.length === 0) return <p class="wall-empty">{t.wall.noOpenAlarms}</p>;
  const total = new Set(all.map((a) => a.patientId)).size;
  return (
    <>
      {isFiltering(filters) && <p class="wall-filtered text-body-secondary">{t.triage.filteredOut(groups.length, total)}</p>}
      <ol class="agroup-list">
        {groups.slice(0, shown).map((g) => {
          const first = g.alarms[0]!;
          return (
            <AlarmGroupRow
              key={g.patientId}
              patientId={g.patientId}
              patientName={patientName(g.patientId, first.patientName)}
              tier={patients.get(g.patientId)?.riskTier ?? first.patientTier ?? undefined}
              alarms={g.alarms}
              now={current}
              onAcknowledge={(x) => acknowledge(x.id)}
              onResolve={onResolve}
            />
          );
        })}
      </ol>
      {groups.length > shown && (
        <button type="button" class="btn btn-outline-light mt-2" onClick={() => setShown((n) => n + GROUPS_PER_STEP)}>
          {t.triage.showMore(Math.min(GROUPS_PER_STEP, groups.length - shown))}
        </button>
      )}
    </>
  );
}

const NO_ALARMS: readonly Alarm[] = [];
/**
 * The tiles' own clock: a vitals batch re-renders them about once a second while data flows, so
 * the second-by-second clock would only double that; every 10 s keeps a quiet wall's stale marks true.
 */
const tileClock = computed(() => Math.floor(now.value / 10_000));

/** The monitored patients' tiles, by concern; reads the live vitals, so only this part re-renders on a vitals batch. */
function Tiles({ filters, ctx }: { filters: WallFilters; ctx: FilterContext }) {
  const t = useT();
  void liveVersion.value;
  void tileClock.value;
  const current = Date.now();
  const byPatient = openAlarmsByPatient.value;
  const all = monitoredPatients.value;
  const alarmsOf = (id: string) => byPatient.get(id) ?? NO_ALARMS;
  const locale = lang.value;
  const orderBucket = Math.floor(current / TILE_ORDER_MS);
  // Sorting 2,000 patients on every vitals batch and clock tick cost more than everything else on the page.
  const tiles = useMemo(() => {
    const shown = all.filter((p) => patientMatches(p, alarmsOf(p.id), filters, ctx));
    return sortByConcern(shown, alarmsOf, (id) => freshness(lastSeen(live.get(id)), Date.now()), locale);
  }, [all, byPatient, filters, ctx, locale, orderBucket]);
  return (
    <section class="wall-patients" aria-labelledby="patients-heading">
      <h2 id="patients-heading" class="wall-heading">
        {t.wall.patients(all.length)}
        {tiles.length !== all.length && <span class="wall-heading-note">{t.triage.tilesShown(tiles.length, all.length)}</span>}
      </h2>
      {tiles.length === 0 ? (
        <p class="wall-empty">{t.wall.noPatients}</p>
      ) : (
        <VirtualTiles
          class="tiles"
          items={tiles}
          keyOf={(p: Patient) => p.id}
          minWidth={TILE.minWidth}
          height={TILE.height}
          gap={TILE.gap}
          render={(p: Patient) => <PatientTile patient={p} live={live.get(p.id)} alarms={alarmsOf(p.id)} now={current} />}
        />
      )}
    </section>
  );
}

const NO_FILTERS: WallFilters = {};

export function AlarmWallPage({ filters = NO_FILTERS }: { filters?: WallFilters | undefined }) {
  const t = useT();
  const [resolving, setResolving] = useState<Alarm | null>(null);
  useEffect(wantPatients, []);
  useEffect(watchVitals, []);
  const admin = me.value?.role === 'admin';
  const clinics = useAsync(() => (admin ? listClinics() : Promise.resolve([] as Clinic[])), [admin]);
  const all = openAlarms.value;
  const patients = patientsById.value;
  // Only shown when the clinic has grid teams (包保小分队, seed 004 §7); the wall works without them.
  const teams = useAsync(() => listTeams(), []);
  const ctx = useMemo<FilterContext>(
    () => ({ tierOf: (id) => patients.get(id)?.riskTier, teamOf: (id) => patients.get(id)?.teamId }),
    [patients],
  );
  const clinicFilter = filters.clinic;
  const headerAlarms = clinicFilter ? all.filter((a) => clinicFilter.includes(a.clinicId)) : all;
  const kinds = useMemo(() => {
    const present = new Set<string>(all.map((a) => a.kind));
    for (const k of filters.kind ?? []) present.add(k);
    return [...ALARM_KINDS.filter((k) => present.has(k)), ...[...present].filter((k) => !(ALARM_KINDS as readonly string[]).includes(k))];
  }, [all, filters.kind]);

  return (
    <main id="main" class="wall" tabIndex={-1}>
      <DisconnectedBanner />
      <div class="wall-top">
        <h1 id="alarms-heading" class="wall-heading">
          {t.wall.openAlarms(headerAlarms.length)}
        </h1>
        <WallSummary alarms={headerAlarms} />
        <SoundControl />
      </div>
      <FilterBar filters={filters} kinds={kinds} clinics={clinics.data ?? []} teams={teams.data ?? []} />
      <section class="wall-alarms" aria-labelledby="alarms-heading">
        <AlarmGroups filters={filters} ctx={ctx} onResolve={setResolving} />
      </section>
      <Tiles filters={filters} ctx={ctx} />
      <ResolveDialog
        alarm={resolving}
        title={resolving ? t.alarm.resolveFor(patientName(resolving.patientId, resolving.patientName), alarmKindName(resolving.kind, t)) : ''}
        onResolve={(a, note) => resolve(a.id, note)}
        onClose={() => setResolving(null)}
      />
    </main>
  );
}
