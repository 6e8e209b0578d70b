/**
 * Helpers for the tests that run the real RudderStack SDKs: each scenario is a fresh page in an
 * iframe (one SDK per page), served with the offline config and data plane of
 * scripts/rudderstack-middleware.mjs. What FullStory got is what the simulator recorded.
 */
import {DATA_OPS, type RecordedCall} from './fixtures.js';

export const CUSTOM_DESTINATION_ID = 'fullstory-custom-destination';

const frames: HTMLIFrameElement[] = [];

export async function until<T>(check: () => T | undefined | false, what: string, timeout = 15_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`gave up waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * Forget the visitor earlier pages left behind. The SDKs keep their user (userId, traits,
 * anonymousId, session, retry queues) in cookies and localStorage, which every page of this origin
 * shares; v1.1 reads them back, and v3 adopts any `rl_*` cookie it finds even with memoryStorage.
 * This test file's runner page has a browser context of its own (web-test-runner.config.mjs), so
 * whatever is here came from this file's earlier tests.
 */
export function forgetVisitors(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0].trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  for (const storage of [localStorage, sessionStorage]) {
    for (const key of Object.keys(storage)) if (/^(rl_|rudder)/i.test(key)) storage.removeItem(key);
  }
  if (document.cookie !== '') throw new Error(`could not forget the cookies ${document.cookie}`);
}

/**
 * Load a page in an iframe; resolves with its window once `ready(window)` holds. A page opened
 * while no other is open meets the site as a new visitor.
 */
export async function openPage(src: string, ready: (win: any) => boolean, what = src, name?: string): Promise<any> {
  if (frames.length === 0) forgetVisitors();
  const frame = document.createElement('iframe');
  // `name` becomes the page's window.name: parameters that must not show in its URL.
  if (name !== undefined) frame.name = name;
  frame.src = src;
  document.body.appendChild(frame);
  frames.push(frame);
  return until(() => frame.contentWindow && ready(frame.contentWindow) && frame.contentWindow, what);
}

export function closePages(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

export const uniqueKey = (kind: string) =>
  `${kind}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** FullStory's data calls in one namespace of a page, as `[op, options]`. */
export function fsData(win: any, namespace = 'FS'): [string, any][] {
  const calls: RecordedCall[] = win.__fsSimulator?.[namespace]?.calls ?? [];
  return calls.filter(call => DATA_OPS.includes(call.op)).map(call => [call.op, call.options]);
}

const ended = (win: any, namespace: string) =>
  fsData(win, namespace).some(([op, options]) => op === 'trackEvent' && options.name === 'Scenario End');

export const scenarioUrl = (params: Record<string, string>) =>
  `/test/fixtures/sdk-scenario.html?${new URLSearchParams(params)}`;

export interface Scenario {
  win: any;
  writeKey: string;
}

/**
 * Run test/fixtures/sdk-scenario.html with these parameters and wait until FullStory (in each of
 * `namespaces`) got the scenario's last call: everything before it has been forwarded by then.
 */
export async function runScenario(params: Record<string, string>, namespaces = ['FS']): Promise<Scenario> {
  const writeKey = params.writeKey ?? uniqueKey('scenario');
  const url = scenarioUrl({...params, writeKey});
  const win = await openPage(
    url,
    w => w.__scenario?.error || (w.__scenario?.done && namespaces.every(ns => ended(w, ns))),
    `scenario ${url}`,
  );
  if (win.__scenario.error) throw new Error(`scenario failed: ${win.__scenario.error}`);
  return {win, writeKey};
}

export interface DataPlaneEvent {
  type: string;
  event?: string;
  name?: string;
  userId?: string;
  messageId?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What the offline data plane received for `writeKey`, once it has at least `count` events. */
export async function dataPlane(writeKey: string, count: number): Promise<DataPlaneEvent[]> {
  const start = performance.now();
  for (;;) {
    const response = await fetch(`/rudderstack/dataplane/recorded?writeKey=${encodeURIComponent(writeKey)}`);
    const events: DataPlaneEvent[] = await response.json();
    if (events.length >= count) return events;
    if (performance.now() - start > 15_000) throw new Error(`data plane got ${events.length} of ${count} events`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** Events as `type name userId`, sorted: the data plane may receive concurrent posts in any order. */
export const summary = (events: DataPlaneEvent[]) =>
  events.map(e => [e.type, e.event ?? e.name, e.userId].filter(Boolean).join(' ')).sort();

/**
 * The journey's first identify (`identify('user-1', {first_name, email})`, the one with the page's
 * callback). Posts reach the data plane in any order, and user-1 is identified three times; the
 * first is the only one whose traits have a name but no plan.
 */
export const firstIdentify = (events: DataPlaneEvent[]) =>
  events.find(e => {
    const traits = (e.context as {traits?: Record<string, unknown>} | undefined)?.traits ?? {};
    return e.type === 'identify' && e.userId === 'user-1' && 'first_name' in traits && !('plan' in traits);
  })!;

export const pageEvent = (events: DataPlaneEvent[], name?: string) =>
  events.find(e => e.type === 'page' && (name === undefined ? !e.name : e.name === name))!;

const ADA = {first_name: 'Ada', email: 'ada@example.com'};

/**
 * What FullStory gets for the journey in sdk-scenario.js (and the plain SDK pages), mapped per §6.
 * Page properties are the SDK's own, as the data plane received them.
 * @param early false when the SDK processed the early calls before the library arrived: then the
 *   user it holds is published once, in their place.
 * The call sent with `integrations: {All: false}` reaches no FullStory: RudderStack keeps it from a
 * custom integration, and observer mode honours the option too (SPEC §4).
 */
export function journeyCalls(events: DataPlaneEvent[], {sdk = 'v3', early = true} = {}): [string, any][] {
  const calls: [string, any][] = early
    ? [
        ['trackEvent', {name: 'Viewed a Page', properties: pageEvent(events).properties}],
        ['trackEvent', {name: 'Viewed Pricing', properties: {plan: 'pro'}}],
        ['setIdentity', {uid: 'user-1', properties: ADA}],
      ]
    : [['setIdentity', {uid: 'user-1', properties: ADA}]];
  calls.push(
    // traits-only identify: the SDK merges them into the user's traits
    ['setIdentity', {uid: 'user-1', properties: {...ADA, plan: 'pro'}}],
    ['trackEvent', {name: 'Viewed a Page', properties: pageEvent(events, 'Getting started').properties}],
  );
  // identify(userId) without traits: v3 clears the stored traits; v1.1 keeps them, so its message
  // repeats the last identity and is not sent again.
  if (sdk === 'v3') calls.push(['setIdentity', {uid: 'user-1', properties: {}}]);
  calls.push(['setIdentity', {uid: 'user-2', properties: {name: 'Grace', displayName: 'Grace'}}]);
  calls.push(
    ['trackEvent', {name: 'Order Completed', properties: {order_id: 'o1', revenue: 9.99}}],
    ['setIdentity', {anonymous: true}],
    ['trackEvent', {name: 'After Logout', properties: {}}],
    ['trackEvent', {name: 'Scenario End', properties: {}}],
  );
  return calls;
}

/** The journey's events as the data plane receives them (see `summary`), whatever reached FullStory. */
export const JOURNEY_DATA_PLANE = [
  'page',
  'track Viewed Pricing',
  'identify user-1',
  'identify user-1',
  'page Getting started user-1',
  'identify user-1',
  'identify user-2',
  'track Internal Only user-2',
  'track Order Completed user-2',
  'track After Logout',
  'track Scenario End',
].sort();
