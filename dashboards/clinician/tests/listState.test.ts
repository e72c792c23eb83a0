import { describe, expect, it } from 'vitest';
import { pageCount, parsePatientList, patientListApiQuery, patientListQuery } from '../src/logic/listState';
import { parseRoute, routePath } from '../src/logic/route';

describe('the patients list state in the URL', () => {
  it('reads search, tier, sort, order, page size and page, ignoring what the API would refuse', () => {
    expect(parsePatientList(new URLSearchParams('q=%E7%8E%8B&tier=red&sort=age&order=desc&pageSize=100&page=3'))).toEqual({
      q: '王',
      tier: 'red',
      sort: 'age',
      order: 'desc',
      pageSize: 100,
      page: 3,
    });
    expect(parsePatientList(new URLSearchParams('page=0&pageSize=7&sort=birth&order=up&q=%20%20'))).toEqual({});
  });

  it('writes only what differs from the defaults', () => {
    expect(patientListQuery({ page: 1, pageSize: 50, sort: 'name' })).toBe('');
    expect(patientListQuery({ q: '王 芳', page: 2 })).toBe('q=%E7%8E%8B+%E8%8A%B3&page=2');
  });

  it('survives a reload: the route parsed from its own path is the same route', () => {
    const route = { name: 'patients' as const, q: '李', tier: 'yellow' as const, sort: 'tier' as const, page: 4 };
    expect(parseRoute(`#${routePath(route)}`)).toEqual(route);
    expect(routePath({ name: 'patients', tier: 'red' })).toBe('/patients?tier=red');
  });

  it('always asks the API for a page', () => {
    expect(patientListApiQuery({})).toEqual({ page: 1, pageSize: 50, sort: 'name' });
    expect(patientListApiQuery({ q: 'x', page: 2, order: 'desc' })).toEqual({ page: 2, pageSize: 50, sort: 'name', order: 'desc', q: 'x' });
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(5000, 50)).toBe(100);
    expect(pageCount(5001, 50)).toBe(101);
  });
});
