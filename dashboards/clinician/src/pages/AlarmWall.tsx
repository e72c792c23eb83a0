import { useState } from 'preact/hooks';
import { audioBlocked, unlockAudio } from '../audio/beeper';
import type { Alarm } from '../api/types';
import { AlarmRow } from '../components/AlarmRow';
import { DisconnectedBanner } from '../components/ConnectionIndicator';
import { Loading } from '../components/ErrorAlert';
import { PatientTile } from '../components/PatientTile';
import { ResolveDialog } from '../components/ResolveDialog';
import { lang, useT } from '../i18n';
import { alarmKindName, formatClock } from '../logic/format';
import { SILENCE_MS } from '../logic/sound';
import { sortTiles } from '../logic/tiles';
import { acknowledge, alarmsLoaded, openAlarms, openAlarmsByPatient, resolve } from '../state/alarms';
import { now } from '../state/clock';
import { monitoredPatients, patientName, patientsById } from '../state/patients';
import { resumeSound, silencedUntil, silenceSound, soundModeNow } from '../state/sound';
import { live, liveVersion } from '../state/vitals';

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

export function AlarmWallPage() {
  const t = useT();
  const [resolving, setResolving] = useState<Alarm | null>(null);
  const alarms = openAlarms.value;
  const byPatient = openAlarmsByPatient.value;
  const current = now.value;
  const patients = patientsById.value;
  void liveVersion.value; // re-render on new live vitals
  const tiles = sortTiles(monitoredPatients.value, byPatient, lang.value);

  return (
    <main id="main" class="wall" tabIndex={-1}>
      <DisconnectedBanner />
      <section class="wall-alarms" aria-labelledby="alarms-heading">
        <div class="wall-bar">
          <h1 id="alarms-heading" class="wall-heading">
            {t.wall.openAlarms(alarms.length)}
          </h1>
          <SoundControl />
        </div>
        {!alarmsLoaded.value ? (
          <Loading />
        ) : alarms.length === 0 ? (
          <p class="wall-empty">{t.wall.noOpenAlarms}</p>
        ) : (
          <ol class="alarm-list">
            {alarms.map((a) => (
              <AlarmRow
                key={a.id}
                alarm={a}
                patientName={patientName(a.patientId, a.patientName)}
                tier={patients.get(a.patientId)?.riskTier ?? a.patientTier ?? undefined}
                now={current}
                onAcknowledge={(x) => acknowledge(x.id)}
                onResolve={setResolving}
              />
            ))}
          </ol>
        )}
      </section>
      <section class="wall-patients" aria-labelledby="patients-heading">
        <h2 id="patients-heading" class="wall-heading">
          {t.wall.patients(tiles.length)}
        </h2>
        {tiles.length === 0 ? (
          <p class="wall-empty">{t.wall.noPatients}</p>
        ) : (
          <div class="tiles">
            {tiles.map((p) => (
              <PatientTile key={p.id} patient={p} live={live.get(p.id)} alarms={byPatient.get(p.id) ?? []} now={current} />
            ))}
          </div>
        )}
      </section>
      <ResolveDialog
        alarm={resolving}
        title={resolving ? t.alarm.resolveFor(patientName(resolving.patientId, resolving.patientName), alarmKindName(resolving.kind, t)) : ''}
        onResolve={(a, note) => resolve(a.id, note)}
        onClose={() => setResolving(null)}
      />
    </main>
  );
}
