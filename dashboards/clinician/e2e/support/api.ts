import type { Account } from './state';

/** The hub's HTTP API as the tests use it to set up data and to check what a user may see. */
export class Api {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, account: Account): Promise<Api> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    const body = (await response.json()) as { token?: string };
    if (response.status !== 200 || !body.token) throw new Error(`login of ${account.username} answered ${response.status}: ${JSON.stringify(body)}`);
    return new Api(baseUrl, body.token);
  }

  async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** A request that must succeed (2xx); its answer. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.send(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  get<T>(path: string): Promise<T> {
    return this.ok<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.ok<T>('POST', path, body);
  }
}
