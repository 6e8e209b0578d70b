/**
 * The malformed-input corpus (test/hygiene-corpus.ts), three ways: through mapping + hygiene as
 * pure functions, and through a live element by bus publish and by DOM event. Each run checks what
 * FullStory received, which drops were announced, that every call satisfies §7, that nothing was
 * thrown into the page, that a later call still arrives, and that Object.prototype is untouched.
 */
import {expect} from '@open-wc/testing';
import {publish} from '../../src/bus.js';
import type {DropEventDetail} from '../../src/element.js';
import {sanitizeCall} from '../../src/forward/hygiene.js';
import {mapMessage} from '../support/mapping.js';
import {CORPUS, type CorpusCase} from './hygiene-corpus.js';
import {violations} from '../support/fs-rules.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  resetBus,
  unmountAll,
  untilStatus,
} from '../support/fixtures.js';

const ORG = 'o-1A2B3C-na1';
const AFTER = {type: 'track', event: 'After', properties: {n: 1}};

/** What the element does with one message, as pure functions: calls sent and drop reasons announced. */
function pipeline(message: unknown): {sent: [string, unknown][]; reasons: string[]} {
  const sent: [string, unknown][] = [];
  const reasons: string[] = [];
  let mapped;
  try {
    mapped = mapMessage(message);
  } catch {
    return {sent, reasons: ['invalid-message']};
  }
  if (mapped.dropped) reasons.push(mapped.dropped);
  for (const call of mapped.calls) {
    const result = sanitizeCall(call);
    if (!result.call) {
      reasons.push(result.reason!);
      continue;
    }
    expect(violations(result.call)).to.deep.equal([]);
    if (result.repairs.length > 0) reasons.push('repaired');
    sent.push([result.call.op, result.call.options]);
  }
  return {sent, reasons};
}

const prototypeSnapshot = () =>
  [Object.prototype, Array.prototype, Function.prototype]
    .map(proto => Object.getOwnPropertyNames(proto).sort().join())
    .join('|');

describe('hygiene corpus', function () {
  this.timeout(120_000);
  const before = prototypeSnapshot();

  it('has at least 60 named cases, each name once', () => {
    expect(CORPUS.length).to.be.at.least(60);
    expect(new Set(CORPUS.map(c => c.name)).size).to.equal(CORPUS.length);
  });

  describe('through mapping and hygiene', () => {
    for (const entry of CORPUS) {
      it(entry.name, () => {
        const {sent, reasons} = pipeline(entry.message());
        expect(sent).to.deep.equal(entry.sent);
        expect(reasons).to.deep.equal(entry.reasons);
        expect(prototypeSnapshot()).to.equal(before);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      });
    }
  });

  describe('through the element', () => {
    let errors: unknown[];
    const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
    const consoleError = console.error;
    beforeEach(() => {
      resetBus();
      errors = [];
      window.addEventListener('error', onError);
      console.error = (...args: unknown[]) => errors.push(args);
    });
    afterEach(() => {
      window.removeEventListener('error', onError);
      console.error = consoleError;
      unmountAll();
    });

    async function run(entry: CorpusCase, send: (message: unknown) => void) {
      const ns = freshNamespace();
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
      await untilStatus(el, 'ready');
      const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
      expect(() => send(entry.message())).not.to.throw();
      send(AFTER);
      const received = fsCalls(ns);
      for (const call of received) expect(violations(call), call.op).to.deep.equal([]);
      const expectedSent = entry.notAMessage ? [] : entry.sent;
      const expectedReasons = entry.notAMessage ? [] : entry.reasons;
      expect(received.map(call => [call.op, call.options])).to.deep.equal([
        ...expectedSent,
        ['trackEvent', {name: 'After', properties: {n: 1}}],
      ]);
      expect(drops.map(drop => drop.reason)).to.deep.equal(expectedReasons);
      expect(el.stats.forwarded).to.equal(expectedSent.length + 1);
      expect(el.stats.dropped).to.equal(expectedReasons.filter(reason => reason !== 'repaired').length);
      expect(errors).to.deep.equal([]);
      expect(prototypeSnapshot()).to.equal(before);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    }

    for (const entry of CORPUS) {
      it(`bus: ${entry.name}`, () => run(entry, message => publish(message as never)));
    }
    // A sample through the zero-import path: every third case, plus the not-a-message ones.
    for (const entry of CORPUS.filter((entry, i) => i % 3 === 0 || entry.notAMessage)) {
      it(`DOM event: ${entry.name}`, () =>
        run(entry, message => window.dispatchEvent(new CustomEvent('rudderanalytics', {detail: message}))));
    }
  });
});
