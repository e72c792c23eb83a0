import type { Tier } from '../api/types';
import { TIERS } from '../api/types';

// The patients list's state in the URL (#/patients?q=王&page=2&sort=tier&order=desc&tier=red):
// a reload, the back button or a shared link shows the same page of the same search.

export const PATIENT_SORTS = ['name', 'tier', 'age', 'created', 'updated'] as const;
export type PatientSort = (typeof PATIENT_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_SEARCH = 100;

export interface PatientListState {
  q?: string;
  tier?: Tier;
  /** 1-based; absent is page 1. */
  page?: number;
  pageSize?: number;
  sort?: PatientSort;
  order?: 'asc' | 'desc';
}

const positive = (raw: string | null): number | undefined => {
  if (raw === null || !/^\d{1,6}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
};

export function parsePatientList(query: URLSearchParams): PatientListState {
  const state: PatientListState = {};
  const q = query.get('q')?.trim();
  if (q) state.q = q.slice(0, MAX_SEARCH);
  const tier = TIERS.find((t) => t === query.get('tier'));
  if (tier) state.tier = tier;
  const page = positive(query.get('page'));
  if (page !== undefined && page > 1) state.page = page;
  const size = positive(query.get('pageSize'));
  if (size !== undefined && PAGE_SIZES.some((s) => s === size) && size !== DEFAULT_PAGE_SIZE) state.pageSize = size;
  const sort = PATIENT_SORTS.find((s) => s === query.get('sort'));
  if (sort && sort !== 'name') state.sort = sort;
  const order = query.get('order');
  if (order === 'asc' || order === 'desc') state.order = order;
  return state;
}

/** Only what differs from the defaults, in a fixed order ("" for the plain list). */
export function patientListQuery(state: PatientListState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.tier) params.set('tier', state.tier);
  if (state.sort && state.sort !== 'name') params.set('sort', state.sort);
  if (state.order) params.set('order', state.order);
  if (state.pageSize && state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  if (state.page && state.page > 1) params.set('page', String(state.page));
  return params.toString();
}

/** The API query for a state: always paged. */
export function patientListApiQuery(state: PatientListState): Record<string, string | number> {
  const query: Record<string, string | number> = { page: state.page ?? 1, pageSize: state.pageSize ?? DEFAULT_PAGE_SIZE, sort: state.sort ?? 'name' };
  if (state.order) query.order = state.order;
  if (state.q) query.q = state.q;
  if (state.tier) query.tier = state.tier;
  return query;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
