// Shapes of the hub's HTTP API and SignalR events (../shared/contract.md). Fields marked
// "extension" are proposed in API-NEEDS.md; the dashboard works without them.

export const TIERS = ['red', 'yellow', 'green'] as const;
export type Tier = (typeof TIERS)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ALARM_STATES = ['active', 'acknowledged', 'resolved'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const ALARM_KINDS = [
  'spo2_low',
  'fever',
  'fever_persistent',
  'symptom_reported',
  'device_silent',
  'battery_low',
  'temperature_check_missed',
  'followup_overdue',
  'contact_cadence_missed',
  'booster_due',
  'end_criteria_met',
  'ingest_data_lost',
  'referral_stalled',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/**
 * Alarms the hub's schedules raise (no measured value). Their `detail` is the hub's English log text, so the
 * wall explains them from the catalogue in the user's language instead.
 */
export const REMINDER_KINDS = [
  'temperature_check_missed',
  'followup_overdue',
  'contact_cadence_missed',
  'booster_due',
  'end_criteria_met',
  'referral_stalled',
] as const satisfies readonly AlarmKind[];
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * The hub's own alarms (administrators only): no patient and no clinic, both the nil UUID
 * (docs/api.md). `value` is how many messages or readings were lost.
 */
export const NO_PATIENT = '00000000-0000-0000-0000-000000000000';
export const isOperatorAlarm = (alarm: { patientId: string }): boolean => alarm.patientId === NO_PATIENT;

/** Values of the `symptom` device event; the hub puts them in `detail` of `symptom_reported`. */
export const SYMPTOMS = ['dyspnea', 'disease_worsening', 'child_warning', 'pregnancy_warning'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export const METRICS = ['spo2', 'pr', 'temp', 'rr', 'pi', 'bat'] as const;
export type Metric = (typeof METRICS)[number];

export const CATEGORIES = [
  'age_65_plus',
  'child_0_6',
  'pregnant',
  'postpartum',
  'dialysis',
  'cancer_therapy',
  'immunodeficiency',
  'living_alone',
  'disabled',
  'left_behind',
] as const;
export type Category = (typeof CATEGORIES)[number];
/** Derived by the hub from the birth date; never sent. */
export const AGE_DERIVED_CATEGORIES: readonly Category[] = ['age_65_plus', 'child_0_6'];

export const PREGNANCY_RISKS = ['green', 'yellow', 'orange', 'red', 'purple'] as const;
export type PregnancyRisk = (typeof PREGNANCY_RISKS)[number];

export const CHANNELS = ['phone', 'wechat', 'video', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];

export const RISK_ROWS = ['G1', 'G2', 'Y1', 'Y2', 'Y3', 'R1', 'R2', 'R3'] as const;
export type RiskRow = (typeof RISK_ROWS)[number];

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];
export const DISEASES = ['none', 'stable', 'unstable'] as const;
export type UnderlyingDisease = (typeof DISEASES)[number];
export const VACCINATIONS = ['full', 'partial', 'none'] as const;
export type Vaccination = (typeof VACCINATIONS)[number];

export const DEVICE_KINDS = ['oximeter', 'thermometer', 'wearable'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DEVICE_STATUSES = ['active', 'revoked'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const TEST_KINDS = ['antigen', 'pcr'] as const;
export type TestKind = (typeof TEST_KINDS)[number];
export const TEST_RESULTS = ['positive', 'negative'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export const ROLES = ['nurse', 'doctor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Alarm {
  id: string;
  patientId: string;
  clinicId: string;
  /** A contract kind; an unknown future kind is shown by its code. */
  kind: string;
  priority: Priority;
  state: AlarmState;
  raisedAt: string;
  value?: number | null;
  threshold?: number | null;
  detail?: string | null;
  late: boolean;
  escalated: boolean;
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  resolvedAt?: string | null;
  // extensions (API-NEEDS.md)
  lastUpdatedAt?: string | null;
  /** When it last became active (an acknowledged alarm that fires again starts over). */
  activeSince?: string | null;
  conditionCleared?: boolean;
  conditionClearedAt?: string | null;
  worstValue?: number | null;
  resolvedBy?: string | null;
  resolutionNote?: string | null;
  acknowledgeNote?: string | null;
  patientName?: string | null;
  patientTier?: Tier | null;
  count?: number;
  escalationLevel?: string | null;
  /** The referral started from this alarm (issue 18), kept current on the wall; null when none. */
  referral?: AlarmReferral | null;
}

/** What an alarm shows of the referral started from it (docs/referrals.md). */
export interface AlarmReferral {
  id: string;
  state: ReferralState;
  destinationLevel: DestinationLevel;
  open: boolean;
  stateSince: string;
}

/** SignalR `vitals` event. `t` is ISO-8601 (the client also accepts UNIX seconds). */
export interface VitalsSample {
  patientId: string;
  t: string | number;
  spo2?: number | null;
  pr?: number | null;
  temp?: number | null;
  rr?: number | null;
  bat?: number | null;
  pi?: number | null;
}

/** Extension: what the hub sends on every (re)connect (API-NEEDS.md). */
export interface Snapshot {
  asOf?: string;
  alarms: Alarm[];
  vitals?: VitalsSample[];
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  /** After a password reset: the token only serves changing the password (docs/api.md, "Accounts"). */
  mustChangePassword?: boolean;
}

export interface Me {
  id: string;
  username: string;
  role: Role;
  clinicId: string | null;
  mustChangePassword?: boolean;
}

/** Why a session ended before its expiry: the `reason` of the 401 problem and of the wall's `sessionEnded` event. */
export const SESSION_END_REASONS = [
  'signed_out',
  'signed_out_everywhere',
  'disabled',
  'password_reset',
  'password_changed',
  'password_set_by_configuration',
  'unknown_session',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** An account as GET /api/users lists it. */
export interface UserAccount {
  id: string;
  username: string;
  role: Role;
  clinicId: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  disabled: boolean;
  disabledAt: string | null;
  locked: boolean;
  lockedAt: string | null;
  mustChangePassword: boolean;
}

export interface Clinic {
  id: string;
  name: string;
  timeZone: string;
}

/** A clinic's grid team (包保小分队, seed 004 §7), as GET /api/teams lists it. */
export interface GridTeam {
  id: string;
  clinicId: string;
  name: string;
  patients: number;
  members?: TeamMember[];
}

/** Who serves in a grid team: at least one doctor or nurse per team (004 §7: 每个团队至少指定1名医务人员). */
export const TEAM_ROLES = ['doctor', 'nurse', 'community_worker', 'volunteer', 'other'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const MEDICAL_TEAM_ROLES: readonly TeamRole[] = ['doctor', 'nurse'];

export interface TeamMember {
  name: string;
  role: TeamRole;
  phone?: string | null;
}

/** Body of POST /api/teams and PUT /api/teams/{id} (members are replaced whole). */
export interface TeamInput {
  clinicId?: string;
  name: string;
  members: TeamMember[];
}

export interface RiskBasis {
  method: 'table' | 'score';
  row?: string;
  score?: number;
  agePoints?: number;
  diseasePoints?: number;
  vaccinationPoints?: number;
  explanation?: string;
  ageYears?: number;
  assessedOn?: string;
}

export interface Pregnancy {
  risk: PregnancyRisk;
  gestationalWeek?: number | null;
  priority?: boolean;
}

export interface EndCriteria {
  antigenNegative: boolean;
  pcrConsecutiveCtAbove35: boolean;
  symptomsImproved: boolean;
  met: boolean;
}

export interface Episode {
  id: string;
  patientId: string;
  startedAt: string;
  endedAt?: string | null;
  endReason?: string | null;
  symptomsImproved?: boolean;
  symptomsAssessedAt?: string | null;
  endCriteria: EndCriteria;
}

export interface Patient {
  id: string;
  clinicId: string;
  name: string;
  birthDate: string;
  ageYears?: number;
  sex: Sex;
  underlyingDisease: UnderlyingDisease;
  vaccination: Vaccination;
  categories: string[];
  pregnancy?: Pregnancy | null;
  urgentNeed?: boolean;
  serviceLevel?: number;
  gridTeam?: string | null;
  /** The grid team (包保小分队) looking after the patient; null when none. */
  teamId?: string | null;
  riskTier: Tier;
  riskBasis: RiskBasis;
  currentEpisode?: Episode | null;
}

export interface PatientInput {
  clinicId: string;
  name: string;
  birthDate: string;
  sex: Sex;
  underlyingDisease: UnderlyingDisease;
  vaccination: Vaccination;
  categories: string[];
  pregnancy?: { risk: PregnancyRisk; gestationalWeek?: number } | null;
  urgentNeed?: boolean;
  gridTeam?: string | null;
}

export interface LabTest {
  id: string;
  patientId: string;
  kind: TestKind;
  takenAt: string;
  result: TestResult;
  ct?: number | null;
}

export interface Device {
  id: string;
  kind: DeviceKind;
  clinicId: string;
  status: DeviceStatus;
  registeredAt: string;
  revokedAt?: string | null;
  patientId?: string | null;
  assignedAt?: string | null;
}

export interface RegisteredDevice {
  id: string;
  kind: DeviceKind;
  clinicId: string;
  secret: string;
  mqtt?: Record<string, unknown>;
}

export interface KindInventory {
  kind: DeviceKind;
  issued: number;
  free: number;
  revoked: number;
}

export interface Inventory {
  clinicId: string;
  total: number;
  issued: number;
  free: number;
  revoked: number;
  silent: number | null;
  lowBattery: number | null;
  liveStatusTracked: boolean;
  oximeters: number;
  oximeterTarget: number;
  oximetersShort: number;
  byKind: KindInventory[];
}

export interface VitalPoint {
  t: string;
  value: number;
}

export interface VitalBucket {
  t: string;
  min: number | null;
  mean: number | null;
  max: number | null;
}

/** RFC 7807 problem, with ASP.NET Core's `errors` for validation problems. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  /** Why a session ended (401) or an account is disabled (403 at login). */
  reason?: string;
}

export const FOLLOW_UP_STATUSES = ['due', 'overdue', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** A follow-up (随访, clinical-rules §3; docs/scheduling.md). `status` overdue = open and its clinic-local day has ended. */
export interface FollowUp {
  id: string;
  patientId: string;
  patientName: string;
  clinicId: string;
  tier: Tier;
  episodeId: string;
  /** Clinic-local date, YYYY-MM-DD. */
  dueOn: string;
  status: FollowUpStatus;
  daysOverdue: number;
  completedAt?: string | null;
  completedBy?: string | null;
  channel?: Channel | null;
  outcome?: string | null;
  note?: string | null;
}

/** Contacts of the current clinic-local ISO week against the tier's requirement (004 §8). */
export interface Cadence {
  week: string;
  contacts: number;
  required: number;
  shortfall: number;
  behind: boolean;
}

/** `GET /api/worklist`: one patient in home treatment or of tier yellow/red. */
export interface WorklistEntry {
  patientId: string;
  patientName: string;
  clinicId: string;
  tier: Tier;
  inHomeTreatment: boolean;
  followUp: FollowUp | null;
  cadence: Cadence;
  endCriteriaMet: boolean;
}

export interface Contact {
  id: string;
  patientId: string;
  at: string;
  channel: Channel;
  /** How it was recorded: a contact of its own, or a completed follow-up. */
  source: string;
  followUpId?: string | null;
  note?: string | null;
  by?: string | null;
}

/** One page of a list endpoint (docs/api.md, "Paging"): its rows and how many match in all. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/alarms/summary: the wall header's counts over the caller's open alarms. */
export interface AlarmSummary {
  open: number;
  unacknowledged: number;
  high: number;
  medium: number;
  low: number;
  patients: number;
  oldestUnacknowledgedHighSince: string | null;
  at: string;
}

// Referrals, hand-off and the daily status report (issue 18; docs/referrals.md).
export const REFERRAL_STATES = ['requested', 'transport_dispatched', 'departed', 'arrived', 'admitted', 'declined', 'cancelled'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];
export const DESTINATION_LEVELS = ['sub_designated', 'designated', 'tertiary', 'other'] as const;
export type DestinationLevel = (typeof DESTINATION_LEVELS)[number];
export const TRANSPORTS = ['ambulance_120', 'grid_vehicle', 'self'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface ReferralEvent {
  state: ReferralState;
  at: string;
  recordedAt: string;
  by: string;
  note?: string | null;
}

export interface Referral {
  id: string;
  patientId: string;
  clinicId: string;
  patientName: string;
  patientTier: Tier;
  alarmId?: string | null;
  alarmKind?: string | null;
  reason: string;
  destinationLevel: DestinationLevel;
  suggestedLevel: DestinationLevel;
  destination: string;
  transport: Transport;
  note?: string | null;
  state: ReferralState;
  open: boolean;
  stateSince: string;
  ownerId: string;
  ownerUsername: string;
  requestedAt: string;
  closedAt?: string | null;
  nextStates: ReferralState[];
  events: ReferralEvent[];
}

export interface ReferralSuggestion {
  level: DestinationLevel;
  basis: string;
  alarmId?: string | null;
  alarmKind?: string | null;
  patientTier: Tier;
}

export interface DailyReport {
  clinicId: string;
  clinicName: string;
  date: string;
  timeZone: string;
  complete: boolean;
  generatedAt: string;
  patients: { monitored: number; red: number; yellow: number; green: number; admitted: number; ended: number; endedReferred: number };
  alarms: { raised: number; acknowledged: number; medianMinutesToAcknowledge?: number | null; p90MinutesToAcknowledge?: number | null; openAtDayEnd: number };
  followUps: { done: number; overdueAtDayEnd: number; contacts: number; cadenceMissed: number };
  referrals: { requested: number; byState: Partial<Record<ReferralState, number>>; medianMinutesToAdmission?: number | null };
  devices: { issued: number; free: number; silent: number; batteryLow: number };
}
