import type { Problem } from '../api/types';
import type { FieldName, Messages } from '../i18n/messages';
import { FIELD_NAMES } from '../i18n/messages';

/** An API failure: `status` 0 when the hub could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** Seconds from a Retry-After header (423 locked account, 503). */
  readonly retryAfter: number | undefined;

  constructor(status: number, problem?: Problem, retryAfter?: number) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** "pregnancy.gestationalWeek", "$.birthDate", "Categories[1]" → the field's translated name. */
export function fieldLabel(key: string, t: Messages): string {
  const head = key.replace(/^\$\.?/, '').split(/[.[]/)[0] ?? key;
  const camel = head.charAt(0).toLowerCase() + head.slice(1);
  const known = FIELD_NAMES.find((f): f is FieldName => f === camel);
  return known ? t.fields[known] : head;
}

/** Translated message for an error; the server's own text (English) stays in `detail` for support. */
export function describeError(error: unknown, t: Messages): { message: string; detail?: string } {
  if (!(error instanceof ApiError)) return { message: t.common.offline };
  const p = error.problem;
  const serverText = [p?.detail, ...Object.values(p?.errors ?? {}).flat()].filter(Boolean).join(' ');
  const detail = serverText ? { detail: serverText } : {};
  switch (true) {
    case error.status === 0:
      return { message: t.common.offline };
    case error.status === 400 || error.status === 422: {
      const keys = Object.keys(p?.errors ?? {});
      return keys.length > 0
        ? { message: t.common.checkFields([...new Set(keys.map((k) => fieldLabel(k, t)))].join(t.common.listSeparator)), ...detail }
        : { message: t.common.checkFields(t.common.unknown), ...detail };
    }
    case error.status === 403:
      return { message: t.common.forbidden, ...detail };
    case error.status === 404:
      return { message: t.common.notFound, ...detail };
    case error.status === 409:
      return { message: t.common.conflict, ...detail };
    default:
      return { message: t.common.serverError(error.status), ...detail };
  }
}
