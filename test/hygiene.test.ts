import {expect} from '@open-wc/testing';
import {RateLimiter, repairPropertyName, sanitizeCall} from '../src/hygiene.js';

const track = (properties: unknown, name = 'E') => sanitizeCall({op: 'trackEvent', options: {name, properties: properties as never}});

describe('hygiene', () => {
  it('passes a valid call through unchanged', () => {
    const result = track({plan: 'pro', count: 3, nested: {ok: true}, list: ['a', 'b']});
    expect(result.repairs).to.deep.equal([]);
    expect(result.call).to.deep.equal({op: 'trackEvent', options: {name: 'E', properties: {plan: 'pro', count: 3, nested: {ok: true}, list: ['a', 'b']}}});
  });

  it('moves v1 type suffixes into the schema, nested too', () => {
    const result = track({qty_int: 2, tags_strs: ['a'], address: {zip_str: '1000'}});
    expect(result.call!.options).to.deep.equal({
      name: 'E',
      properties: {qty: 2, tags: ['a'], address: {zip: '1000'}},
      schema: {properties: {qty: 'int', tags: 'strs', address: {zip: 'str'}}},
    });
  });

  it('repairs property names deterministically and drops those with nothing usable', () => {
    expect(repairPropertyName('$browser')).to.equal('browser');
    expect(repairPropertyName('first name')).to.equal('first_name');
    expect(repairPropertyName('123')).to.equal('');
    const result = track({'$browser': 'x', '!!!': 1});
    expect((result.call!.options as any).properties).to.deep.equal({browser: 'x'});
    expect(result.repairs).to.have.length(2);
  });

  it('never lets __proto__, constructor or prototype through, nor touches Object.prototype', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "ok": 1}');
    const result = track(evil);
    expect((result.call!.options as any).properties).to.deep.equal({ok: 1});
    expect(({} as any).polluted).to.equal(undefined);
  });

  it('turns Dates into ISO-8601 strings and removes functions, symbols, NaN and cycles', () => {
    const cyclic: any = {name: 'c'};
    cyclic.self = cyclic;
    const result = track({when: new Date(Date.UTC(2026, 0, 2)), fn: () => 1, sym: Symbol('s'), nan: NaN, inf: Infinity, cyclic});
    expect((result.call!.options as any).properties).to.deep.equal({when: '2026-01-02T00:00:00.000Z', cyclic: {name: 'c'}});
  });

  it('cuts event names to 250 characters and drops empty ones', () => {
    expect((track({}, 'x'.repeat(300)).call!.options as any).name).to.have.length(250);
    expect(track({}, '').reason).to.equal('invalid-event-name');
  });

  it('keeps a payload under 512 KB by removing the largest values first', () => {
    const result = track({small: 'kept', big: 'x'.repeat(600 * 1024)});
    expect((result.call!.options as any).properties).to.deep.equal({small: 'kept'});
  });

  it('rate-limits trackEvent to a burst of 40 and refills over time', () => {
    const limiter = new RateLimiter();
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (limiter.allow('trackEvent', 0)) allowed++;
    expect(allowed).to.equal(40);
    expect(limiter.allow('trackEvent', 1000)).to.equal(true);
  });

  it('rate-limits setIdentity and setProperties together to a burst of 10', () => {
    const limiter = new RateLimiter();
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (limiter.allow('setIdentity', 0)) allowed++;
    for (let i = 0; i < 10; i++) if (limiter.allow('setProperties', 0)) allowed++;
    expect(allowed).to.equal(10);
  });
});
