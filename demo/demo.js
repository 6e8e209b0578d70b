// Wires the demo page: buttons publish RudderStack-shaped messages; the panels show the element's
// attributes and the calls the FullStory simulator received.
const el = document.querySelector('rudder-fullstory');
const $ = id => document.getElementById(id);

const send = message => window.dispatchEvent(new CustomEvent('rudderanalytics', {detail: message}));
const anonymousId = 'anon-' + Math.random().toString(36).slice(2, 8);
let userId = '';

$('identify').addEventListener('click', () => {
  userId = 'user-42';
  send({
    type: 'identify',
    userId,
    anonymousId,
    context: {traits: {name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro'}},
  });
});
$('track').addEventListener('click', () =>
  send({
    type: 'track',
    userId,
    anonymousId,
    event: 'Order Completed',
    properties: {order_id: 'o-1', revenue_real: 9.99, currency: 'USD'},
  }),
);
$('page').addEventListener('click', () =>
  send({type: 'page', userId, anonymousId, category: 'Docs', name: 'Getting started', properties: {}}),
);
$('reset').addEventListener('click', () => {
  userId = '';
  send({type: 'reset'});
});
$('bad').addEventListener('click', () => {
  const circular = {label: 'loop'};
  circular.self = circular;
  send({
    type: 'track',
    event: 'Messy',
    properties: {$browser: 'x', 'first name': 'Ada', when: new Date(), fn() {}, circular},
  });
});

const render = () => {
  $('status').textContent = el.getAttribute('status') ?? 'idle';
  const url = el.getAttribute('session-url');
  $('session-url').replaceChildren(
    url
      ? Object.assign(document.createElement('a'), {href: url, textContent: url, target: '_blank', rel: 'noopener'})
      : '—',
  );
  $('identified').textContent = el.hasAttribute('identified') ? 'yes' : 'no';
  $('stats').textContent = el.stats ? JSON.stringify(el.stats) : '—';
  const calls = window.__fsSimulator?.FS?.calls ?? [];
  const shown = calls.filter(call =>
    ['setIdentity', 'trackEvent', 'setProperties', 'shutdown', 'restart'].includes(call.op),
  );
  $('calls').replaceChildren(
    ...shown.map(call => {
      const li = document.createElement('li');
      li.textContent = `FS('${call.op}', ${JSON.stringify(call.options)})`;
      return li;
    }),
  );
};

el.addEventListener('rudder-fullstory-status', render);
el.addEventListener('rudder-fullstory-drop', event => {
  const li = document.createElement('li');
  const {call, reason, repairs} = event.detail;
  li.textContent = `${call}: ${reason}${repairs ? ' — ' + repairs.join('; ') : ''}`;
  $('drops').append(li);
});
// The simulator records synchronously; a light poll keeps the panel honest without hooking into it.
setInterval(render, 200);
customElements.whenDefined('rudder-fullstory').then(render);
