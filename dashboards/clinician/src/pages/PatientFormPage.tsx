import { useEffect, useState } from 'preact/hooks';
import { createPatient, getPatient, listClinics, updatePatient } from '../api/endpoints';
import type { Category, Patient, PatientInput, PregnancyRisk, Sex, UnderlyingDisease, Vaccination } from '../api/types';
import { AGE_DERIVED_CATEGORIES, CATEGORIES, DISEASES, PREGNANCY_RISKS, SEXES, VACCINATIONS } from '../api/types';
import { me } from '../auth/session';
import { TierBadge } from '../components/Badges';
import { ErrorAlert, Loading } from '../components/ErrorAlert';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n';
import { href } from '../logic/route';
import { RiskBasisView } from './PatientPage';

const EDITABLE_CATEGORIES = CATEGORIES.filter((c) => !AGE_DERIVED_CATEGORIES.includes(c));

interface FormState {
  clinicId: string;
  name: string;
  birthDate: string;
  sex: Sex;
  underlyingDisease: UnderlyingDisease;
  vaccination: Vaccination;
  categories: Category[];
  pregnancyRisk: PregnancyRisk;
  gestationalWeek: string;
  urgentNeed: boolean;
  gridTeam: string;
}

function fromPatient(p: Patient): FormState {
  return {
    clinicId: p.clinicId,
    name: p.name,
    birthDate: p.birthDate,
    sex: p.sex,
    underlyingDisease: p.underlyingDisease,
    vaccination: p.vaccination,
    categories: p.categories.filter((c): c is Category => EDITABLE_CATEGORIES.some((e) => e === c)),
    pregnancyRisk: p.pregnancy?.risk ?? 'green',
    gestationalWeek: p.pregnancy?.gestationalWeek != null ? String(p.pregnancy.gestationalWeek) : '',
    urgentNeed: p.urgentNeed ?? false,
    gridTeam: p.gridTeam ?? '',
  };
}

function toInput(f: FormState): PatientInput {
  const pregnant = f.categories.includes('pregnant') || f.categories.includes('postpartum');
  const week = f.gestationalWeek.trim() === '' ? undefined : Number(f.gestationalWeek);
  return {
    clinicId: f.clinicId,
    name: f.name.trim(),
    birthDate: f.birthDate,
    sex: f.sex,
    underlyingDisease: f.underlyingDisease,
    vaccination: f.vaccination,
    categories: f.categories,
    pregnancy: pregnant ? { risk: f.pregnancyRisk, ...(week !== undefined && f.categories.includes('pregnant') ? { gestationalWeek: week } : {}) } : null,
    urgentNeed: f.urgentNeed,
    gridTeam: f.gridTeam.trim() || null,
  };
}

