import type { GridTeam, TeamInput, TeamRole } from '../api/types';
import { MEDICAL_TEAM_ROLES } from '../api/types';

// The grid-team form (包保小分队, 004 §7: 每个团队至少指定1名医务人员提供专业指导). The hub enforces the
// same rules (400 naming the field); checking them here first says what is missing before a round trip.

export interface MemberDraft {
  name: string;
  role: TeamRole;
  phone: string;
}

export interface TeamDraft {
  clinicId: string;
  name: string;
  members: MemberDraft[];
}

export type TeamProblem =
  | { kind: 'clinic' }
  | { kind: 'name' }
  | { kind: 'noMembers' }
  | { kind: 'memberName'; index: number }
  | { kind: 'noMedical' };

export const newMember = (role: TeamRole = 'doctor'): MemberDraft => ({ name: '', role, phone: '' });

export const emptyTeamDraft = (clinicId = ''): TeamDraft => ({ clinicId, name: '', members: [newMember()] });

export function teamDraftFrom(team: GridTeam): TeamDraft {
  return {
    clinicId: team.clinicId,
    name: team.name,
    members: (team.members ?? []).map((m) => ({ name: m.name, role: m.role, phone: m.phone ?? '' })),
  };
}

/** A row left wholly blank is not a member (the form starts with one). */
const isBlank = (m: MemberDraft) => m.name.trim() === '' && m.phone.trim() === '';

export const hasMedicalMember = (roles: readonly TeamRole[]): boolean => roles.some((r) => MEDICAL_TEAM_ROLES.includes(r));

/** What keeps the draft from being sent; empty when it may be. `index` counts the form's rows from 0. */
export function teamDraftProblems(draft: TeamDraft, needsClinic: boolean): TeamProblem[] {
  const problems: TeamProblem[] = [];
  if (needsClinic && !draft.clinicId) problems.push({ kind: 'clinic' });
  if (!draft.name.trim()) problems.push({ kind: 'name' });
  const members = draft.members.map((m, index) => ({ m, index })).filter(({ m }) => !isBlank(m));
  if (members.length === 0) {
    problems.push({ kind: 'noMembers' });
    return problems;
  }
  for (const { m, index } of members) if (!m.name.trim()) problems.push({ kind: 'memberName', index });
  if (!hasMedicalMember(members.map(({ m }) => m.role))) problems.push({ kind: 'noMedical' });
  return problems;
}

/** The request body: names and phones trimmed, blank rows and blank phones left out. */
export function toTeamInput(draft: TeamDraft, withClinic: boolean): TeamInput {
  return {
    ...(withClinic && draft.clinicId ? { clinicId: draft.clinicId } : {}),
    name: draft.name.trim(),
    members: draft.members
      .filter((m) => !isBlank(m))
      .map((m) => ({ name: m.name.trim(), role: m.role, ...(m.phone.trim() ? { phone: m.phone.trim() } : {}) })),
  };
}
