import { ApiError } from '../logic/problem';
import type { Problem } from './types';

export { ApiError } from '../logic/problem';

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Login answers 401 for wrong credentials: that must not end the session. */
  anonymous?: boolean;
}

interface ApiConfig {
  getToken: () => string | null;
  /** A 401: `problem.reason` says why a session ended (signed out, disabled...), when it did. */
  onUnauthorized: (problem?: Problem) => void;
}

let config: ApiConfig = { getToken: () => null, onUnauthorized: () => {} };

export function configureApi(next: ApiConfig): void {
  config = next;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** JSON over fetch with the bearer token; any 401 (but login's) ends the session. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.anonymous ? null : config.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0);
  }

  if (response.status === 401 && !options.anonymous) {
    const problem = await readProblem(response);
    config.onUnauthorized(problem);
    throw new ApiError(401, problem);
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, await readProblem(response), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const text = await response.text();
    return text ? (JSON.parse(text) as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/** A file the API answers (FHIR bundle, workbook), with the bearer token, as a Blob. */
export async function requestBlob(path: string, query?: Query): Promise<Blob> {
  const token = config.getToken();
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0);
  }
  if (response.status === 401) config.onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return await response.blob();
}

/** Hands a Blob to the browser as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
