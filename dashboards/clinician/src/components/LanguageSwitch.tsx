import { lang, setLang, useT, MESSAGES } from '../i18n';
import { LANGS } from '../i18n/messages';

export function LanguageSwitch() {
  const t = useT();
  return (
    <div class="btn-group btn-group-sm" role="group" aria-label={t.app.language}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          class={`btn ${lang.value === l ? 'btn-light' : 'btn-outline-light'}`}
          aria-pressed={lang.value === l}
          onClick={() => setLang(l)}
        >
          {MESSAGES[l].langName}
        </button>
      ))}
    </div>
  );
}
