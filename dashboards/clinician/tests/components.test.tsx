// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmGroupRow } from '../src/components/AlarmGroupRow';
import { TierBadge } from '../src/components/Badges';
import { ContactDialog } from '../src/components/ContactDialog';
import { ApiError } from '../src/logic/problem';
import { setLang } from '../src/i18n';
import { alarm, T0 } from './fixtures';
import { NO_PATIENT, type Alarm, type Tier } from '../src/api/types';

let host: HTMLElement;

beforeEach(() => {
  host = document.createElement('div');
  document.body.appendChild(host);
  setLang('zh-CN');
});
afterEach(() => {
  render(null, host);
  host.remove();
});

describe('TierBadge', () => {
  it('shows the tier as text, not only as colour', () => {
    render(<TierBadge tier="red" />, host);
    expect(host.textContent).toContain('红');
    expect(host.textContent).toContain('高风险');
    expect(host.querySelector('.tier-red')).not.toBeNull();
  });
});

describe('AlarmGroupRow', () => {
  const noop = async () => {};
  // One alarm in its patient's row, as the wall shows it.
  const AlarmRow = ({ alarm: a, ...rest }: { alarm: Alarm; patientName: string; tier: Tier | undefined; now: number; onAcknowledge: (a: Alarm) => Promise<void>; onResolve: (a: Alarm) => void }) => (
    <AlarmGroupRow patientId={a.patientId} alarms={[a]} {...rest} />
  );

  it('shows patient, tier, kind in words, value against threshold and time since raised', () => {
    const a = alarm({ id: 'a1', value: 91, threshold: 93, raisedAt: new Date(T0).toISOString() });
    render(<AlarmRow alarm={a} patientName="李四" tier="yellow" now={T0 + 12 * 60_000} onAcknowledge={noop} onResolve={() => {}} />, host);
    const text = host.textContent ?? '';
    expect(text).toContain('李四');
    expect(text).toContain('黄');
    expect(text).toContain('血氧饱和度低');
    expect(text).toContain('91%，低于 93%');
    expect(text).toContain('已 12 分钟');
    expect(host.querySelector('[data-priority="high"]')).not.toBeNull();
  });

  it('shows the state of the referral started from an alarm, in both languages, linking to the patient\'s referral panel', () => {
    const referral = { id: 'r1', state: 'departed' as const, destinationLevel: 'designated' as const, open: true, stateSince: new Date(T0).toISOString() };
    const a = alarm({ id: 'a1', patientId: 'p1', referral });
    render(<AlarmRow alarm={a} patientName="李四" tier="red" now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    // On the alarm's own line, instead of the row's plain 转诊 link.
    expect(host.querySelector('a.agroup-refer')).toBeNull();
    const link = host.querySelector<HTMLAnchorElement>('li.aline[data-alarm-id="a1"] a.mark-referral');
    expect(link?.textContent).toBe('转诊·已出发');
    expect(link?.dataset.referralState).toBe('departed');
    expect(link?.getAttribute('aria-label')).toBe('李四的转诊：已出发（打开转诊）');
    expect(link?.getAttribute('href')).toBe('#/patients/p1?panel=referral');
    setLang('en');
    render(<AlarmRow alarm={a} patientName="Li Si" tier="red" now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect(host.querySelector('a.mark-referral')?.textContent).toBe('Referral: Departed');
  });

  it('offers to start a referral from a high-priority alarm that has none', () => {
    render(<AlarmRow alarm={alarm({ id: 'a1', patientId: 'p1' })} patientName="李四" tier="red" now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    const link = host.querySelector<HTMLAnchorElement>('a.agroup-refer');
    expect(link?.textContent).toBe('转诊');
    expect(link?.dataset.referralState).toBeUndefined();
  });

  it('shows the hub\'s own data-loss alarm as the monitoring system with the count lost, without a patient link', () => {
    const a = alarm({ id: 'op', kind: 'ingest_data_lost', patientId: NO_PATIENT, clinicId: NO_PATIENT, value: 342, threshold: null });
    render(<AlarmRow alarm={a} patientName="?" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    const text = host.textContent ?? '';
    expect(text).toContain('监测系统');
    expect(text).toContain('监测数据丢失');
    expect(text).toContain('已丢失 342 条消息或读数');
    expect(host.querySelector('a.alarm-patient')).toBeNull();
    setLang('en');
    render(<AlarmRow alarm={a} patientName="?" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect(host.textContent).toContain('Monitoring system');
    expect(host.textContent).toContain('342 messages or readings lost');
  });

  it('offers acknowledge only while active, resolve always', () => {
    render(<AlarmRow alarm={alarm({ id: 'a' })} patientName="李四" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect([...host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['确认', '解除']);
    render(
      <AlarmRow
        alarm={alarm({ id: 'a', state: 'acknowledged', acknowledgedBy: '王护士', acknowledgedAt: new Date(T0).toISOString() })}
        patientName="李四"
        tier={undefined}
        now={T0 + 5 * 60_000}
        onAcknowledge={noop}
        onResolve={() => {}}
      />,
      host,
    );
    expect([...host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['解除']);
    expect(host.textContent).toContain('王护士 已确认（5 分钟前）');
  });

  it('marks late, escalated and condition-cleared alarms in words', () => {
    render(
      <AlarmRow alarm={alarm({ id: 'a', late: true, escalated: true, conditionCleared: true })} patientName="x" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />,
      host,
    );
    const text = host.textContent ?? '';
    expect(text).toContain('迟到数据');
    expect(text).toContain('已升级');
    expect(text).toContain('指标已恢复');
  });

  it('offers a referral from a high-priority patient alarm only (001 二(二)2(1): 尽快转诊)', () => {
    render(<AlarmRow alarm={alarm({ id: 'a', priority: 'high' })} patientName="李四" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect(host.querySelector('a[aria-label="为李四发起转诊"]')).not.toBeNull();
    render(<AlarmRow alarm={alarm({ id: 'b', priority: 'medium' })} patientName="李四" tier={undefined} now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect(host.querySelector('a[aria-label="为李四发起转诊"]')).toBeNull();
  });

  it('switches language', () => {
    setLang('en');
    render(<AlarmRow alarm={alarm({ id: 'a', value: 91, threshold: 93 })} patientName="Li" tier="green" now={T0} onAcknowledge={noop} onResolve={() => {}} />, host);
    expect(host.textContent).toContain('Low SpO₂');
    expect(host.textContent).toContain('Acknowledge');
  });
});

describe('ContactDialog', () => {
  const submitButton = () => [...host.querySelectorAll('button')].find((b) => b.type === 'submit')!;
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };

  it('completes a follow-up only with a channel and an outcome, and sends them', async () => {
    const sent: unknown[] = [];
    let closed = 0;
    render(
      <ContactDialog mode="followUp" open subject="张三" onSubmit={async (b) => void sent.push(b)} onClose={() => closed++} />,
      host,
    );
    submitButton().click();
    await settle();
    expect(sent).toEqual([]);
    expect(host.textContent).toContain('请选择联系方式');
    expect(host.textContent).toContain('请填写随访结果');

    (host.querySelector('input[value="wechat"]') as HTMLInputElement).click();
    await settle();
    type(host.querySelector('#contact-followUp-outcome') as HTMLInputElement, ' 体温正常 ');
    await settle();
    submitButton().click();
    await settle();
    expect(sent).toEqual([{ channel: 'wechat', outcome: '体温正常' }]);
    expect(closed).toBe(1);
  });

  it('records a contact without an outcome field', () => {
    render(<ContactDialog mode="contact" open subject="李四" onSubmit={async () => {}} onClose={() => {}} />, host);
    expect(host.querySelector('#contact-contact-outcome')).toBeNull();
    expect(host.querySelectorAll('input[type="radio"]')).toHaveLength(4);
  });

  it('shows the hub refusing (a colleague completed it first) and stays open', async () => {
    let closed = 0;
    render(
      <ContactDialog
        mode="followUp"
        open
        subject="张三"
        onSubmit={async () => {
          throw new ApiError(409);
        }}
        onClose={() => closed++}
      />,
      host,
    );
    (host.querySelector('input[value="phone"]') as HTMLInputElement).click();
    await settle();
    type(host.querySelector('#contact-followUp-outcome') as HTMLInputElement, '好转');
    await settle();
    submitButton().click();
    await settle();
    await settle();
    expect(host.querySelector('[role="alert"]')?.textContent).toContain('数据已被他人修改');
    expect(closed).toBe(0);
  });
});
