import { useState } from 'preact/hooks';
import { openJobsDashboardSession } from '../api/endpoints';
import { useT } from '../i18n';

export const JOBS_DASHBOARD_PATH = '/hangfire';

/**
 * Opens Hangfire's dashboard for an administrator. A plain link cannot carry the bearer token this app
 * keeps in script memory, so the click first asks the hub for a short-lived HttpOnly cookie scoped to
 * /hangfire (POST /api/jobs/dashboard-session), then loads the page in a tab opened synchronously (so
 * no pop-up blocker stops it).
 */
export async function openJobsDashboard(
  open: (url: string) => Window | null = (url) => window.open(url, '_blank'),
  startSession: () => Promise<void> = openJobsDashboardSession,
): Promise<boolean> {
  const tab = open('about:blank');
  try {
    await startSession();
  } catch {
    tab?.close();
    return false;
  }
  if (tab) tab.location.href = JOBS_DASHBOARD_PATH;
  else window.location.assign(JOBS_DASHBOARD_PATH);
  return true;
}

export function JobsDashboardLink() {
  const t = useT();
  const [failed, setFailed] = useState(false);
  return (
    <a
      class={`nav-link ${failed ? 'text-warning' : ''}`}
      href={JOBS_DASHBOARD_PATH}
      title={failed ? t.jobs.openFailed : t.jobs.navTitle}
      onClick={(e) => {
        e.preventDefault();
        void openJobsDashboard().then((ok) => setFailed(!ok));
      }}
    >
      {t.jobs.nav}
    </a>
  );
}
