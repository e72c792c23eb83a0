import { useT } from '../i18n';
import { describeError } from '../logic/problem';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const { message, detail } = describeError(error, t);
  return (
    <div class="alert alert-danger d-flex flex-wrap align-items-center gap-3" role="alert">
      <div class="flex-grow-1">
        <div>{message}</div>
        {detail && <div class="small opacity-75 mt-1" lang="en">{detail}</div>}
      </div>
      {onRetry && (
        <button type="button" class="btn btn-outline-light btn-sm" onClick={onRetry}>
          {t.common.retry}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p class="text-body-secondary" role="status">
      <span class="spinner-border spinner-border-sm me-2" aria-hidden="true" />
      {t.common.loading}
    </p>
  );
}
