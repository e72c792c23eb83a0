import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths';

/**
 * The service stack's settings as `scripts/services.sh env` prints them (scripts/test.sh exports
 * them; a developer running `npm run test:e2e` alone gets the script's answer for the current
 * MQTT_PORT/INFLUX_PORT/PG_PORT, i.e. the dev stack by default).
 */
export interface ServiceEnv {
  databaseConnectionString: string;
  influxUrl: string;
  mqttHost: string;
  mqttPort: number;
  mqttHubPassword: string;
  mqttAdminPassword: string;
}

function fromScript(): Record<string, string> {
  const out = execFileSync('bash', [join(REPO, 'scripts/services.sh'), 'env'], { encoding: 'utf8' });
  const vars: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    // services.sh single-quotes values that are not plainly safe ('...'\''...').
    if (value.startsWith("'")) value = value.slice(1, -1).replaceAll("'\\''", "'");
    vars[m[1]!] = value;
  }
  return vars;
}

export function serviceEnv(): ServiceEnv {
  const vars = process.env.Database__ConnectionString ? (process.env as Record<string, string>) : { ...fromScript(), ...process.env };
  const need = (key: string): string => {
    const v = vars[key];
    if (!v) throw new Error(`${key} is not set: run scripts/services.sh up and eval "$(scripts/services.sh env)" first`);
    return v;
  };
  return {
    databaseConnectionString: need('Database__ConnectionString'),
    influxUrl: need('Influx__Url'),
    mqttHost: vars.Mqtt__Host ?? '127.0.0.1',
    mqttPort: Number(need('Mqtt__Port')),
    mqttHubPassword: need('Mqtt__Password'),
    mqttAdminPassword: vars.MQTT_ADMIN_PASSWORD ?? 'dev-mqtt-admin',
  };
}

/** Npgsql "Host=..;Port=..;Username=..;Password=..;Database=.." → its parts. */
export function parseConnectionString(cs: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const pair of cs.split(';')) {
    const i = pair.indexOf('=');
    if (i > 0) parts[pair.slice(0, i).trim().toLowerCase()] = pair.slice(i + 1).trim();
  }
  return parts;
}

export function withDatabase(cs: string, database: string): string {
  return cs
    .split(';')
    .filter((p) => p.trim() !== '' && !/^\s*database\s*=/i.test(p))
    .concat(`Database=${database}`)
    .join(';');
}

const PSQL = process.env.PG_BIN ? join(process.env.PG_BIN, 'psql') : '/usr/lib/postgresql/15/bin/psql';

/** One SQL statement as the connection string's user, on its server's `monitoring` database. */
export function psql(cs: string, sql: string): void {
  const p = parseConnectionString(cs);
  execFileSync(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', p.host ?? '127.0.0.1', '-p', p.port ?? '5432', '-U', p.username ?? 'monitoring', '-d', p.database ?? 'monitoring', '-c', sql], {
    env: { ...process.env, PGPASSWORD: p.password ?? '', PGCONNECT_TIMEOUT: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function influxQuery(influxUrl: string, q: string): Promise<void> {
  const response = await fetch(`${influxUrl.replace(/\/$/, '')}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ q }),
  });
  const text = await response.text();
  if (!response.ok || text.includes('"error"')) throw new Error(`InfluxDB "${q}" answered ${response.status}: ${text}`);
}
