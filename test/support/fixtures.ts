/**
 * Shared test helpers: a fresh namespace per test (each gets its own FullStory simulator, so tests
 * never see each other's calls), a fresh bus, and what the simulator recorded.
 */
import {BUS_KEY} from '../../src/bus.js';
import type {RudderFullStoryElement} from '../../src/element.js';
import '../../src/index.js';
import {generateSnippetText} from '@fullstory/snippet';

export const SIMULATOR = '/demo/fs-simulator.js';
/** Operations the element sends on behalf of RudderStack calls (not its own init/observe). */
export const DATA_OPS = ['setIdentity', 'setProperties', 'trackEvent'];

export interface RecordedCall {
  op: string;
  options: any;
  apiVersion: number;
}

/** What demo/fs-simulator.js records per namespace. */
export interface SimulatorRecord {
  scenario: string;
  version: '1' | '2';
  org: string | null;
  env: Record<string, unknown> | null;
  calls: RecordedCall[];
  kept: RecordedCall[];
  discarded: RecordedCall[];
  capturing: boolean;
  started: boolean;
  sessionUrl: string | null;
  sessions: string[];
  shutdownReason: number | null;
}

declare global {
  interface Window {
    __fsSimulator?: Record<string, SimulatorRecord>;
    __fsSimulatorOptions?: Record<string, string | number>;
  }
}

let counter = 0;
export function freshNamespace(): string {
  counter += 1;
  return `FS_t${Date.now().toString(36)}${counter}`;
}

/** Drop the page's bus so this test starts with no buffered messages. */
export function resetBus(): void {
  delete (globalThis as any)[BUS_KEY];
}

/** What the simulator FullStory in `namespace` received, limited to data calls unless `ops` says otherwise. */
export function fsCalls(namespace: string, ops: string[] = DATA_OPS): RecordedCall[] {
  return (window.__fsSimulator?.[namespace]?.calls ?? []).filter(call => ops.includes(call.op));
}

const mounted: HTMLElement[] = [];

/** Create `<rudder-fullstory>` with these attributes and connect it. */
export function mount(attributes: Record<string, string | true>, parent: Node = document.body): RudderFullStoryElement {
  const el = document.createElement('rudder-fullstory');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value === true ? '' : value);
  parent.appendChild(el);
  mounted.push(el);
  return el;
}

export function unmountAll(): void {
  for (const el of mounted.splice(0)) el.remove();
}

export async function untilStatus(el: RudderFullStoryElement, status: string, timeout = 5000): Promise<void> {
  const start = performance.now();
  while (el.status !== status) {
    if (performance.now() - start > timeout) throw new Error(`status stayed ${el.status}, wanted ${status}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** Until `condition` holds (polled), or fail saying what was awaited. */
export async function until(condition: () => boolean, what = 'condition', timeout = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** Collect the element's events of one type from now on. */
export function collect<T>(el: EventTarget, type: string): T[] {
  const details: T[] = [];
  el.addEventListener(type, event => details.push((event as CustomEvent<T>).detail));
  return details;
}

export const tick = (ms = 0) => new Promise(resolve => setTimeout(resolve, ms));

/** A host name the official snippet is given for fs.js; `pasteSnippet` routes it to the simulator. */
const SIMULATOR_HOST = 'fs-simulator.invalid';

/**
 * Run `install` (FullStory's own loading code) with fs.js at `<SIMULATOR_HOST>/demo/fs-simulator.js`.
 * FullStory's snippet always fetches `https://<script>`; this test server speaks http, so that
 * one URL is routed to the local stand-in, as a network would.
 */
export function withSimulatorRoute<T>(install: (script: string) => T, query = ''): T {
  const src = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src')!;
  Object.defineProperty(HTMLScriptElement.prototype, 'src', {
    ...src,
    set(this: HTMLScriptElement, value: unknown) {
      src.set!.call(this, String(value).replace(`https://${SIMULATOR_HOST}`, location.origin) + query);
    },
  });
  try {
    return install(`${SIMULATOR_HOST}${SIMULATOR}`);
  } finally {
    Object.defineProperty(HTMLScriptElement.prototype, 'src', src);
  }
}

/** FullStory's official snippet (`@fullstory/snippet`), pasted into the page head as a site owner would. */
export function pasteSnippet(namespace: string, orgId: string, query = ''): HTMLScriptElement {
  withSimulatorRoute(script => {
    const tag = document.createElement('script');
    tag.textContent = generateSnippetText({orgId, namespace, host: 'fullstory.com', script});
    document.head.appendChild(tag);
  }, query);
  return document.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${namespace}"]`)!;
}

/** Until the simulator FullStory in `namespace` has started capture. */
export async function untilStarted(namespace: string, timeout = 5000): Promise<void> {
  const start = performance.now();
  while (!window.__fsSimulator?.[namespace]?.started) {
    if (performance.now() - start > timeout) throw new Error(`FullStory in ${namespace} did not start`);
    await tick(10);
  }
}

/** Load a page in an iframe and wait until `ready(window)` holds; resolves with that window. */
export async function loadPage(src: string, ready: (win: any) => boolean, timeout = 8000): Promise<any> {
  const frame = document.createElement('iframe');
  frame.src = src;
  document.body.appendChild(frame);
  const start = performance.now();
  while (!(frame.contentWindow && ready(frame.contentWindow))) {
    if (performance.now() - start > timeout) throw new Error(`${src} did not get ready`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return frame.contentWindow;
}
