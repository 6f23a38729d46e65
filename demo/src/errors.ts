/**
 * The page's error panel. Everything that goes wrong is shown here, not only in the console: the
 * camera refusing (permission denied, no camera, busy), a value the camera rejects, a failed photo,
 * and also any uncaught error, unhandled rejection or console.error call on the page.
 */
import { byId, h } from './dom.js';

/** Where an error came from; the panel groups and the tests read it (`data-kind`). */
export type ErrorKind = 'camera' | 'control' | 'photo' | 'frames' | 'timing' | 'page';

export interface ErrorInfo {
  name: string;
  message: string;
  constraint?: string;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err === undefined || err === null) return { name: 'Error', message: `the promise was rejected with ${String(err)}` };
  if (typeof err !== 'object') return { name: 'Error', message: String(err) };
  const e = err as { name?: unknown; message?: unknown; constraint?: unknown };
  const info: ErrorInfo = { name: String(e.name ?? 'Error'), message: String(e.message ?? '') };
  if (typeof e.constraint === 'string' && e.constraint) info.constraint = e.constraint;
  return info;
}

/** "OverconstrainedError: … (constraint: zoom)". */
export function describeError(err: unknown): string {
  const { name, message, constraint } = errorInfo(err);
  const detail = constraint && !message.includes(constraint) ? ` (constraint: ${constraint})` : '';
  return `${name}${message ? `: ${message}` : ''}${detail}`;
}

const MAX_SHOWN = 6;

/** Shows an error; the same title and detail again only bumps a counter. */
export function showError(kind: ErrorKind, title: string, detail = ''): void {
  const panel = byId('errors');
  for (const alert of panel.querySelectorAll<HTMLElement>('.alert')) {
    if (alert.dataset.kind === kind && alert.dataset.title === title && alert.dataset.detail === detail) {
      const count = Number(alert.dataset.count ?? '1') + 1;
      alert.dataset.count = String(count);
      alert.querySelector('.alert-count')!.textContent = `×${count}`;
      return;
    }
  }
  const dismiss = h('button', { type: 'button', class: 'alert-dismiss', 'aria-label': 'Dismiss' }, '×');
  const alert = h(
    'div',
    { class: 'alert', role: 'alert', 'data-kind': kind, 'data-title': title, 'data-detail': detail },
    h('div', { class: 'alert-text' }, h('strong', {}, title), detail && h('span', { class: 'alert-detail' }, detail)),
    h('span', { class: 'alert-count' }),
    dismiss,
  );
  dismiss.addEventListener('click', () => alert.remove());
  panel.prepend(alert);
  const alerts = panel.querySelectorAll('.alert');
  for (let i = MAX_SHOWN; i < alerts.length; i++) alerts[i]!.remove();
}

/** Removes the errors of one kind (a camera that opened makes its earlier failure moot). */
export function clearErrors(kind: ErrorKind): void {
  for (const alert of byId('errors').querySelectorAll<HTMLElement>(`.alert[data-kind="${kind}"]`)) alert.remove();
}

/** Puts uncaught errors, unhandled rejections and console.error calls in the panel too. */
export function capturePageErrors(): void {
  addEventListener('error', (event) => showError('page', 'Uncaught error', event.message));
  addEventListener('unhandledrejection', (event) => showError('page', 'Unhandled rejection', describeError(event.reason)));
  const consoleError = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    showError('page', 'Console error', args.map((a) => (a instanceof Error ? describeError(a) : String(a))).join(' '));
    consoleError(...args);
  };
}
