import { describe, expect, it } from 'vitest';
import type { Route } from '../src/logic/route';
import { href, loginRouteFor, parseRoute, routePath } from '../src/logic/route';

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { name: 'wall' }],
    ['#/', { name: 'wall' }],
    ['#/login', { name: 'login' }],
    ['#/login?next=%2Fpatients%2Fabc', { name: 'login', next: '/patients/abc' }],
    ['#/patients', { name: 'patients' }],
    ['#/patients?tier=red', { name: 'patients', tier: 'red' }],
    ['#/patients?tier=purple', { name: 'patients' }],
    ['#/patients/new', { name: 'patientNew' }],
    ['#/patients/abc', { name: 'patient', id: 'abc' }],
    ['#/patients/abc/edit', { name: 'patientEdit', id: 'abc' }],
    ['#/devices', { name: 'devices' }],
    ['#/users', { name: 'users' }],
    ['#/worklist', { name: 'worklist' }],
    ['#/worklist?clinic=c-1', { name: 'worklist', clinicId: 'c-1' }],
    ['#/inventory', { name: 'inventory' }],
    ['#/handover?hours=8', { name: 'handover', hours: 8 }],
    ['#/handover?hours=5', { name: 'handover' }],
    ['#/referrals', { name: 'referrals' }],
    ['#/referrals/r-1/print', { name: 'referralPrint', id: 'r-1' }],
    ['#/referrals/r-1', { name: 'notFound', path: '/referrals/r-1' }],
    ['#/reports', { name: 'reports' }],
    ['#/teams', { name: 'teams' }],
    ['#/nowhere', { name: 'notFound', path: '/nowhere' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips every route through its link', () => {
    const routes: Route[] = [
      { name: 'wall' },
      { name: 'referrals' },
      { name: 'referralPrint', id: 'r 1' },
      { name: 'reports' },
      { name: 'teams' },
      { name: 'patients', tier: 'yellow' },
      { name: 'patient', id: '0b9c-1' },
      { name: 'patient', id: '0b9c-1', panel: 'referral' },
      { name: 'patientEdit', id: 'x' },
      { name: 'handover', hours: 24 },
      { name: 'worklist', clinicId: '01a2 x' },
      { name: 'login', next: '/patients/x?y=1' },
    ];
    for (const r of routes) expect(parseRoute(href(r))).toEqual(r);
  });

  it('does not let login send the user off-site or back to login', () => {
    expect(parseRoute('#/login?next=https://evil.example')).toEqual({ name: 'login' });
    expect(parseRoute('#/login?next=%2Flogin')).toEqual({ name: 'login' });
  });

  it('remembers the current page when the session ends', () => {
    expect(loginRouteFor({ name: 'patient', id: 'abc' })).toEqual({ name: 'login', next: '/patients/abc' });
    expect(loginRouteFor({ name: 'handover', hours: 8 })).toEqual({ name: 'login', next: '/handover?hours=8' });
    expect(loginRouteFor({ name: 'wall' })).toEqual({ name: 'login' });
    const login: Route = { name: 'login', next: '/devices' };
    expect(loginRouteFor(login)).toBe(login);
  });

  it('gives paths for links', () => {
    expect(routePath({ name: 'patient', id: 'a b' })).toBe('/patients/a%20b');
  });
});
