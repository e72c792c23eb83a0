import type { Api } from './api';
import { psql } from './services';

/**
 * A city community health centre (issue 19): thousands of patients, a couple of thousand in home
 * treatment, hundreds of open alarms. Three patients (one per tier) are registered through the API;
 * the others are copies of their rows made in PostgreSQL, as the benchmark's FleetSeeder does
 * (through the API every device would also get a broker account, minutes of work). The hub must
 * be restarted afterwards, so its alarm engine and live feed load the seeded alarms.
 */
export interface CityClinic {
  clinicId: string;
  clinicName: string;
  patients: number;
  monitored: number;
  /** A name only one patient has: the search target. */
  uniqueName: string;
  uniqueId: string;
  /** The patient with exactly three open alarms (high, medium, low). */
  threeAlarmsId: string;
  threeAlarmsName: string;
  /** Device ids on monitored patients: `${devicePrefix}-00001` … (the simulator's load mode names its devices so). */
  devicePrefix: string;
  devices: number;
}

export interface CityPlan {
  patients: number;
  monitored: number;
  /** How many monitored patients wear a device (the benchmark streams them; tests need a few). */
  devices: number;
  /** Every `alarmEvery`-th monitored patient gets one to three open alarms. */
  alarmEvery: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '华', '建华', '玉兰'];
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

function birthDate(years: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth() - 6, Math.min(d.getUTCDate(), 28))).toISOString().slice(0, 10);
}

