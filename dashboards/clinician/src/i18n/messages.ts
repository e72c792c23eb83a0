import type { DestinationLevel, ReferralState, TeamRole, Transport } from '../api/types';
import type { AlarmKind, AlarmState, Category, Channel, DeviceKind, DeviceStatus, Metric, PregnancyRisk, Priority, ReminderKind, RiskRow, Role, SessionEndReason, Sex, Symptom, TestKind, TestResult, Tier, UnderlyingDisease, Vaccination } from '../api/types';

// Every user-visible string of the dashboard. Both languages are typed `Messages`, so a key
// missing from one of them (or an alarm kind, tier, category... missing from a table) is a
// compile error; tests/i18n.test.ts checks the same at run time.

export type Lang = 'zh-CN' | 'en';

export const FIELD_NAMES = [
  'username',
  'password',
  'clinicId',
  'name',
  'birthDate',
  'sex',
  'underlyingDisease',
  'vaccination',
  'categories',
  'pregnancy',
  'urgentNeed',
  'gridTeam',
  'id',
  'kind',
  'patientId',
  'reason',
  'note',
  'startedAt',
  'takenAt',
  'result',
  'ct',
  'improved',
  'channel',
  'outcome',
  'currentPassword',
  'newPassword',
  'temporaryPassword',
  'role',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export interface DurationWords {
  justNow: string;
  /** A duration in the past: "5 分钟前" / "5 min ago". */
  ago: (duration: string) => string;
  seconds: (n: number) => string;
  minutes: (n: number) => string;
  hoursMinutes: (h: number, m: number) => string;
  daysHours: (d: number, h: number) => string;
}

export interface Messages {
  langName: string;
  app: {
    title: string;
    skipToContent: string;
    nav: { wall: string; patients: string; worklist: string; devices: string; inventory: string; handover: string; referrals: string; reports: string };
    mainNav: string;
    logout: string;
    language: string;
    signedInAs: (user: string, role: string) => string;
    tabTitle: (openAlarms: number, page: string) => string;
  };
  role: Record<Role, string>;
  connection: {
    label: string;
    connecting: string;
    connected: string;
    reconnecting: string;
    disconnected: string;
    disconnectedHint: string;
  };
  common: {
    loading: string;
    retry: string;
    save: string;
    saving: string;
    cancel: string;
    close: string;
    yes: string;
    no: string;
    none: string;
    unknown: string;
    all: string;
    notFound: string;
    goHome: string;
    forbidden: string;
    offline: string;
    serverError: (status: number) => string;
    checkFields: (fields: string) => string;
    conflict: string;
    copy: string;
    copied: string;
    copyFailed: string;
    print: string;
    refresh: string;
    required: string;
    listSeparator: string;
    time: string;
  };
  login: {
    title: string;
    subtitle: string;
    username: string;
    password: string;
    submit: string;
    submitting: string;
    failed: string;
    missing: string;
    sessionExpired: string;
    loggedOut: string;
  };
  tier: {
    short: Record<Tier, string>;
    long: Record<Tier, string>;
    label: string;
    serviceLevel: (level: number) => string;
  };
  riskBasis: {
    title: string;
    byTable: (row: string) => string;
    byScore: (score: number) => string;
    scoreItems: (age: number, disease: number, vaccination: number) => string;
    scoreBands: string;
    rows: Record<RiskRow, string>;
    assessedOn: (date: string, age: number) => string;
  };
  priority: Record<Priority, string> & { label: string };
  alarmState: Record<AlarmState, string> & { label: string };
  alarmKind: Record<AlarmKind, string> & { unknown: (code: string) => string };
  /** What a schedule-raised alarm asks of the nurse. */
  reminderExplain: Record<ReminderKind, string>;
  symptom: Record<Symptom, string>;
  category: Record<Category, string> & { label: string };
  pregnancyRisk: Record<PregnancyRisk, string> & {
    label: string;
    week: string;
    weekValue: (w: number) => string;
    priority: string;
  };
  channel: Record<Channel, string> & { label: string };
  metric: Record<Metric, string>;
  unit: Record<Metric, string>;
  sex: Record<Sex, string> & { label: string };
  disease: Record<UnderlyingDisease, string> & { label: string };
  vaccination: Record<Vaccination, string> & { label: string };
  deviceKind: Record<DeviceKind, string>;
  deviceStatus: Record<DeviceStatus, string>;
  testKind: Record<TestKind, string>;
  testResult: Record<TestResult, string>;
  duration: DurationWords;
  alarm: {
    below: (value: string, threshold: string) => string;
    above: (value: string, threshold: string) => string;
    atOrBelow: (value: string, threshold: string) => string;
    valueOnly: (value: string) => string;
    worst: (value: string) => string;
    device: (id: string) => string;
    raisedAgo: (duration: string) => string;
    raisedAt: (time: string) => string;
    late: string;
    lateHint: string;
    escalated: string;
    escalatedHint: string;
    conditionCleared: string;
    conditionClearedHint: string;
    acknowledgedBy: (who: string, ago: string) => string;
    acknowledge: string;
    acknowledging: string;
    acknowledgeFor: (patient: string, kind: string) => string;
    resolve: string;
    resolveFor: (patient: string, kind: string) => string;
    resolveTitle: string;
    note: string;
    noteRequired: string;
    noteOptional: string;
    confirmResolve: string;
    resolvedBy: (who: string) => string;
    systemActor: string;
    failed: string;
    /** The "patient" of an alarm about the hub itself (ingest_data_lost). */
    hubItself: string;
    lost: (count: string) => string;
  };
  wall: {
    title: string;
    openAlarms: (n: number) => string;
    noOpenAlarms: string;
    patients: (n: number) => string;
    noPatients: string;
    sound: {
      on: string;
      off: string;
      silenced: (time: string) => string;
      silence: (minutes: number) => string;
      resume: string;
      blocked: string;
      enable: string;
    };
    tile: {
      stale: (duration: string) => string;
      noData: string;
      lastReading: (ago: string) => string;
      openAlarms: (n: number) => string;
      open: (name: string) => string;
      trendLabel: string;
    };
  };
  patient: {
    title: string;
    identity: string;
    birthDate: string;
    age: (years: number) => string;
    ageLabel: string;
    urgentNeed: string;
    gridTeam: string;
    edit: string;
    episode: string;
    noEpisode: string;
    startEpisode: string;
    endEpisode: string;
    endReason: string;
    startedAt: (time: string) => string;
    endedAt: (time: string, reason: string) => string;
    endCriteria: string;
    criteria: { antigenNegative: string; pcrConsecutiveCtAbove35: string; symptomsImproved: string };
    criteriaMet: string;
    criteriaNotMet: string;
    markImproved: string;
    markNotImproved: string;
    tests: string;
    noTests: string;
    recordTest: string;
    testKind: string;
    takenAt: string;
    result: string;
    ct: string;
    devices: string;
    noDevices: string;
    trends: string;
    range24h: string;
    range7d: string;
    threshold: (value: string) => string;
    noVitals: string;
    aggregated: (every: string) => string;
    min: string;
    max: string;
    mean: string;
    alarmHistory: string;
    noAlarms: string;
    columns: {
      raised: string;
      kind: string;
      priority: string;
      value: string;
      state: string;
      acknowledged: string;
      resolved: string;
    };
    episodeHistory: string;
  };
  patients: {
    title: string;
    filterTier: string;
    register: string;
    empty: string;
    columns: { name: string; tier: string; age: string; sex: string; categories: string; level: string };
  };
  patientForm: {
    titleNew: string;
    titleEdit: string;
    clinic: string;
    name: string;
    birthDate: string;
    categoriesHint: string;
    pregnancyWeek: string;
    urgentNeed: string;
    urgentNeedHint: string;
    gridTeam: string;
    savedTier: (name: string) => string;
    openPatient: string;
    registerAnother: string;
    tierNote: string;
  };
  devices: {
    title: string;
    register: string;
    id: string;
    idHint: string;
    kind: string;
    status: string;
    patient: string;
    assignedAt: string;
    registeredAt: string;
    assign: string;
    assignTo: string;
    choosePatient: string;
    unassign: string;
    unassignConfirm: (device: string, patient: string) => string;
    secretTitle: (id: string) => string;
    secretOnce: string;
    secretDone: string;
    empty: string;
    free: string;
    noPermission: string;
  };
  inventory: {
    title: string;
    clinic: string;
    total: string;
    issued: string;
    free: string;
    revoked: string;
    silent: string;
    lowBattery: string;
    notTracked: string;
    oximeters: string;
    oximetersOf: (have: number, target: number) => string;
    short: (n: number) => string;
    enough: string;
    byKind: string;
    targetNote: string;
  };
  handover: {
    title: string;
    period: string;
    hours: (n: number) => string;
    open: (n: number) => string;
    acknowledged: (n: number) => string;
    resolved: (n: number) => string;
    noneOpen: string;
    noneAcknowledged: string;
    noneResolved: string;
    generatedAt: (time: string) => string;
    columns: {
      patient: string;
      kind: string;
      priority: string;
      raised: string;
      state: string;
      acknowledgedBy: string;
      acknowledgedAt: string;
      resolvedBy: string;
      resolvedAt: string;
      note: string;
    };
  };
  worklist: {
    title: string;
    intro: string;
    clinic: string;
    allClinics: string;
    team: string;
    allTeams: string;
    showAll: string;
    clinicToday: (clinic: string, date: string) => string;
    summary: {
      overdue: (n: number) => string;
      dueToday: (n: number) => string;
      cadenceBehind: (n: number) => string;
      endCriteriaMet: (n: number) => string;
    };
    empty: string;
    emptyAll: string;
    columns: { patient: string; followUp: string; cadence: string; status: string; actions: string };
    followUp: {
      overdue: (days: number) => string;
      dueToday: string;
      upcoming: (date: string) => string;
      dueOn: (date: string) => string;
      none: string;
    };
    cadence: {
      count: (contacts: number, required: number) => string;
      behind: (missing: number) => string;
      met: string;
      notRequired: string;
    };
    endCriteriaMet: string;
    notInHomeTreatment: string;
    complete: string;
    completeTitle: string;
    recordContact: string;
    recordContactTitle: string;
    forPatient: (name: string, date: string) => string;
    forPatientContact: (name: string) => string;
    outcome: string;
    outcomeHint: string;
    note: string;
    channelRequired: string;
    outcomeRequired: string;
    tooLong: (max: number) => string;
    confirmComplete: string;
    confirmContact: string;
    completed: (name: string) => string;
    contactRecorded: (name: string) => string;
    loadedAt: (time: string) => string;
  };
  /** Accounts: the users page, changing one's password, sign-in throttling, why a session ended. */
  accounts: {
    nav: string;
    title: string;
    changePassword: string;
    mustChangeTitle: string;
    mustChangeHint: string;
    currentPassword: string;
    newPassword: string;
    confirmPassword: string;
    mismatch: string;
    tooShort: (min: number) => string;
    sameAsCurrent: string;
    wrongCurrent: string;
    passwordChanged: string;
    throttled: (seconds: number) => string;
    disabledLogin: string;
    hardLocked: string;
    sessionEnded: Record<SessionEndReason, string>;
    signOutEverywhere: string;
    columns: { username: string; role: string; clinic: string; status: string; lastLogin: string; actions: string };
    status: { active: string; disabled: string; locked: string; mustChange: string };
    disable: string;
    enable: string;
    resetPassword: string;
    unlock: string;
    confirmDisable: (user: string) => string;
    confirmReset: (user: string) => string;
    temporaryPassword: (user: string) => string;
    temporaryHint: string;
    create: string;
    createTitle: string;
    created: (user: string) => string;
    done: (user: string) => string;
    noUsers: string;
    never: string;
    doctorScope: string;
  };
  /** The alarm wall at a clinic's scale (issue 19): header counts, filters, patient groups. */
  triage: {
    summaryLabel: string;
    open: (n: number) => string;
    unacknowledged: (n: number) => string;
    patients: (n: number) => string;
    oldestHigh: (duration: string) => string;
    noUnacknowledgedHigh: string;
    filters: string;
    filterTier: string;
    filterPriority: string;
    filterKind: string;
    filterClinic: string;
    anyKind: string;
    anyClinic: string;
    filterTeam: string;
    anyTeam: string;
    clearFilters: string;
    filteredOut: (shown: number, total: number) => string;
    alarmsOf: (name: string, n: number) => string;
    showMore: (n: number) => string;
    tilesShown: (shown: number, total: number) => string;
  };
  /** The patients list: search, paging, sort. */
  patientList: {
    search: string;
    searchPlaceholder: string;
    searchButton: string;
    clearSearch: string;
    sort: string;
    sortBy: { name: string; tier: string; age: string; created: string; updated: string };
    order: string;
    asc: string;
    desc: string;
    pageSize: string;
    perPage: (n: number) => string;
    pagination: string;
    previous: string;
    next: string;
    pageOf: (page: number, pages: number) => string;
    total: (n: number) => string;
    range: (from: number, to: number, total: number) => string;
  };
  /** Referrals to hospital (转诊) and the FHIR hand-off (docs/referrals.md). */
  referral: {
    title: string;
    listTitle: string;
    /** The wall's link from a high-priority alarm to the patient's referral panel. */
    fromAlarm: (patient: string) => string;
    none: string;
    noneOpen: string;
    suggested: (level: string) => string;
    basis: string;
    triggeringAlarm: string;
    noAlarm: string;
    reason: string;
    destinationLevel: string;
    destination: string;
    transport: string;
    note: string;
    start: string;
    reasonRequired: string;
    destinationRequired: string;
    started: string;
    advanced: (state: string) => string;
    advanceTo: (state: string) => string;
    owner: string;
    since: string;
    timeline: string;
    history: string;
    download: string;
    print: string;
    printTitle: string;
    printNow: string;
    patient: string;
    requestedAt: string;
    state: Record<ReferralState, string>;
    level: Record<DestinationLevel, string>;
    transportName: Record<Transport, string>;
    /** The wall's row link once an alarm of the patient started a referral: its state. */
    onWall: (state: string) => string;
    onWallLabel: (patient: string, state: string) => string;
    /** The open-referrals list's column of the current state. */
    stateColumn: string;
  };
  /** Grid teams (包保小分队, 004 §7): a clinic's teams, their members and patients. */
  teams: {
    nav: string;
    title: string;
    intro: string;
    clinic: string;
    none: string;
    create: string;
    edit: (team: string) => string;
    retire: (team: string) => string;
    confirmRetire: (team: string) => string;
    name: string;
    members: string;
    memberName: (n: number) => string;
    memberRole: (n: number) => string;
    memberPhone: (n: number) => string;
    addMember: string;
    removeMember: (n: number) => string;
    role: Record<TeamRole, string>;
    patientCount: (n: number) => string;
    needName: string;
    needMember: string;
    needMemberName: (n: number) => string;
    needMedical: string;
    needClinic: string;
    created: (team: string) => string;
    saved: (team: string) => string;
    retired: (team: string) => string;
    showPatients: (team: string) => string;
    hidePatients: (team: string) => string;
    noPatients: string;
    removeFromTeam: (patient: string) => string;
    assignTitle: string;
    search: string;
    searchHint: string;
    noMatch: string;
    noTeam: string;
    teamOf: (patient: string) => string;
    assigned: (patient: string, team: string) => string;
    unassigned: (patient: string) => string;
  };
  /** The clinic's daily status (004 §19). */
  report: {
    title: string;
    date: string;
    partial: string;
    download: string;
    trend: string;
    patients: string;
    monitored: string;
    admitted: string;
    ended: string;
    endedReferred: string;
    alarms: string;
    raised: string;
    acknowledged: string;
    medianAck: string;
    p90Ack: string;
    openAtDayEnd: string;
    followUps: string;
    done: string;
    overdue: string;
    contacts: string;
    cadenceMissed: string;
    referrals: string;
    requested: string;
    medianAdmission: string;
    devices: string;
    issued: string;
    free: string;
    silent: string;
    batteryLow: string;
    minutes: (m: number) => string;
  };
  /** Names of request fields, for validation problems that name them. */
  fields: Record<FieldName, string>;
  /** Hangfire's job dashboard (/hangfire), linked for administrators. */
  jobs: { nav: string; navTitle: string; openFailed: string };
}
