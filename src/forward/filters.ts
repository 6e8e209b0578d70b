/**
 * The site's own filters, applied before anything reaches FullStory (SPEC §4). Pure functions.
 *
 * - `integrations`: RudderStack's per-call option (`{integrations: {All: false}}`, `{FullStory: false}`, …).
 * - `allow-events` / `deny-events`: RudderStack's client-side event filtering for a device-mode
 *   destination, which observer mode has no dashboard for.
 */
import {isObject} from '../page.js';

/** A key naming FullStory in any spelling RudderStack accepts on any SDK version: case, spaces, `_` and `-` aside. */
const namesFullStory = (key: string) => key.replace(/[\s_-]/g, '').toLowerCase() === 'fullstory';

/**
 * Whether a call with this `integrations` option is meant for FullStory. A key naming FullStory
 * decides (any one of them set to a falsy value keeps the call away); otherwise `All` decides;
 * otherwise the call goes. As in the SDKs, an `undefined` value decides nothing.
 */
export function integrationsAllow(integrations: unknown): boolean {
  // Only an object is read as an integrations option; anything else (a function too, whatever keys
  // it carries) lets the call go, never stricter than the site meant.
  if (!isObject(integrations)) return true;
  let named: boolean | undefined;
  for (const key of Object.keys(integrations)) {
    if (!namesFullStory(key) || integrations[key] === undefined) continue;
    named = !!integrations[key] && named !== false;
  }
  return named ?? !!(integrations.All ?? true);
}

/**
 * Why a `track` or `page` call is filtered out by the event lists, if it is (`allow-events` or
 * `deny-events`), with RudderStack v3's semantics: names compare trimmed and case-sensitively; a
 * call without a valid name never passes an allowlist and is never denied; an allowlist with no
 * names lets nothing through. A page call's name is `Viewed a Page`. With both lists, a call must
 * be allowed and not denied. Other calls (identify, reset) are never filtered. The lists are as
 * `attributeList` (page.ts) reads them: with no empty names, so a call without one (`''`) is in neither.
 */
export function eventFilter(
  type: string,
  event: unknown,
  allow: readonly string[] | undefined,
  deny: readonly string[] | undefined,
): 'allow-events' | 'deny-events' | undefined {
  if (type !== 'track' && type !== 'page') return undefined;
  const name = type === 'page' ? 'Viewed a Page' : typeof event === 'string' ? event.trim() : '';
  if (allow && !allow.includes(name)) return 'allow-events';
  if (deny?.includes(name)) return 'deny-events';
  return undefined;
}