export async function seedCityClinic(api: Api, databaseCs: string, run: string, plan: CityPlan): Promise<CityClinic> {
  const clinicName = `福田区城市社区健康服务中心 ${run}`;
  const clinic = await api.post<{ id: string }>('/api/clinics', { name: clinicName, timeZone: 'Asia/Shanghai' });
  // One template per tier (clinical-rules §1): 70 + unstable = R2, 70 + stable + partial = Y2, 50 + none = G1.
  const templates = {
    red: { name: '欧阳雪梅', age: 70, underlyingDisease: 'unstable', vaccination: 'full', sex: 'female' },
    yellow: { name: '司马建国', age: 70, underlyingDisease: 'stable', vaccination: 'partial', sex: 'male' },
    green: { name: '诸葛丽华', age: 50, underlyingDisease: 'none', vaccination: 'full', sex: 'female' },
  } as const;
  const ids: Record<keyof typeof templates, string> = { red: '', yellow: '', green: '' };
  for (const [tier, t] of Object.entries(templates) as [keyof typeof templates, (typeof templates)[keyof typeof templates]][]) {
    const created = await api.post<{ id: string }>('/api/patients', {
      clinicId: clinic.id,
      name: t.name,
      birthDate: birthDate(t.age),
      sex: t.sex,
      underlyingDisease: t.underlyingDisease,
      vaccination: t.vaccination,
    });
    await api.post(`/api/patients/${created.id}/episodes`, {});
    ids[tier] = created.id;
  }

  const c = clinic.id;
  const clones = plan.patients - 3;
  const devicePrefix = `ox-city-${run}`;
  psql(
    databaseCs,
    `
    INSERT INTO patients (id, clinic_id, name, birth_date, sex, underlying_disease, vaccination, urgent_need, risk_tier, risk_basis, created_at, updated_at)
    SELECT gen_random_uuid(), t.clinic_id,
           (${sqlArray(SURNAMES)})[1 + g % ${SURNAMES.length}] || (${sqlArray(GIVEN)})[1 + (g / ${SURNAMES.length}) % ${GIVEN.length}],
           t.birth_date, t.sex, t.underlying_disease, t.vaccination, false, t.risk_tier, t.risk_basis,
           now() - make_interval(mins => g), now()
    FROM generate_series(1, ${clones}) g
    JOIN patients t ON t.id = (CASE WHEN g % 10 < 2 THEN '${ids.red}' WHEN g % 10 < 5 THEN '${ids.yellow}' ELSE '${ids.green}' END)::uuid;

    CREATE TEMP TABLE city_monitored AS
      SELECT p.id, row_number() OVER (ORDER BY p.created_at DESC, p.id) AS n
      FROM patients p
      WHERE p.clinic_id = '${c}' AND p.id NOT IN ('${ids.red}', '${ids.yellow}', '${ids.green}')
      ORDER BY p.created_at DESC, p.id
      LIMIT ${plan.monitored - 3};
    INSERT INTO episodes (id, patient_id, started_at) SELECT gen_random_uuid(), id, now() FROM city_monitored;
    INSERT INTO devices (id, kind, clinic_id, registered_at)
      SELECT '${devicePrefix}-' || lpad(n::text, 5, '0'), 'oximeter', '${c}', now() FROM city_monitored WHERE n <= ${plan.devices};
    INSERT INTO device_assignments (device_id, patient_id, from_at)
      SELECT '${devicePrefix}-' || lpad(n::text, 5, '0'), id, now() FROM city_monitored WHERE n <= ${plan.devices};

    -- Open alarms on every alarmEvery-th monitored patient: most have one, some two or three, of rotating kinds.
    CREATE TEMP TABLE city_alarms AS
      SELECT m.id AS patient_id, m.n, (k.kinds)[1 + ((m.n / ${plan.alarmEvery}) + j) % 5] AS kind,
             (k.priorities)[1 + ((m.n / ${plan.alarmEvery}) + j) % 5] AS priority, j + 1 AS rank
      FROM city_monitored m
      CROSS JOIN generate_series(0, 2) j
      CROSS JOIN (SELECT ARRAY['spo2_low', 'fever', 'battery_low', 'symptom_reported', 'device_silent'] AS kinds,
                         ARRAY['high', 'medium', 'low', 'high', 'medium'] AS priorities) k
      WHERE m.n % ${plan.alarmEvery} = 0
        AND j < CASE WHEN (m.n / ${plan.alarmEvery}) % 6 = 0 THEN 3 WHEN (m.n / ${plan.alarmEvery}) % 6 = 3 THEN 2 ELSE 1 END;
    INSERT INTO city_alarms VALUES ('${ids.yellow}', 0, 'spo2_low', 'high', 1), ('${ids.yellow}', 0, 'fever', 'medium', 2), ('${ids.yellow}', 0, 'battery_low', 'low', 3);
    INSERT INTO alarms (id, patient_id, clinic_id, kind, priority, state, raised_at, active_since, first_observed_at, last_observed_at,
                        value, worst_value, threshold, late, count, last_updated_at, condition_cleared, escalated, escalation_steps_fired,
                        reminders_sent, acknowledged_by, acknowledged_at)
      SELECT gen_random_uuid(), a.patient_id, '${c}', a.kind, a.priority,
             CASE WHEN a.rank = 3 OR (a.n % 4 = 1 AND a.rank = 1) THEN 'acknowledged' ELSE 'active' END,
             now() - (5 + (a.n * 7 + a.rank * 13) % 240) * interval '1 minute', now() - (5 + (a.n * 7 + a.rank * 13) % 240) * interval '1 minute',
             now() - (5 + (a.n * 7 + a.rank * 13) % 240) * interval '1 minute', now() - (5 + (a.n * 7 + a.rank * 13) % 240) * interval '1 minute',
             CASE a.kind WHEN 'spo2_low' THEN 88 + a.n % 5 WHEN 'fever' THEN 38.6 WHEN 'battery_low' THEN 12 END,
             CASE a.kind WHEN 'spo2_low' THEN 86 + a.n % 5 WHEN 'fever' THEN 39.1 WHEN 'battery_low' THEN 12 END,
             CASE a.kind WHEN 'spo2_low' THEN 93 WHEN 'fever' THEN 38.5 WHEN 'battery_low' THEN 20 END,
             false, 1, now(), false, false, 0, 0,
             CASE WHEN a.rank = 3 OR (a.n % 4 = 1 AND a.rank = 1) THEN 'nurse' END,
             CASE WHEN a.rank = 3 OR (a.n % 4 = 1 AND a.rank = 1) THEN now() - interval '2 minutes' END
      FROM city_alarms a;
    `,
  );
  return {
    clinicId: c,
    clinicName,
    patients: plan.patients,
    monitored: plan.monitored,
    uniqueName: templates.red.name,
    uniqueId: ids.red,
    threeAlarmsId: ids.yellow,
    threeAlarmsName: templates.yellow.name,
    devicePrefix,
    devices: plan.devices,
  };
}
