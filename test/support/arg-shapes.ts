/**
 * Every argument shape the RudderStack SDKs (v3 and v1.1) accept for `identify`, `track`, `page`
 * and `reset`, for test/arg-shapes.test.ts. A shape is one or more calls; `CALLBACK` stands for a
 * function of the page's that records what it gets.
 */
export const CALLBACK = '<page callback>';
/** The call made after each shape, so what the SDK sent and published can be told apart per shape. */
export const MARKER = 'Shape Done';

const OPTIONS = {integrations: {Amplitude: false}};
const C = CALLBACK;

export interface Shape {
  id: string;
  calls: unknown[][];
}

const shape = (id: string, ...calls: unknown[][]): Shape => ({id, calls});

export const SHAPES: Shape[] = [
  // identify([userId], [traits], [options], [callback])
  shape('identify()', ['identify']),
  shape('identify(callback)', ['identify', C]),
  shape('identify(userId)', ['identify', 'user-1']),
  shape('identify(userId, callback)', ['identify', 'user-1', C]),
  shape('identify(userId, traits)', ['identify', 'user-1', {plan: 'pro'}]),
  shape('identify(userId, traits, callback)', ['identify', 'user-1', {plan: 'pro'}, C]),
  shape('identify(userId, traits, options)', ['identify', 'user-1', {plan: 'pro'}, OPTIONS]),
  shape('identify(userId, traits, options, callback)', ['identify', 'user-1', {plan: 'pro'}, OPTIONS, C]),
  shape('identify(traits)', ['identify', {seats: 3}]),
  shape('identify(traits, callback)', ['identify', {seats: 4}, C]),
  shape('identify(traits, options)', ['identify', {seats: 5}, OPTIONS]),
  shape('identify(traits, options, callback)', ['identify', {seats: 6}, OPTIONS, C]),
  shape('identify(null, traits)', ['identify', null, {seats: 7}]),
  shape('identify(undefined ×3, callback)', ['identify', undefined, undefined, undefined, C]),
  shape('identify(userId, null, null, callback)', ['identify', 'user-2', null, null, C]),
  shape('identify(numeric userId)', ['identify', 42]),
  shape('identify(userId, traits, options, non-function)', ['identify', 'user-3', {a: 1}, OPTIONS, 'not a function']),
  shape('identify(userId, traits, options, callback, extra)', ['identify', 'user-3', {a: 2}, OPTIONS, C, 'extra']),
  shape('reset() then identify()', ['reset'], ['identify']),
  shape('reset() then identify(callback)', ['reset'], ['identify', C]),
  // track(event, [properties], [options], [callback])
  shape('track()', ['track']),
  shape('track(callback)', ['track', C]),
  shape('track(event)', ['track', 'Clicked']),
  shape('track(event, callback)', ['track', 'Clicked', C]),
  shape('track(event, properties)', ['track', 'Clicked', {button: 'buy'}]),
  shape('track(event, properties, callback)', ['track', 'Clicked', {button: 'buy'}, C]),
  shape('track(event, properties, options)', ['track', 'Clicked', {button: 'buy'}, OPTIONS]),
  shape('track(event, properties, options, callback)', ['track', 'Clicked', {button: 'buy'}, OPTIONS, C]),
  shape('track(event, null, null, callback)', ['track', 'Clicked', null, null, C]),
  shape('track(event, undefined, options)', ['track', 'Clicked', undefined, OPTIONS]),
  shape('track(event, properties, options, non-function)', ['track', 'Clicked', {n: 1}, OPTIONS, 42]),
  shape('track(event, properties, options, non-function, callback)', ['track', 'Clicked', {n: 2}, OPTIONS, 'x', C]),
  // page([category], [name], [properties], [options], [callback])
  shape('page()', ['page']),
  shape('page(callback)', ['page', C]),
  shape('page(name)', ['page', 'Home']),
  shape('page(name, callback)', ['page', 'Home', C]),
  shape('page(category, name)', ['page', 'Docs', 'Intro']),
  shape('page(category, name, callback)', ['page', 'Docs', 'Intro', C]),
  shape('page(category, name, properties)', ['page', 'Docs', 'Intro', {section: 'a'}]),
  shape('page(category, name, properties, callback)', ['page', 'Docs', 'Intro', {section: 'a'}, C]),
  shape('page(category, name, properties, options)', ['page', 'Docs', 'Intro', {section: 'a'}, OPTIONS]),
  shape('page(category, name, properties, options, callback)', ['page', 'Docs', 'Intro', {section: 'a'}, OPTIONS, C]),
  shape('page(properties)', ['page', {section: 'b'}]),
  shape('page(properties, callback)', ['page', {section: 'b'}, C]),
  shape('page(properties, options)', ['page', {section: 'b'}, OPTIONS]),
  shape('page(name, properties)', ['page', 'Home', {section: 'c'}]),
  shape('page(name, properties, options, callback)', ['page', 'Home', {section: 'c'}, OPTIONS, C]),
  shape('page(null, name)', ['page', null, 'Home']),
  shape('page(undefined ×4, callback)', ['page', undefined, undefined, undefined, undefined, C]),
  shape('page(category, name, properties, options, non-function)', ['page', 'Docs', 'Intro', {}, OPTIONS, 'x']),
  // reset([resetAnonymousId])
  shape('reset()', ['reset']),
  shape('reset(true)', ['reset', true]),
  shape('reset(callback)', ['reset', C]),
  shape('reset(non-function)', ['reset', 'x']),
];
