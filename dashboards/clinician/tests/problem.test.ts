import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en';
import { zhCN } from '../src/i18n/zh-CN';
import { ApiError, describeError, fieldLabel } from '../src/logic/problem';

describe('error messages', () => {
  it('names the invalid fields in the user language', () => {
    const error = new ApiError(400, { title: 'One or more validation errors occurred.', errors: { birthDate: ['must be in the past.'], name: ['is required.'] } });
    expect(describeError(error, zhCN).message).toBe('请检查：出生日期、姓名');
    expect(describeError(error, en).message).toBe('Please check: date of birth, name');
    expect(describeError(error, en).detail).toContain('must be in the past.');
  });

  it('reads nested and JSON-path field names', () => {
    expect(fieldLabel('pregnancy.gestationalWeek', zhCN)).toBe('妊娠信息');
    expect(fieldLabel('$.birthDate', en)).toBe('date of birth');
    expect(fieldLabel('Categories[1]', en)).toBe('key populations');
    expect(fieldLabel('somethingElse', en)).toBe('somethingElse');
  });

  it.each([
    [0, '无法连接服务器，请检查网络后重试。'],
    [403, '您没有执行此操作的权限。'],
    [404, '未找到该页面或记录。'],
    [409, '数据已被他人修改或状态不允许此操作，请刷新后重试。'],
    [503, '服务器错误（503），请稍后重试。'],
  ])('status %i', (status, message) => {
    expect(describeError(new ApiError(status), zhCN).message).toBe(message);
  });

  it('treats anything else as a network failure', () => {
    expect(describeError(new TypeError('fetch failed'), en).message).toBe(en.common.offline);
  });
});
