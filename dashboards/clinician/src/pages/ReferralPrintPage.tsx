import { getPatient, getReferral } from '../api/endpoints';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import { alarmKindName, formatDate, formatDateTime } from '../logic/format';

/** A one-page summary of a referral for the receiving hospital, to print (the FHIR bundle is the machine copy). */
export function ReferralPrintPage({ id }: { id: string }) {
  const t = useT();
  const referral = useAsync(() => getReferral(id), [id]);
  const patient = useAsync(async () => (referral.data ? await getPatient(referral.data.patientId) : undefined), [referral.data?.patientId]);
  const r = referral.data;
  const p = patient.data;
  return (
    <main id="main" tabIndex={-1} class="container py-3 referral-print">
      {referral.loading && <Loading />}
      {referral.error !== undefined && <ErrorAlert error={referral.error} onRetry={referral.reload} />}
      {r && (
        <>
          <div class="d-flex justify-content-between align-items-center">
            <h1 class="h3">{t.referral.printTitle}</h1>
            <button type="button" class="btn btn-outline-light d-print-none" onClick={() => window.print()}>
              {t.referral.printNow}
            </button>
          </div>
          <table class="table table-sm">
            <tbody>
              <tr>
                <th scope="row">{t.referral.patient}</th>
                <td>
                  {r.patientName}
                  {p && ` · ${t.sex[p.sex]} · ${formatDate(p.birthDate)} · ${t.tier.long[p.riskTier]}`}
                </td>
              </tr>
              {p && (
                <tr>
                  <th scope="row">{t.riskBasis.title}</th>
                  <td>{p.riskBasis.explanation}</td>
                </tr>
              )}
              <tr>
                <th scope="row">{t.referral.reason}</th>
                <td>{r.reason}</td>
              </tr>
              <tr>
                <th scope="row">{t.referral.triggeringAlarm}</th>
                <td>{r.alarmKind ? alarmKindName(r.alarmKind, t) : t.referral.noAlarm}</td>
              </tr>
              <tr>
                <th scope="row">{t.referral.destination}</th>
                <td>
                  {r.destination} · {t.referral.level[r.destinationLevel]}
                </td>
              </tr>
              <tr>
                <th scope="row">{t.referral.transport}</th>
                <td>{t.referral.transportName[r.transport]}</td>
              </tr>
              <tr>
                <th scope="row">{t.referral.owner}</th>
                <td>{r.ownerUsername}</td>
              </tr>
              <tr>
                <th scope="row">{t.referral.requestedAt}</th>
                <td>{formatDateTime(r.requestedAt)}</td>
              </tr>
            </tbody>
          </table>
          <h2 class="h5">{t.referral.timeline}</h2>
          <ol>
            {r.events.map((e, i) => (
              <li key={i}>
                {formatDateTime(e.at)} {t.referral.state[e.state]} ({e.by}){e.note ? `: ${e.note}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </main>
  );
}
