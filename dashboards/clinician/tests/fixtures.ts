import type { Alarm, Patient } from '../src/api/types';

export function alarm(over: Partial<Alarm> & { id: string }): Alarm {
  return {
    patientId: 'p1',
    clinicId: 'c1',
    kind: 'spo2_low',
    priority: 'high',
    state: 'active',
    raisedAt: '2026-11-22T08:00:00Z',
    late: false,
    escalated: false,
    ...over,
  };
}

export function patient(over: Partial<Patient> & { id: string }): Patient {
  return {
    clinicId: 'c1',
    name: '张三',
    birthDate: '1950-01-01',
    sex: 'male',
    underlyingDisease: 'stable',
    vaccination: 'full',
    categories: [],
    riskTier: 'green',
    riskBasis: { method: 'table', row: 'G2' },
    ...over,
  };
}

export const T0 = Date.parse('2026-11-22T08:00:00Z');
