/**
 * The `rudder-fullstory/bridge.js` entry: the RudderStack bridge (SPEC §4) and the helpers that
 * tell which mode a bus message belongs to. The code lives in rudderstack/.
 */
export {BRIDGE_KEY, getBridge, startBridge} from './rudderstack/bridge.js';
export {GLOBAL_NAME, OBSERVER_SOURCE, SOURCE_KEY, acceptsMessage, sourceOf, withCallback} from './rudderstack/sdk.js';
export type {ObservedMethod} from './rudderstack/sdk.js';
export type {IntegrationListener, IntegrationState, IntegrationStatus, RudderBridge} from './contracts.js';
