/**
 * The debug panel: with `debug`, a small box in the element's shadow root that shows whether
 * FullStory runs and what happened to the last calls, so a site owner can see it work without
 * devtools.
 *
 * This module is only ever imported dynamically, by an element that has `debug`: pages without it
 * download, parse and run none of it. It builds its DOM with plain DOM APIs (no template library,
 * no `innerHTML`, so Trusted Types and the bundle budget are both unaffected) and styles it with a
 * constructed stylesheet, which a strict `style-src` does not block.
 *
 * It shows only what SPEC §5 allows in the DOM: status, org, the session link, counts, call types,
 * FullStory operation names, reasons and repair notes (property paths, never values).
 */
import type {Stats} from '../forward/pipeline.js';
import type {PanelEntry} from './recent.js';

export type {PanelEntry};

/** What the panel shows, read from the element each time it renders. */
export interface PanelState {
  status: string;
  reason?: string;
  org?: string;
  sessionUrl?: string;
  stats: Stats;
  /** Oldest first, at most `RECENT_LIMIT` (debug/recent.ts). */
  recent: readonly PanelEntry[];
}

export interface DebugPanel {
  /** Something changed: render again (once, however many times this is called in one task). */
  invalidate(): void;
  /** Take the panel and its styles out of the shadow root. */
  remove(): void;
}

// Colours meet WCAG AA contrast on the panel's dark background.
const STYLES = `
:host {
  display: block;
}
.panel {
  position: fixed;
  inset-block-end: 12px;
  inset-inline-end: 12px;
  z-index: 2147483000;
  max-width: min(24rem, calc(100vw - 24px));
  max-height: calc(100vh - 24px);
  overflow: auto;
  box-sizing: border-box;
  color: #f4f6fa;
  background: #1d2230;
  border: 1px solid #4a5268;
  border-radius: 8px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  font: 12px/1.45 ui-sans-serif, system-ui, sans-serif;
  text-align: start;
}
button {
  display: flex;
  align-items: center;
  gap: 0.5em;
  width: 100%;
  padding: 6px 10px;
  color: inherit;
  background: none;
  border: 0;
  border-radius: 8px;
  font: inherit;
  cursor: pointer;
}
button:focus-visible,
a:focus-visible {
  outline: 2px solid #ffd166;
  outline-offset: 2px;
}
.dot {
  width: 8px;
  height: 8px;
  border-radius: 50%;
  background: #aab2c5;
  flex: none;
}
[data-status='ready'] .dot {
  background: #3ddc84;
}
[data-status='loading'] .dot {
  background: #ffd166;
}
[data-status='blocked'] .dot,
[data-status='error'] .dot {
  background: #ff6b6b;
}
.details {
  padding: 0 10px 8px;
  border-top: 1px solid #4a5268;
}
dl {
  display: grid;
  grid-template-columns: auto 1fr;
  gap: 2px 12px;
  margin: 8px 0;
}
dt {
  color: #c3cad9;
}
dd {
  margin: 0;
  overflow-wrap: anywhere;
}
a {
  color: #9fd3ff;
}
p {
  margin: 8px 0 4px;
  color: #c3cad9;
}
ol {
  margin: 0;
  padding-inline-start: 1.4em;
}
li {
  overflow-wrap: anywhere;
}
.dropped {
  color: #ffb3b3;
}
.repaired {
  color: #ffe2a0;
}
`;

let sharedSheet: CSSStyleSheet | undefined;
function styleSheet(): CSSStyleSheet | undefined {
  if (!sharedSheet && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(STYLES);
  }
  return sharedSheet;
}

/** Only web links: a session URL comes from whatever `FS` the page has, and must not become a `javascript:` link. */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function describeEntry(entry: PanelEntry): {text: string; kind: 'forwarded' | 'repaired' | 'dropped'} {
  const reason = entry.reason ?? 'dropped';
  const repairs = entry.repairs?.length ? ` — ${entry.repairs.join('; ')}` : '';
  if (entry.op && reason === 'repaired')
    return {text: `${entry.call} → ${entry.op}, repaired${repairs}`, kind: 'repaired'};
  if (entry.op) return {text: `${entry.call} → ${entry.op}`, kind: 'forwarded'};
  return reason === 'repaired'
    ? {text: `${entry.call}: repaired${repairs}`, kind: 'repaired'}
    : {text: `${entry.call}: dropped (${reason})${repairs}`, kind: 'dropped'};
}

