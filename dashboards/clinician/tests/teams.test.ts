import { describe, expect, it } from 'vitest';
import { emptyTeamDraft, hasMedicalMember, teamDraftFrom, teamDraftProblems, toTeamInput } from '../src/logic/teams';

describe('the grid-team form (004 §7)', () => {
  it('asks for a name, a member and a doctor or nurse among the members', () => {
    expect(teamDraftProblems(emptyTeamDraft('c1'), false)).toEqual([{ kind: 'name' }, { kind: 'noMembers' }]);
    const volunteersOnly = { clinicId: 'c1', name: ' 东片 ', members: [{ name: '王', role: 'volunteer' as const, phone: '' }, { name: '赵', role: 'community_worker' as const, phone: '' }] };
    expect(teamDraftProblems(volunteersOnly, false)).toEqual([{ kind: 'noMedical' }]);
    expect(teamDraftProblems({ ...volunteersOnly, members: [...volunteersOnly.members, { name: '李', role: 'nurse', phone: '' }] }, false)).toEqual([]);
  });

  it('names the row of a member without a name, and ignores a row left wholly blank', () => {
    const draft = {
      clinicId: 'c1',
      name: '一组',
      members: [
        { name: '张医生', role: 'doctor' as const, phone: '' },
        { name: ' ', role: 'volunteer' as const, phone: '13800000000' },
        { name: '', role: 'nurse' as const, phone: '' },
      ],
    };
    expect(teamDraftProblems(draft, false)).toEqual([{ kind: 'memberName', index: 1 }]);
    // The blank nurse row does not count as the medical member.
    expect(teamDraftProblems({ ...draft, members: [draft.members[2]!, { name: '王', role: 'volunteer', phone: '' }] }, false)).toEqual([{ kind: 'noMedical' }]);
  });

  it('asks an administrator for the clinic of a new team', () => {
    const draft = { clinicId: '', name: '一组', members: [{ name: '张', role: 'doctor' as const, phone: '' }] };
    expect(teamDraftProblems(draft, true)).toEqual([{ kind: 'clinic' }]);
    expect(teamDraftProblems(draft, false)).toEqual([]);
  });

  it('sends trimmed names, no blank rows or phones, and the clinic only when asked', () => {
    const draft = {
      clinicId: 'c1',
      name: ' 一组 ',
      members: [
        { name: ' 张医生 ', role: 'doctor' as const, phone: ' 138 ' },
        { name: '王', role: 'volunteer' as const, phone: '  ' },
        { name: '', role: 'nurse' as const, phone: '' },
      ],
    };
    expect(toTeamInput(draft, false)).toEqual({ name: '一组', members: [{ name: '张医生', role: 'doctor', phone: '138' }, { name: '王', role: 'volunteer' }] });
    expect(toTeamInput(draft, true).clinicId).toBe('c1');
  });

  it('edits a team from what the hub answered', () => {
    const draft = teamDraftFrom({ id: 't', clinicId: 'c1', name: '东片', patients: 2, members: [{ name: '李', role: 'nurse', phone: null }] });
    expect(draft).toEqual({ clinicId: 'c1', name: '东片', members: [{ name: '李', role: 'nurse', phone: '' }] });
    expect(hasMedicalMember(draft.members.map((m) => m.role))).toBe(true);
    expect(hasMedicalMember(['volunteer', 'other'])).toBe(false);
  });
});
