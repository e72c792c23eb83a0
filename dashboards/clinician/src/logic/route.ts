import type { PatientListState } from './listState';
import { parsePatientList, patientListQuery } from './listState';
import type { WallFilters } from './wallFilters';
import { isFiltering, parseWallFilters, wallFiltersQuery } from './wallFilters';

// Hash routing (#/...): the hub's SPA fallback then only ever serves "/" and the browser never
// asks the server for a client route.

export type Route =
  | { name: 'wall'; filters?: WallFilters }
  | { name: 'login'; next?: string }
  | ({ name: 'patients' } & PatientListState)
  | { name: 'patientNew' }
  | { name: 'patient'; id: string; panel?: 'referral' }
  | { name: 'patientEdit'; id: string }
  | { name: 'worklist'; clinicId?: string }
  | { name: 'devices' }
  | { name: 'inventory' }
  | { name: 'handover'; hours?: number }
  | { name: 'users' }
  | { name: 'referrals' }
  | { name: 'referralPrint'; id: string }
  | { name: 'reports' }
  | { name: 'teams' }
  | { name: 'notFound'; path: string };

export const HANDOVER_HOURS = [8, 12, 24] as const;

/** "#/patients/abc?x=1" → path "/patients/abc" and its query. */
function split(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = (q >= 0 ? raw.slice(0, q) : raw) || '/';
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
}

export function parseRoute(hash: string): Route {
  const { path, query } = split(hash);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = segments;
  if (segments.length === 0) {
    const filters = parseWallFilters(query);
    return isFiltering(filters) ? { name: 'wall', filters } : { name: 'wall' };
  }
  if (first === 'login' && segments.length === 1) {
    const next = query.get('next');
    return next && next.startsWith('/') && !next.startsWith('/login') ? { name: 'login', next } : { name: 'login' };
  }
  if (first === 'patients') {
    if (segments.length === 1) return { name: 'patients', ...parsePatientList(query) };
    if (second === 'new' && segments.length === 2) return { name: 'patientNew' };
    // `panel=referral`: the wall's 转诊 link lands on the patient's referral panel.
    if (second && segments.length === 2) return query.get('panel') === 'referral' ? { name: 'patient', id: second, panel: 'referral' } : { name: 'patient', id: second };
    if (second && third === 'edit' && segments.length === 3) return { name: 'patientEdit', id: second };
  }
  if (first === 'worklist' && segments.length === 1) {
    const clinicId = query.get('clinic');
    return clinicId ? { name: 'worklist', clinicId } : { name: 'worklist' };
  }
  if (first === 'devices' && segments.length === 1) return { name: 'devices' };
  if (first === 'users' && segments.length === 1) return { name: 'users' };
  if (first === 'inventory' && segments.length === 1) return { name: 'inventory' };
  if (first === 'handover' && segments.length === 1) {
    const hours = Number(query.get('hours'));
    return HANDOVER_HOURS.some((h) => h === hours) ? { name: 'handover', hours } : { name: 'handover' };
  }
  if (first === 'referrals' && segments.length === 1) return { name: 'referrals' };
  if (first === 'referrals' && second && third === 'print' && segments.length === 3) return { name: 'referralPrint', id: second };
  if (first === 'reports' && segments.length === 1) return { name: 'reports' };
  if (first === 'teams' && segments.length === 1) return { name: 'teams' };
  return { name: 'notFound', path };
}

/** The path ("/patients/abc") of a route, for links (prefix "#") and for login's `next`. */
export function routePath(route: Route): string {
  switch (route.name) {
    case 'wall': {
      const query = route.filters ? wallFiltersQuery(route.filters) : '';
      return query ? `/?${query}` : '/';
    }
    case 'login':
      return route.next ? `/login?next=${encodeURIComponent(route.next)}` : '/login';
    case 'patients': {
      const query = patientListQuery(route);
      return query ? `/patients?${query}` : '/patients';
    }
    case 'patientNew':
      return '/patients/new';
    case 'patient':
      return `/patients/${encodeURIComponent(route.id)}${route.panel ? `?panel=${route.panel}` : ''}`;
    case 'patientEdit':
      return `/patients/${encodeURIComponent(route.id)}/edit`;
    case 'worklist':
      return route.clinicId ? `/worklist?clinic=${encodeURIComponent(route.clinicId)}` : '/worklist';
    case 'devices':
      return '/devices';
    case 'users':
      return '/users';
    case 'inventory':
      return '/inventory';
    case 'handover':
      return route.hours ? `/handover?hours=${route.hours}` : '/handover';
    case 'referrals':
      return '/referrals';
    case 'referralPrint':
      return `/referrals/${encodeURIComponent(route.id)}/print`;
    case 'reports':
      return '/reports';
    case 'teams':
      return '/teams';
    case 'notFound':
      return route.path;
  }
}

export function href(route: Route): string {
  return `#${routePath(route)}`;
}

/** Where login sends the user back to: the route they were on, never login itself. */
export function loginRouteFor(current: Route): Route {
  if (current.name === 'login') return current;
  if (current.name === 'wall') return { name: 'login' };
  return { name: 'login', next: routePath(current) };
}
