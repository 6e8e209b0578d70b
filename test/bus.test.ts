import {expect} from '@open-wc/testing';
import {BUS_EVENT, BUS_KEY, createBus, getBus, type BusMeta, type RudderMessage} from '../src/bus.js';
import {resetBus} from './support/fixtures.js';

describe('bus', () => {
  beforeEach(resetBus);

  it('calls a listener with the message, then {seq}: numbered in publish order', () => {
    const bus = createBus();
    const got: [RudderMessage, BusMeta][] = [];
    bus.subscribe((message, meta) => got.push([message, meta]));
    const a = {type: 'track' as const, event: 'A'};
    bus.publish(a);
    bus.publish({type: 'track', event: 'B'});
    expect(got.map(([message]) => message.event)).to.deep.equal(['A', 'B']);
    expect(got[0][0]).to.equal(a);
    expect(got[1][1].seq).to.be.greaterThan(got[0][1].seq);
  });

  it('works for a subscriber written the obvious way: it sees every track', () => {
    const bus = createBus();
    bus.publish({type: 'track', event: 'Before'});
    const seen: unknown[] = [];
    bus.subscribe(message => seen.push(message.event));
    bus.push({type: 'track', event: 'Pushed 1'}, {type: 'track', event: 'Pushed 2'});
    bus.publish({type: 'track', event: 'After'});
    expect(seen).to.deep.equal(['Before', 'Pushed 1', 'Pushed 2', 'After']);
  });

  it('takes the place of a plain array queued under its symbol, publishing its messages once, in order', async () => {
    const queue: unknown[] = [];
    (globalThis as any)[BUS_KEY] = queue;
    queue.push({type: 'track', event: 'Early 1'}, {type: 'track', event: 'Early 2'});
    (((globalThis as any)[BUS_KEY] ??= []) as unknown[]).push({type: 'track', event: 'Early 3'});
    const bus = getBus();
    expect((globalThis as any)[BUS_KEY]).to.equal(bus);
    // A second copy of the library adopts the bus: nothing is published twice.
    const copy = (await import(`../src/bus.ts?copy=queue${Date.now()}`)) as typeof import('../src/bus.js');
    expect(copy.getBus()).to.equal(bus);
    const seen: unknown[] = [];
    bus.subscribe(message => seen.push(message.event));
    expect(seen).to.deep.equal(['Early 1', 'Early 2', 'Early 3']);
    // The one-liner keeps working once the bus is there, and so does a reference kept to the array.
    (((globalThis as any)[BUS_KEY] ??= []) as unknown[]).push({type: 'track', event: 'Late'});
    queue.push({type: 'track', event: 'Kept reference'});
    expect(seen).to.deep.equal(['Early 1', 'Early 2', 'Early 3', 'Late', 'Kept reference']);
    expect(bus.lastSeq).to.equal(5);
  });

  it('replays what a late subscriber missed, in order', () => {
    const bus = createBus();
    bus.publish({type: 'identify', userId: 'u1'});
    bus.publish({type: 'page', name: 'Home'});
    const got: string[] = [];
    bus.subscribe(message => got.push(message.type));
    expect(got).to.deep.equal(['identify', 'page']);
  });

  it('replays to a late subscriber what is published while it is being replayed to, once each', () => {
    const bus = createBus(3);
    for (let i = 1; i <= 4; i++) bus.publish({type: 'track', event: `e${i}`});
    const got: [unknown, number][] = [];
    bus.subscribe((message, {seq}) => {
      got.push([message.event, seq]);
      if (message.event === 'e2') bus.publish({type: 'track', event: 'during replay'});
    });
    bus.publish({type: 'track', event: 'after'});
    expect(got).to.deep.equal([
      ['e2', 2],
      ['e3', 3],
      ['e4', 4],
      ['during replay', 5],
      ['after', 6],
    ]);
    expect(bus.overflowed).to.equal(3);
  });

  it('skips the buffer when replay is off', () => {
    const bus = createBus();
    bus.publish({type: 'track', event: 'old'});
    const got: string[] = [];
    bus.subscribe(message => got.push(message.event as string), {replay: false});
    bus.publish({type: 'track', event: 'new'});
    expect(got).to.deep.equal(['new']);
  });

  it('keeps a bounded buffer, dropping the oldest first and counting them', () => {
    const bus = createBus(3);
    for (let i = 1; i <= 5; i++) bus.publish({type: 'track', event: `e${i}`});
    const got: string[] = [];
    bus.subscribe(message => got.push(message.event as string));
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
      bus.subscribe(message => got.push(message.type));
      expect(() => bus.publish({type: 'track', event: 'x'})).not.to.throw();
      expect(() => bus.push({type: 'page'}, {type: 'track', event: 'y'})).not.to.throw();
      expect(got).to.deep.equal(['track', 'page', 'track']);
      expect(errors).to.have.length(3);
    } finally {
      console.error = original;
    }
  });

  it('stops delivering after unsubscribe', () => {
    const bus = createBus();
    const got: string[] = [];
    const off = bus.subscribe(message => got.push(message.type));
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
    bus.subscribe(message => got.push(message.event as string));
    window.dispatchEvent(new CustomEvent(BUS_EVENT, {detail: {type: 'track', event: 'From DOM'}}));
    expect(got).to.deep.equal(['From DOM']);
  });
});