/** Register or edit a patient. The tier is never computed here: the hub's answer shows it (with its basis). */
export function PatientFormPage({ id }: { id?: string | undefined }) {
  const t = useT();
  const existing = useAsync(() => (id ? getPatient(id) : Promise.resolve(undefined)), [id]);
  const clinics = useAsync(() => (me.value?.role === 'admin' ? listClinics() : Promise.resolve([])), [me.value?.role]);
  const [form, setForm] = useState<FormState | null>(null);
  const [saved, setSaved] = useState<Patient | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (id && existing.data) setForm(fromPatient(existing.data));
    else if (!id)
      setForm({
        clinicId: me.value?.clinicId ?? '',
        name: '',
        birthDate: '',
        sex: 'female',
        underlyingDisease: 'none',
        vaccination: 'full',
        categories: [],
        pregnancyRisk: 'green',
        gestationalWeek: '',
        urgentNeed: false,
        gridTeam: '',
      });
  }, [id, existing.data]);

  if (id && existing.loading) return <main id="main" class="container page" tabIndex={-1}><Loading /></main>;
  if (id && existing.error !== undefined) return <main id="main" class="container page" tabIndex={-1}><ErrorAlert error={existing.error} onRetry={existing.reload} /></main>;
  if (!form) return null;

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm({ ...form, [key]: value });
  const toggle = (c: Category, on: boolean) => set('categories', on ? [...form.categories, c] : form.categories.filter((x) => x !== c));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const input = toInput(form);
      setSaved(id ? await updatePatient(id, input) : await createPatient(input));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (saved) {
    return (
      <main id="main" class="container page" tabIndex={-1}>
        <div class="card">
          <div class="card-body" role="status">
            <p class="fs-5">{t.patientForm.savedTier(saved.name)}</p>
            <p>
              <TierBadge tier={saved.riskTier} long />
            </p>
            <RiskBasisView patient={saved} />
            <div class="d-flex gap-2 mt-4">
              <a class="btn btn-primary" href={href({ name: 'patient', id: saved.id })}>
                {t.patientForm.openPatient}
              </a>
              {!id && (
                <button
                  type="button"
                  class="btn btn-outline-light"
                  onClick={() => {
                    setSaved(null);
                    setForm({ ...form, name: '', birthDate: '', categories: [], gestationalWeek: '', gridTeam: '', urgentNeed: false });
                  }}
                >
                  {t.patientForm.registerAnother}
                </button>
              )}
            </div>
          </div>
        </div>
      </main>
    );
  }

  const showPregnancy = form.categories.includes('pregnant') || form.categories.includes('postpartum');
  return (
    <main id="main" class="container page" tabIndex={-1}>
      <h1 class="h2 mb-3">{id ? t.patientForm.titleEdit : t.patientForm.titleNew}</h1>
      <p class="text-body-secondary">{t.patientForm.tierNote}</p>
      <form class="card" onSubmit={submit}>
        <div class="card-body row g-3">
          {me.value?.role === 'admin' && (
            <div class="col-md-6">
              <label class="form-label" for="pf-clinic">
                {t.patientForm.clinic}
              </label>
              <select id="pf-clinic" class="form-select" required value={form.clinicId} onChange={(e) => set('clinicId', e.currentTarget.value)}>
                <option value="" />
                {(clinics.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="col-md-6">
            <label class="form-label" for="pf-name">
              {t.patientForm.name}
            </label>
            <input id="pf-name" class="form-control" required maxLength={200} value={form.name} onInput={(e) => set('name', e.currentTarget.value)} />
          </div>
          <div class="col-md-3">
            <label class="form-label" for="pf-birth">
              {t.patientForm.birthDate}
            </label>
            <input id="pf-birth" type="date" class="form-control" required value={form.birthDate} onInput={(e) => set('birthDate', e.currentTarget.value)} />
          </div>
          <fieldset class="col-md-3">
            <legend class="form-label fs-6">{t.sex.label}</legend>
            {SEXES.map((s) => (
              <div key={s} class="form-check form-check-inline">
                <input class="form-check-input" type="radio" name="sex" id={`pf-sex-${s}`} checked={form.sex === s} onChange={() => set('sex', s)} />
                <label class="form-check-label" for={`pf-sex-${s}`}>
                  {t.sex[s]}
                </label>
              </div>
            ))}
          </fieldset>
          <div class="col-md-6">
            <label class="form-label" for="pf-disease">
              {t.disease.label}
            </label>
            <select id="pf-disease" class="form-select" value={form.underlyingDisease} onChange={(e) => set('underlyingDisease', e.currentTarget.value as UnderlyingDisease)}>
              {DISEASES.map((d) => (
                <option key={d} value={d}>
                  {t.disease[d]}
                </option>
              ))}
            </select>
          </div>
          <div class="col-md-6">
            <label class="form-label" for="pf-vacc">
              {t.vaccination.label}
            </label>
            <select id="pf-vacc" class="form-select" value={form.vaccination} onChange={(e) => set('vaccination', e.currentTarget.value as Vaccination)}>
              {VACCINATIONS.map((v) => (
                <option key={v} value={v}>
                  {t.vaccination[v]}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="col-12">
            <legend class="form-label fs-6">{t.category.label}</legend>
            <div class="form-text mb-2">{t.patientForm.categoriesHint}</div>
            {EDITABLE_CATEGORIES.map((c) => (
              <div key={c} class="form-check form-check-inline">
                <input class="form-check-input" type="checkbox" id={`pf-cat-${c}`} checked={form.categories.includes(c)} onChange={(e) => toggle(c, e.currentTarget.checked)} />
                <label class="form-check-label" for={`pf-cat-${c}`}>
                  {t.category[c]}
                </label>
              </div>
            ))}
          </fieldset>
          {showPregnancy && (
            <>
              <div class="col-md-6">
                <label class="form-label" for="pf-preg-risk">
                  {t.pregnancyRisk.label}
                </label>
                <select id="pf-preg-risk" class="form-select" value={form.pregnancyRisk} onChange={(e) => set('pregnancyRisk', e.currentTarget.value as PregnancyRisk)}>
                  {PREGNANCY_RISKS.map((r) => (
                    <option key={r} value={r}>
                      {t.pregnancyRisk[r]}
                    </option>
                  ))}
                </select>
              </div>
              {form.categories.includes('pregnant') && (
                <div class="col-md-3">
                  <label class="form-label" for="pf-preg-week">
                    {t.patientForm.pregnancyWeek}
                  </label>
                  <input id="pf-preg-week" type="number" min={0} max={45} class="form-control" value={form.gestationalWeek} onInput={(e) => set('gestationalWeek', e.currentTarget.value)} />
                </div>
              )}
            </>
          )}
          <div class="col-md-6">
            <label class="form-label" for="pf-grid">
              {t.patientForm.gridTeam}
            </label>
            <input id="pf-grid" class="form-control" maxLength={100} value={form.gridTeam} onInput={(e) => set('gridTeam', e.currentTarget.value)} />
          </div>
          <div class="col-md-6">
            <div class="form-check mt-md-4">
              <input class="form-check-input" type="checkbox" id="pf-urgent" checked={form.urgentNeed} onChange={(e) => set('urgentNeed', e.currentTarget.checked)} aria-describedby="pf-urgent-help" />
              <label class="form-check-label" for="pf-urgent">
                {t.patientForm.urgentNeed}
              </label>
              <div id="pf-urgent-help" class="form-text">
                {t.patientForm.urgentNeedHint}
              </div>
            </div>
          </div>
          <div class="col-12">
            {error !== undefined && <ErrorAlert error={error} />}
            <button type="submit" class="btn btn-primary btn-lg" disabled={busy}>
              {busy ? t.common.saving : t.common.save}
            </button>
          </div>
        </div>
      </form>
    </main>
  );
}
