import { useT } from '../i18n';
import { href } from '../logic/route';

export function NotFoundPage() {
  const t = useT();
  return (
    <main id="main" class="container page" tabIndex={-1}>
      <p class="fs-4">{t.common.notFound}</p>
      <a class="btn btn-primary" href={href({ name: 'wall' })}>
        {t.common.goHome}
      </a>
    </main>
  );
}
