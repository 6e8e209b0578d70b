import {expect} from '@open-wc/testing';
import {BUS_EVENT, BUS_KEY, createBus, getBus, type BusEnvelope} from '../src/bus.js';
import {resetBus} from './support/fixtures.js';

describe('bus', () => {
  beforeEach(resetBus);

  it('delivers published messages to subscribers, numbered in publish order', () => {
    const bus = createBus();
    const got: BusEnvelope[] = [];
    bus.subscribe(envelope => got.push(envelope));
    bus.publish({type: 'track', event: 'A'});
    bus.publish({type: 'track', event: 'B'});
    expect(got.map(e => e.message.event)).to.deep.equal(['A', 'B']);
    expect(got[1].seq).to.be.greaterThan(got[0].seq);
  });

  it('replays what a late subscriber missed, in order', () => {
    const bus = createBus();
    bus.publish({type: 'identify', userId: 'u1'});
    bus.publish({type: 'page', name: 'Home'});
    const got: string[] = [];
    bus.subscribe(({message}) => got.push(message.type));
    expect(got).to.deep.equal(['identify', 'page']);
  });

  it('skips the buffer when replay is off', () => {
    const bus = createBus();
    bus.publish({type: 'track', event: 'old'});
    const got: string[] = [];
    bus.subscribe(({message}) => got.push(message.event as string), {replay: false});
    bus.publish({type: 'track', event: 'new'});
    expect(got).to.deep.equal(['new']);
  });

  it('keeps a bounded buffer, dropping the oldest first and counting them', () => {
    const bus = createBus(3);
    for (let i = 1; i <= 5; i++) bus.publish({type: 'track', event: `e${i}`});
    const got: string[] = [];
    bus.subscribe(({message}) => got.push(message.event as string));
    expect(got).to.deep.equal(['e3', 'e4', 'e5']);
    expect(bus.overflowed).to.equal(2);
  });

  it('isolates a throwing listener from the publisher and from other listeners', () => {
    const bus = createBus();
    const original = console.error;
    const errors: unknown[] = [];
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const got: string[] = [];
      bus.subscribe(() => {
        throw new Error('listener bug');
      });
      bus.subscribe(({message}) => got.push(message.type));
      expect(() => bus.publish({type: 'track', event: 'x'})).not.to.throw();
      expect(got).to.deep.equal(['track']);
      expect(errors).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('stops delivering after unsubscribe', () => {
    const bus = createBus();
    const got: string[] = [];
    const off = bus.subscribe(({message}) => got.push(message.type));
    bus.publish({type: 'track', event: 'a'});
    off();
    bus.publish({type: 'track', event: 'b'});
    expect(got).to.have.length(1);
  });

  it('ignores values that are not messages without throwing', () => {
    const bus = createBus();
    const got: unknown[] = [];
    bus.subscribe(e => got.push(e));
    expect(() => bus.publish(null as never)).not.to.throw();
    expect(() => bus.publish('track' as never)).not.to.throw();
    expect(got).to.have.length(0);
  });

  it('is one page-wide bus under Symbol.for("rudderanalytics.bus"), shared by a second copy of the library', async () => {
    const bus = getBus();
    expect((globalThis as any)[Symbol.for('rudderanalytics.bus')]).to.equal(bus);
    expect(BUS_KEY).to.equal(Symbol.for('rudderanalytics.bus'));
    // A second evaluation of the module stands for a second bundle on the page.
    const copy = (await import(`../src/bus.ts?copy=${Date.now()}`)) as typeof import('../src/bus.js');
    expect(copy.getBus()).to.equal(bus);
  });

  it('publishes DOM events named "rudderanalytics", once each', async () => {
    const bus = getBus();
    const copy = (await import(`../src/bus.ts?copy=dom${Date.now()}`)) as typeof import('../src/bus.js');
    copy.getBus();
    const got: string[] = [];
    bus.subscribe(({message}) => got.push(message.event as string));
    window.dispatchEvent(new CustomEvent(BUS_EVENT, {detail: {type: 'track', event: 'From DOM'}}));
    expect(got).to.deep.equal(['From DOM']);
  });
});
