import { request, requestBlob } from './client';
import type {
  Alarm,
  AlarmState,
  AlarmSummary,
  Channel,
  Clinic,
  Contact,
  Device,
  DeviceKind,
  Episode,
  FollowUp,
  GridTeam,
  TeamInput,
  Inventory,
  LabTest,
  LoginResponse,
  Me,
  Metric,
  Page,
  Role,
  Patient,
  PatientInput,
  RegisteredDevice,
  TestKind,
  TestResult,
  Tier,
  UserAccount,
  VitalBucket,
  VitalPoint,
  WorklistEntry,
  DailyReport,
  DestinationLevel,
  Referral,
  ReferralState,
  ReferralSuggestion,
  Transport,
} from './types';

// One function per endpoint of ../shared/contract.md (and the registry's docs/api.md).

export const login = (username: string, password: string) =>
  request<LoginResponse>('POST', '/api/auth/login', { body: { username, password }, anonymous: true });

export const getMe = () => request<Me>('GET', '/api/auth/me');

// Accounts (docs/api.md, "Accounts").
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<LoginResponse>('POST', '/api/auth/password', { body: { currentPassword, newPassword } });
/** Ends this session (or all); anonymous so a 401 for an already ended session is not a second sign-out. */
export const logout = (token: string, all = false) =>
  fetch('/api/auth/logout', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ all }),
  });
export const listUsers = () => request<UserAccount[]>('GET', '/api/users');
export const createUser = (body: { username: string; password: string; role: Role; clinicId?: string }) =>
  request<UserAccount>('POST', '/api/users', { body });
export type AccountAction = 'disable' | 'enable' | 'unlock';
export const accountAction = (id: string, action: AccountAction) =>
  request<UserAccount>('POST', `/api/users/${encodeURIComponent(id)}/${action}`, { body: {} });
