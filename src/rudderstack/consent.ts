/**
 * `consent-ids` (SPEC §11): RudderStack's own consent state, as the element's consent gate.
 *
 * The v3 SDK keeps its consent decision (from the `consentManagement` load option, `consent()`
 * calls, or what the consent provider reports) in a state it exposes on `RudderStackGlobals`; this
 * follows it, synchronously: a `consent()` that revokes is seen before the call returns.
 */
import {attributeList, notifyAll} from '../page.js';
import {getBridge} from './bridge.js';
import {isFn, mark, marked, type Sdk} from './sdk.js';

type Listener = () => void;

let data: Sdk | undefined;
const listeners = new Set<Listener>();

/** `id` is in the state's list `key` (`allowedConsentIds`, `deniedConsentIds`). */
const listed = (key: string, id: string) => {
  const ids = data?.[key];
  return Array.isArray(ids) && ids.map(String).includes(id);
};

function scan(): void {
  const globals = (globalThis as Sdk).RudderStackGlobals;
  for (const key in globals) {
    const signal = globals[key]?.state?.consents?.data;
    if (isFn(signal?.subscribe) && !marked(signal)) {
      mark(signal).subscribe((value: Sdk) => {
        // What the page did before this change is published first, and judged by the consent it was made under.
        getBridge()?.flush?.();
        data = value;
        notifyAll(listeners);
      });
    }
  }
}

/** Every id is allowed, none denied, in RudderStack's consent state as last known. */
export function consentGranted(ids: string): boolean {
  // The same comma-separated, trimmed list as `allow-events`: an empty id asks for nothing.
  return attributeList(ids)!.every(id => listed('allowedConsentIds', id) && !listed('deniedConsentIds', id));
}

/** Call `listener` on each change of RudderStack's consent state; returns the unsubscribe. */
export function followConsent(listener: Listener): () => void {
  try {
    // The same listener added twice is added once.
    for (const type of ['RSA_Initialised', 'RSA_Ready']) document.addEventListener(type, scan);
    scan();
  } catch {
    // a hostile global: the gate stays closed
  }
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
