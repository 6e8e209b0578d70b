/**
 * Custom-integration mode (`destination-id`): a RudderStack custom device-mode integration per
 * destination, registered once per page and in time (before the SDK loads), whose deliveries are
 * published tagged with the destination id, with each observed reset placed among them.
 */
import type {IntegrationStatus} from '../contracts.js';
import {notifyAll} from '../page.js';
import {type BridgeState, type Integration, publishIntegration, releaseResets} from './order.js';
import {isFn, isObject, messageOf, preloadedBuffer, v3Instance, type Sdk} from './sdk.js';

function setStatus(integration: Integration, status: IntegrationStatus): void {
  if (integration.status_.state === status.state) return;
  integration.status_ = status;
  notifyAll(integration.listeners_, status);
}

/** The integration object RudderStack calls: each delivery published after the resets processed before it. */
function integrationFor(s: BridgeState, integration: Integration) {
  const deliver = (_analytics: unknown, _logger: unknown, event: unknown) => {
    const message = messageOf(event);
    if (!message) return;
    // Resets the SDK processed before this event come first; unknown events (made by the SDK itself) move nothing.
    releaseResets(s, integration, s.timeline_.get(message.messageId)!);
    publishIntegration(s, integration, message);
  };
  return {
    init: () => setStatus(integration, {state: 'active'}),
    // FullStory's own readiness is the element's business: the bus keeps what arrives before it.
    isReady: () => true,
    identify: deliver,
    track: deliver,
    page: deliver,
  };
}

/** Register `integration` with whatever `window.rudderanalytics` is now, if it is not registered yet. */
export function register(s: BridgeState, integration: Integration): void {
  const target = s.current_;
  if (integration.status_.state != 'waiting' || !isObject(target)) return; // no RudderStack yet: registered when it arrives
  const fail = (reason: string) => setStatus(integration, {state: 'failed', reason: `integration: ${reason}`});
  const queue = Array.isArray(target);
  const instance = v3Instance(target);
  // Only a snippet that offers the method queues it: v1.1 would choke on a method it lacks while
  // replaying its queue. Otherwise the SDK object is asked when it arrives, still in time.
  if (!isFn(target.addCustomIntegration))
    return void (queue || fail('needs RudderStack v3.23+ (addCustomIntegration)'));
  if (!queue && (instance?.initialized === true || s.loaded_)) {
    return fail('RudderStack loaded before this library could register');
  }
  const entry = [integration.id_, integrationFor(s, integration)];
  if (queue || instance) (target as Sdk).addCustomIntegration(...entry);
  // An npm-style facade before `load()`: its load reads this buffer, so the registration is in time.
  else if (!preloadedBuffer()?.push(['addCustomIntegration', ...entry]))
    return fail('RudderStack not reachable before it loads');
  setStatus(integration, {state: 'registered'});
}