export const resetPassword = (id: string) =>
  request<{ user: UserAccount; temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/reset-password`, { body: {} });

export const listClinics = () => request<Clinic[]>('GET', '/api/clinics');
/** The grid teams (包保小分队) of the caller's clinic (an admin's: of every clinic). */
export const listTeams = () => request<GridTeam[]>('GET', '/api/teams');
export const createTeam = (body: TeamInput) => request<GridTeam>('POST', '/api/teams', { body });
export const updateTeam = (id: string, body: TeamInput) => request<GridTeam>('PUT', `/api/teams/${encodeURIComponent(id)}`, { body });
/** Retires the team (409 while patients belong to it). */
export const retireTeam = (id: string) => request<void>('DELETE', `/api/teams/${encodeURIComponent(id)}`);
/** Puts the patient in a team of their clinic, or in none (`null`). */
export const assignPatientTeam = (patientId: string, teamId: string | null) =>
  request<{ patientId: string; teamId: string | null; teamName: string | null }>('PUT', `/api/patients/${encodeURIComponent(patientId)}/team`, { body: { teamId } });
export const getClinic = (id: string) => request<Clinic>('GET', `/api/clinics/${encodeURIComponent(id)}`);
export const getInventory = (clinicId: string) =>
  request<Inventory>('GET', `/api/clinics/${encodeURIComponent(clinicId)}/inventory`);

export interface AlarmQuery {
  state?: AlarmState | 'open';
  patientId?: string;
  clinicId?: string;
  /** Extension (API-NEEDS.md): alarms changed (acknowledged / resolved) at or after this time. */
  since?: string;
}
export const listAlarms = (query: AlarmQuery = {}, signal?: AbortSignal) =>
  request<Alarm[]>('GET', '/api/alarms', { query: { ...query }, ...(signal ? { signal } : {}) });

/** The contract gives no answer body; API-NEEDS.md asks for the changed alarm (200). */
export const acknowledgeAlarm = (id: string, note?: string) =>
  request<Alarm | undefined>('POST', `/api/alarms/${encodeURIComponent(id)}/acknowledge`, { body: note ? { note } : {} });
export const resolveAlarm = (id: string, note: string) =>
  request<Alarm | undefined>('POST', `/api/alarms/${encodeURIComponent(id)}/resolve`, { body: { note } });

export interface PatientQuery {
  clinicId?: string;
  tier?: Tier;
  /** Only patients under monitoring: an open home-treatment episode or a device assigned now (docs/api.md). */
  monitored?: boolean;
}
export const listPatients = (query: PatientQuery = {}) => request<Patient[]>('GET', '/api/patients', { query: { ...query } });
/** One page of patients (docs/api.md, "Paging"): `q` searches name, id and device id. */
export const listPatientsPage = (query: Record<string, string | number | boolean>, signal?: AbortSignal) =>
  request<Page<Patient>>('GET', '/api/patients', { query, ...(signal ? { signal } : {}) });
export const getAlarmSummary = (clinicId?: string) => request<AlarmSummary>('GET', '/api/alarms/summary', { query: { clinicId } });
export const getPatient = (id: string) => request<Patient>('GET', `/api/patients/${encodeURIComponent(id)}`);
export const createPatient = (input: PatientInput) => request<Patient>('POST', '/api/patients', { body: input });
export const updatePatient = (id: string, input: PatientInput) =>
  request<Patient>('PUT', `/api/patients/${encodeURIComponent(id)}`, { body: input });

export const listEpisodes = (patientId: string) =>
  request<Episode[]>('GET', `/api/patients/${encodeURIComponent(patientId)}/episodes`);
export const startEpisode = (patientId: string) =>
  request<Episode>('POST', `/api/patients/${encodeURIComponent(patientId)}/episodes`, { body: {} });
export const endEpisode = (patientId: string, reason: string) =>
  request<Episode>('POST', `/api/patients/${encodeURIComponent(patientId)}/episodes/current/end`, { body: { reason } });
export const assessSymptoms = (patientId: string, improved: boolean) =>
  request<Episode>('POST', `/api/patients/${encodeURIComponent(patientId)}/episodes/current/symptoms`, { body: { improved } });

export const listTests = (patientId: string) => request<LabTest[]>('GET', `/api/patients/${encodeURIComponent(patientId)}/tests`);
export const recordTest = (patientId: string, test: { kind: TestKind; takenAt: string; result: TestResult; ct?: number }) =>
  request<LabTest>('POST', `/api/patients/${encodeURIComponent(patientId)}/tests`, { body: test });

/** `patientId`: only the devices assigned to that patient now. */
export const listDevices = (query: { patientId?: string } = {}) => request<Device[]>('GET', '/api/devices', { query: { ...query } });
export const registerDevice = (id: string, kind: DeviceKind) =>
  request<RegisteredDevice>('POST', '/api/devices', { body: { id, kind } });
export const assignDevice = (id: string, patientId: string) =>
  request<Device>('POST', `/api/devices/${encodeURIComponent(id)}/assign`, { body: { patientId } });
export const unassignDevice = (id: string) => request<Device>('POST', `/api/devices/${encodeURIComponent(id)}/unassign`, { body: {} });

export function getVitals(
  patientId: string,
  metric: Metric,
  from: Date,
  to: Date,
  every: string,
  signal?: AbortSignal,
): Promise<VitalBucket[]>;
export function getVitals(
  patientId: string,
  metric: Metric,
  from: Date,
  to: Date,
  every?: undefined,
  signal?: AbortSignal,
): Promise<VitalPoint[]>;
export function getVitals(patientId: string, metric: Metric, from: Date, to: Date, every?: string, signal?: AbortSignal) {
  return request<VitalPoint[] | VitalBucket[]>('GET', `/api/patients/${encodeURIComponent(patientId)}/vitals`, {
    query: { metric, from: from.toISOString(), to: to.toISOString(), every },
    ...(signal ? { signal } : {}),
  });
}

/** Who needs contacting (docs/scheduling.md): open follow-ups and this week's contact cadence per patient. */
export const getWorklist = (clinicId?: string, signal?: AbortSignal, teamId?: string) =>
  request<WorklistEntry[]>('GET', '/api/worklist', { query: { clinicId, teamId }, ...(signal ? { signal } : {}) });
export const completeFollowUp = (id: string, body: { channel: Channel; outcome: string; note?: string }) =>
  request<FollowUp>('POST', `/api/followups/${encodeURIComponent(id)}/complete`, { body });
export const recordContact = (patientId: string, body: { channel: Channel; note?: string }) =>
  request<Contact>('POST', `/api/patients/${encodeURIComponent(patientId)}/contacts`, { body });

// Referrals (docs/referrals.md): start one from a patient or an alarm, advance it, see its timeline.
export const listReferrals = (query: { patientId?: string; state?: 'open' | 'closed'; clinicId?: string } = {}) =>
  request<Referral[]>('GET', '/api/referrals', { query: { ...query } });
export const getReferral = (id: string) => request<Referral>('GET', `/api/referrals/${encodeURIComponent(id)}`);
export const suggestReferral = (patientId: string, alarmId?: string) =>
  request<ReferralSuggestion>('GET', `/api/patients/${encodeURIComponent(patientId)}/referrals/suggestion`, { query: { alarmId } });
export const createReferral = (
  patientId: string,
  body: { reason: string; alarmId?: string; destinationLevel: DestinationLevel; destination: string; transport: Transport; note?: string },
) => request<Referral>('POST', `/api/patients/${encodeURIComponent(patientId)}/referrals`, { body });
export const advanceReferral = (id: string, body: { state: ReferralState; note?: string }) =>
  request<Referral>('POST', `/api/referrals/${encodeURIComponent(id)}/events`, { body });

// The clinic's daily status (004 §19).
export const getDailyReport = (date: string, clinicId?: string) => request<DailyReport>('GET', '/api/reports/daily', { query: { date, clinicId } });
export const getDailyTrend = (clinicId?: string, days = 14) => request<DailyReport[]>('GET', '/api/reports/daily/trend', { query: { clinicId, days } });
/** The referral's HL7 FHIR R4 hand-off bundle, and the report as an Excel workbook, for download. */
export const getHandoff = (id: string) => requestBlob(`/api/referrals/${encodeURIComponent(id)}/handoff`);
export const getDailyReportWorkbook = (date: string, clinicId?: string) => requestBlob('/api/reports/daily', { date, clinicId, format: 'xlsx' });

/** A short-lived cookie that opens /hangfire in this browser (administrators). */
export const openJobsDashboardSession = () => request<void>('POST', '/api/jobs/dashboard-session');
