import { describe, expect, it } from 'vitest';
import { JOBS_DASHBOARD_PATH, openJobsDashboard } from '../src/components/JobsDashboardLink';

function fakeTab() {
  const tab = { location: { href: 'about:blank' }, closed: false, close() { tab.closed = true; } };
  return tab;
}

describe('openJobsDashboard', () => {
  it('opens a tab at once and sends it to /hangfire once the cookie is issued', async () => {
    const tab = fakeTab();
    const opened: string[] = [];
    let sessionAsked = false;
    const ok = await openJobsDashboard(
      (url) => {
        opened.push(url);
        return tab as unknown as Window;
      },
      async () => {
        // The tab must already exist when the request goes out (pop-up blockers allow only synchronous opens).
        expect(opened).toEqual(['about:blank']);
        sessionAsked = true;
      },
    );
    expect(ok).toBe(true);
    expect(sessionAsked).toBe(true);
    expect(tab.location.href).toBe(JOBS_DASHBOARD_PATH);
    expect(tab.closed).toBe(false);
  });

  it('closes the blank tab and reports failure when the hub refuses the session', async () => {
    const tab = fakeTab();
    const ok = await openJobsDashboard(
      () => tab as unknown as Window,
      () => Promise.reject(new Error('403')),
    );
    expect(ok).toBe(false);
    expect(tab.closed).toBe(true);
    expect(tab.location.href).toBe('about:blank');
  });
});
