import { signal } from '@preact/signals';
import type { Route } from '../logic/route';
import { href, parseRoute } from '../logic/route';

export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function startRouter(): void {
  window.addEventListener('hashchange', () => {
    route.value = parseRoute(location.hash);
    // A new page: move focus to its heading region so screen readers and keyboards start there.
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
}

export function navigate(to: Route, replace = false): void {
  const target = href(to);
  if (replace) {
    history.replaceState(null, '', target);
    route.value = parseRoute(target);
  } else if (location.hash !== target) {
    location.hash = target;
  } else {
    route.value = parseRoute(target);
  }
}
