import { effect, untracked } from '@preact/signals';
import { checkSession, confirmSessionEnded, getToken, loadMe, me, mustChangePassword, reasonOf, signedIn, signOut } from './auth/session';
import { ChangePasswordDialog } from './components/ChangePasswordDialog';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { JobsDashboardLink } from './components/JobsDashboardLink';
import { LanguageSwitch } from './components/LanguageSwitch';
import type { Messages } from './i18n';
import { messages, useT } from './i18n';
import type { Route } from './logic/route';
import { href, loginRouteFor } from './logic/route';
import { AlarmWallPage } from './pages/AlarmWall';
import { DevicesPage } from './pages/DevicesPage';
import { HandoverPage } from './pages/HandoverPage';
import { InventoryPage } from './pages/InventoryPage';
import { LoginPage } from './pages/Login';
import { NotFoundPage } from './pages/NotFound';
import { PatientFormPage } from './pages/PatientFormPage';
import { PatientPage } from './pages/PatientPage';
import { PatientsPage } from './pages/PatientsPage';
import { UsersPage } from './pages/UsersPage';
import { DailyReportPage } from './pages/DailyReportPage';
import { ReferralPrintPage } from './pages/ReferralPrintPage';
import { ReferralsPage } from './pages/ReferralsPage';
import { TeamsPage } from './pages/TeamsPage';
import { WorklistPage } from './pages/WorklistPage';
import { connectionStatus, startRealtime } from './realtime/hub';
import { clearAlarms, fetchOpenAlarmsSnapshot, onAlarmEvent, onAlarmSnapshot, openAlarms, soundingIds } from './state/alarms';
import { clearPatients, refreshPatientsIfWanted } from './state/patients';
import { navigate, route } from './state/router';
import { startSound } from './state/sound';
import { useState } from 'preact/hooks';
import { clearVitals, onVitals, setVitalsResync } from './state/vitals';

const PATIENTS_REFRESH_MS = 5 * 60 * 1000;

/** Signing out leaves nothing of the last user's clinic on the screen. */
function clearSessionData(): void {
  clearAlarms();
  clearPatients();
  clearVitals();
}

function pageTitle(r: Route, t: Messages): string {
  switch (r.name) {
    case 'wall':
      return t.wall.title;
    case 'login':
      return t.login.title;
    case 'patients':
      return t.patients.title;
    case 'patientNew':
      return t.patientForm.titleNew;
    case 'patient':
      return t.patient.title;
    case 'patientEdit':
      return t.patientForm.titleEdit;
    case 'worklist':
      return t.worklist.title;
    case 'devices':
      return t.devices.title;
    case 'inventory':
      return t.inventory.title;
    case 'handover':
      return t.handover.title;
    case 'users':
      return t.accounts.title;
    case 'referrals':
      return t.referral.listTitle;
    case 'referralPrint':
      return t.referral.printTitle;
    case 'reports':
      return t.report.title;
    case 'teams':
      return t.teams.title;
    case 'notFound':
      return t.common.notFound;
  }
}

/** Everything that lives as long as the session: live connection, patient directory, sound, tab title. */
export function startSessionServices(): void {
  const startSession = () => {
    const realtime = startRealtime(
      {
        alarm: onAlarmEvent,
        vitals: onVitals,
        snapshot: onAlarmSnapshot,
        fallbackSnapshot: fetchOpenAlarmsSnapshot,
        connected: () => void refreshPatientsIfWanted().catch(() => {}),
        unauthorized: () => void checkSession(),
        sessionEnded: (reason) => void confirmSessionEnded(reasonOf(reason) ?? 'unknown_session'),
      },
      getToken,
    );
    // Before the first connection there is nothing to re-sync: connecting fetches the snapshot anyway.
    setVitalsResync(() => {
      if (connectionStatus.value === 'connected') void realtime.resync();
    });
    void loadMe().catch(() => {});
    const timer = setInterval(() => void refreshPatientsIfWanted().catch(() => {}), PATIENTS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      setVitalsResync(() => {});
      void realtime.stop();
      clearSessionData();
    };
  };
  effect(() => {
    // A token that may only change its password gets no wall (the hub would refuse it).
    if (!signedIn.value || mustChangePassword.value) return;
    return untracked(startSession);
  });
  startSound(() => signedIn.value);
  effect(() => {
    document.title = messages.value.app.tabTitle(openAlarms.value.length, pageTitle(route.value, messages.value));
  });
  effect(() => {
    // Not signed in: every page but login sends the user to login and back afterwards.
    if (!signedIn.value && route.value.name !== 'login') navigate(loginRouteFor(route.value), true);
  });
}

