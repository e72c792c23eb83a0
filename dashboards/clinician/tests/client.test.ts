import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, configureApi, request } from '../src/api/client';

function respond(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers }));
}

describe('API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the bearer token and JSON', async () => {
    const fetchMock = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);
    configureApi({ getToken: () => 'tok', onUnauthorized: () => {} });
    await expect(request('POST', '/api/x', { body: { a: 1 } })).resolves.toEqual({ ok: true });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init.body).toBe('{"a":1}');
  });

  it('ends the session on 401', async () => {
    vi.stubGlobal('fetch', respond(401, { title: 'Unauthorized' }));
    const onUnauthorized = vi.fn();
    configureApi({ getToken: () => 'expired', onUnauthorized });
    await expect(request('GET', '/api/alarms')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('hands the 401 problem to the session, which names why the hub ended it', async () => {
    vi.stubGlobal('fetch', respond(401, { title: 'Session ended', reason: 'disabled' }));
    const onUnauthorized = vi.fn();
    configureApi({ getToken: () => 'revoked', onUnauthorized });
    await expect(request('GET', '/api/alarms')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledWith(expect.objectContaining({ reason: 'disabled' }));
  });

  it('does not end the session when login itself answers 401 (wrong password)', async () => {
    vi.stubGlobal('fetch', respond(401, { title: 'Login failed' }));
    const onUnauthorized = vi.fn();
    configureApi({ getToken: () => null, onUnauthorized });
    await expect(request('POST', '/api/auth/login', { anonymous: true, body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('keeps the problem body and Retry-After of a failure', async () => {
    vi.stubGlobal('fetch', respond(423, { title: 'Account locked', detail: 'locked' }, { 'Retry-After': '600' }));
    configureApi({ getToken: () => null, onUnauthorized: () => {} });
    const error = await request('POST', '/api/auth/login', { anonymous: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 423, retryAfter: 600, problem: { title: 'Account locked' } });
  });

  it('reports an unreachable hub as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('failed'))));
    await expect(request('GET', '/api/x')).rejects.toMatchObject({ status: 0 });
  });

  it('answers undefined for 204', async () => {
    vi.stubGlobal('fetch', respond(204));
    await expect(request('POST', '/api/alarms/a/acknowledge')).resolves.toBeUndefined();
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/alarms', { state: 'open', patientId: undefined, since: '' })).toBe('/api/alarms?state=open');
    expect(buildUrl('/api/patients', { monitored: true })).toBe('/api/patients?monitored=true');
  });
});
