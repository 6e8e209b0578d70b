/**
 * Custom-integration mode (`destination-id`): a RudderStack custom device-mode integration per
 * destination, registered once per page and in time (before the SDK loads), whose deliveries are
 * published tagged with the destination id, with each observed reset placed among them.
 */
import type {IntegrationListener, IntegrationStatus} from '../contracts.js';
import {notifyAll} from '../page.js';
import {type BridgeState, type Integration, publishIntegration} from './order.js';
import {isFn, isObject, mark, messageOf, preloadedBuffer, v3Instance, type Fn, type Sdk} from './sdk.js';

function setStatus(integration: Integration, status: IntegrationStatus): void {
  if (integration.status.state === status.state) return;
  integration.status = status;
  notifyAll(integration.listeners, status);
}

/** The integration object RudderStack calls: each delivery published after the resets processed before it. */
function integrationFor(s: BridgeState, integration: Integration) {
  const deliver = (_analytics: unknown, _logger: unknown, event: unknown) => {
    const message = messageOf(event);
    if (!message) return;
    const at = typeof message.messageId === 'string' ? s.timeline_.get(message.messageId) : undefined;
    // Resets the SDK processed before this event come first; unknown events (made by the SDK itself) move nothing.
    while (at !== undefined && integration.pendingResets_.length > 0 && integration.pendingResets_[0] < at) {
      integration.pendingResets_.shift();
      publishIntegration(s, integration, {type: 'reset'});
    }
    publishIntegration(s, integration, message);
  };
  return mark({
    init: () => setStatus(integration, {state: 'active'}),
    // FullStory's own readiness is the element's business: the bus keeps what arrives before it.
    isReady: () => true,
    identify: deliver,
    track: deliver,
    page: deliver,
  });
}

/** Register `integration` with whatever `window.rudderanalytics` is now, if it is not registered yet. */
export function register(s: BridgeState, integration: Integration): void {
  if (integration.status.state !== 'waiting') return;
  const target = s.current_;
  if (Array.isArray(target)) {
    // Only a snippet that offers the method queues it: v1.1 would choke on a method it lacks
    // while replaying its queue. Otherwise the SDK object is asked when it arrives, still in time.
    if (!isFn((target as unknown as Sdk).addCustomIntegration)) return;
    ((target as unknown as Sdk).addCustomIntegration as Fn)(integration.id, integrationFor(s, integration));
    return setStatus(integration, {state: 'registered'});
  }
  if (!isObject(target)) return; // no RudderStack yet: registered when it arrives
  const sdk = target as Sdk;
  const fail = (reason: string) => setStatus(integration, {state: 'failed', reason});
  if (!isFn(sdk.addCustomIntegration)) {
    return fail('this RudderStack SDK has no addCustomIntegration (v3.23 or later is needed for destination-id)');
  }
  const instance = v3Instance(sdk);
  if (instance?.initialized === true || s.loaded_) {
    return fail('RudderStack had already loaded: destination-id needs this library on the page before the SDK loads');
  }
  if (instance) {
    (sdk.addCustomIntegration as Fn)(integration.id, integrationFor(s, integration));
    return setStatus(integration, {state: 'registered'});
  }
  // An npm-style facade before `load()`: its load reads this buffer, so the registration is in time.
  const preloaded = preloadedBuffer(s.win_);
  if (!preloaded) return fail('could not reach RudderStack before it loads');
  preloaded.push(['addCustomIntegration', integration.id, integrationFor(s, integration)]);
  setStatus(integration, {state: 'registered'});
}

/** The bridge's `registerIntegration`: one integration per destination, any number of listeners. */
export function registerIntegration(s: BridgeState, destinationId: string, listener?: IntegrationListener) {
  let integration = s.integrations_.get(destinationId);
  if (!integration) {
    integration = {id: destinationId, status: {state: 'waiting'}, listeners: new Set(), pendingResets_: []};
    s.integrations_.set(destinationId, integration);
    register(s, integration);
  }
  const entry = integration;
  if (!listener) return () => {};
  entry.listeners.add(listener);
  return () => void entry.listeners.delete(listener);
}