function Header() {
  const t = useT();
  const r = route.value;
  const user = me.value;
  const open = openAlarms.value.length;
  const sounding = soundingIds.value.length > 0;
  const nav: { route: Route; label: string; active: boolean }[] = [
    { route: { name: 'wall' }, label: t.app.nav.wall, active: r.name === 'wall' },
    { route: { name: 'patients' }, label: t.app.nav.patients, active: r.name.startsWith('patient') },
    { route: { name: 'worklist' }, label: t.app.nav.worklist, active: r.name === 'worklist' },
    { route: { name: 'devices' }, label: t.app.nav.devices, active: r.name === 'devices' },
    { route: { name: 'inventory' }, label: t.app.nav.inventory, active: r.name === 'inventory' },
    { route: { name: 'handover' }, label: t.app.nav.handover, active: r.name === 'handover' },
    { route: { name: 'referrals' }, label: t.app.nav.referrals, active: r.name.startsWith('referral') },
    { route: { name: 'reports' }, label: t.app.nav.reports, active: r.name === 'reports' },
    { route: { name: 'teams' }, label: t.teams.nav, active: r.name === 'teams' },
  ];
  // Accounts: administrators, and doctors for their clinic's nurses (docs/api.md, "Accounts").
  if (user && user.role !== 'nurse') nav.push({ route: { name: 'users' }, label: t.accounts.nav, active: r.name === 'users' });
  const [changing, setChanging] = useState(false);
  return (
    <header class="app-header navbar navbar-expand px-3">
      <a class="navbar-brand fw-bold me-3" href={href({ name: 'wall' })}>
        {t.app.title}
      </a>
      <nav aria-label={t.app.mainNav} class="me-auto">
        <ul class="navbar-nav flex-wrap">
          {nav.map((n) => (
            <li class="nav-item" key={n.route.name}>
              <a class={`nav-link ${n.active ? 'active' : ''}`} href={href(n.route)} aria-current={n.active ? 'page' : undefined}>
                {n.label}
                {n.route.name === 'wall' && open > 0 && (
                  <span class={`badge ms-2 ${sounding ? 'text-bg-danger' : 'text-bg-warning'}`}>{open}</span>
                )}
              </a>
            </li>
          ))}
          {user?.role === 'admin' && (
            <li class="nav-item" key="jobs">
              <JobsDashboardLink />
            </li>
          )}
        </ul>
      </nav>
      <div class="d-flex align-items-center gap-3 flex-wrap justify-content-end">
        <ConnectionIndicator />
        {user && <span class="text-body-secondary small">{t.app.signedInAs(user.username, t.role[user.role] ?? user.role)}</span>}
        <LanguageSwitch />
        <button type="button" class="btn btn-sm btn-outline-light" onClick={() => setChanging(true)}>
          {t.accounts.changePassword}
        </button>
        <button type="button" class="btn btn-sm btn-outline-light" onClick={() => void signOut()}>
          {t.app.logout}
        </button>
        <ChangePasswordDialog open={changing} onClose={() => setChanging(false)} />
      </div>
    </header>
  );
}

function Page({ r }: { r: Route }) {
  switch (r.name) {
    case 'wall':
      return <AlarmWallPage filters={r.filters} />;
    case 'login':
      return <LoginPage next={r.next} />;
    case 'patients':
      return <PatientsPage state={r} />;
    case 'patientNew':
      return <PatientFormPage />;
    case 'patient':
      return <PatientPage id={r.id} panel={r.panel} />;
    case 'patientEdit':
      return <PatientFormPage id={r.id} />;
    case 'worklist':
      return <WorklistPage clinicId={r.clinicId} />;
    case 'devices':
      return <DevicesPage />;
    case 'inventory':
      return <InventoryPage />;
    case 'handover':
      return <HandoverPage hours={r.hours} />;
    case 'users':
      return <UsersPage />;
    case 'referrals':
      return <ReferralsPage />;
    case 'referralPrint':
      return <ReferralPrintPage id={r.id} />;
    case 'reports':
      return <DailyReportPage />;
    case 'teams':
      return <TeamsPage />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

export function App() {
  const t = useT();
  const r = route.value;
  if (r.name === 'login' || !signedIn.value) return <LoginPage next={r.name === 'login' ? r.next : undefined} />;
  // A reset password: nothing but choosing a new one (the token serves nothing else).
  if (mustChangePassword.value) return <ChangePasswordDialog open forced onClose={() => {}} />;
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t.app.skipToContent}
      </a>
      <Header />
      <Page key={`${r.name}-${'id' in r ? r.id : ''}`} r={r} />
    </>
  );
}
