import { listReferrals } from '../api/endpoints';
import { TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import { formatDateTime } from '../logic/format';
import { href } from '../logic/route';

/** Open referrals of the user's clinic(s), oldest state first: who is waiting longest for the next step. */
export function ReferralsPage() {
  const t = useT();
  const referrals = useAsync(() => listReferrals({ state: 'open' }), []);
  const rows = [...(referrals.data ?? [])].sort((a, b) => a.stateSince.localeCompare(b.stateSince));
  return (
    <main id="main" tabIndex={-1} class="container-fluid py-3">
      <h1 class="h3">{t.referral.listTitle}</h1>
      {referrals.loading && <Loading />}
      {referrals.error !== undefined && <ErrorAlert error={referrals.error} onRetry={referrals.reload} />}
      {referrals.data && rows.length === 0 && <p class="text-body-secondary">{t.referral.noneOpen}</p>}
      {rows.length > 0 && (
        <div class="table-responsive">
          <table class="table table-sm align-middle">
            <thead>
              <tr>
                <th scope="col">{t.referral.patient}</th>
                <th scope="col">{t.referral.stateColumn}</th>
                <th scope="col">{t.referral.destination}</th>
                <th scope="col">{t.referral.transport}</th>
                <th scope="col">{t.referral.since}</th>
                <th scope="col">{t.referral.owner}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-referral-id={r.id}>
                  <td>
                    <TierBadge tier={r.patientTier} /> <a href={href({ name: 'patient', id: r.patientId })}>{r.patientName}</a>
                  </td>
                  <td>{t.referral.state[r.state]}</td>
                  <td>
                    {r.destination}
                    <div class="small text-body-secondary">{t.referral.level[r.destinationLevel]}</div>
                  </td>
                  <td>{t.referral.transportName[r.transport]}</td>
                  <td>{formatDateTime(r.stateSince)}</td>
                  <td>{r.ownerUsername}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
