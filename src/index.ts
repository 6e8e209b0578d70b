/**
 * The package entry: importing it defines `<rudder-fullstory>` (once per page, whatever the number
 * of copies of this library), starts the RudderStack bridge (observer mode) and exposes the bus.
 * Outside a browser it does nothing.
 */
import {RudderFullStoryElement} from './element.js';
import {getBus} from './bus.js';
import {startBridge} from './bridge.js';

export {RudderFullStoryElement} from './element.js';
export type {Status, StatusEventDetail, DropEventDetail, Stats} from './element.js';
export {getBus, publish, subscribe, BUS_EVENT} from './bus.js';
export type {RudderBus, RudderMessage, BusListener, BusMeta} from './bus.js';
export {startBridge, getBridge, acceptsMessage, sourceOf} from './bridge.js';
export type {RudderBridge, IntegrationStatus} from './bridge.js';

export const TAG_NAME = 'rudder-fullstory';

if (typeof window !== 'undefined' && typeof customElements !== 'undefined') {
  // Create the bus now so DOM-event publishes made before any element connects are kept.
  getBus();
  // Observer mode: watch window.rudderanalytics from now on, before the SDK can process anything unseen.
  startBridge();
  // A CMS may include the bundle twice: the first definition wins, the second is a no-op.
  if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, RudderFullStoryElement);
}