let panelCount = 0;

/** The panel's nodes: the ones `render` writes into, and the ones the toggle drives. */
interface PanelNodes {
  panel: HTMLElement;
  toggle: HTMLButtonElement;
  details: HTMLElement;
  summary: HTMLElement;
  status: HTMLElement;
  org: HTMLElement;
  session: HTMLElement;
  counts: Record<keyof Stats, HTMLElement>;
  recent: HTMLElement;
}

const COUNTS: (keyof Stats)[] = ['forwarded', 'dropped', 'repaired', 'queued'];

/** The panel's DOM: a toggle button and, behind it, a definition list and the recent calls. */
function buildPanel(id: string): PanelNodes {
  const summary = element('span');
  const dot = element('span', {className: 'dot'});
  dot.setAttribute('aria-hidden', 'true');
  const toggle = element('button', {type: 'button'}, dot, summary);
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', id);
  const [status, org, session] = [element('dd'), element('dd'), element('dd')];
  const counts = Object.fromEntries(COUNTS.map(key => [key, element('dd')])) as PanelNodes['counts'];
  const recentLabel = element('p', {id: `${id}-recent`}, 'Last calls');
  const recent = element('ol');
  recent.setAttribute('aria-labelledby', recentLabel.id);
  const rows = [
    element('dt', {}, 'Status'),
    status,
    element('dt', {}, 'Org'),
    org,
    element('dt', {}, 'Session'),
    session,
    ...COUNTS.flatMap(key => [element('dt', {}, key[0].toUpperCase() + key.slice(1)), counts[key]]),
  ];
  const details = element(
    'div',
    {id, className: 'details', hidden: true},
    element('dl', {}, ...rows),
    recentLabel,
    recent,
  );
  // `fs-exclude`: FullStory leaves this box out of its recordings; it is a tool, not the site.
  const panel = element('section', {className: 'panel fs-exclude'}, toggle, details);
  panel.setAttribute('aria-label', 'rudder-fullstory debug');
  panel.setAttribute('part', 'debug-panel');
  return {panel, toggle, details, summary, status, org, session, counts, recent};
}

/** Write `state` into the panel's nodes. */
function renderPanel(nodes: PanelNodes, state: PanelState): void {
  nodes.panel.dataset.status = state.status;
  const {forwarded, dropped} = state.stats;
  nodes.summary.textContent = `FullStory ${state.status} · ${forwarded} sent · ${dropped} dropped`;
  nodes.status.textContent = state.reason ? `${state.status} (${state.reason})` : state.status;
  nodes.org.textContent = state.org || '—';
  const link = safeLink(state.sessionUrl);
  nodes.session.replaceChildren(
    link ? element('a', {href: link, target: '_blank', rel: 'noopener noreferrer'}, 'Open the session replay') : '—',
  );
  for (const key of COUNTS) nodes.counts[key].textContent = String(state.stats[key]);
  const items = state.recent.map(entry => {
    const {text, kind} = describeEntry(entry);
    return element('li', {className: kind}, text);
  });
  nodes.recent.replaceChildren(...(items.length ? items : [element('li', {}, 'none yet')]));
}

/** Build the panel inside `root` and keep it in line with `read()`. */
export function createDebugPanel(root: ShadowRoot, read: () => PanelState): DebugPanel {
  const sheet = styleSheet();
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const nodes = buildPanel(`rfs-debug-${++panelCount}`);
  const {panel, toggle, details} = nodes;
  const setExpanded = (expanded: boolean) => {
    toggle.setAttribute('aria-expanded', String(expanded));
    details.hidden = !expanded;
  };
  toggle.addEventListener('click', () => setExpanded(details.hidden));
  panel.addEventListener('keydown', event => {
    if (event.key !== 'Escape' || details.hidden) return;
    setExpanded(false);
    toggle.focus();
  });

  let scheduled = false;
  root.append(panel);
  renderPanel(nodes, read());
  return {
    invalidate() {
      // A burst of calls renders once, after the burst.
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        if (panel.parentNode) renderPanel(nodes, read());
      });
    },
    remove() {
      panel.remove();
      if (sheet) root.adoptedStyleSheets = root.adoptedStyleSheets.filter(s => s !== sheet);
    },
  };
}
