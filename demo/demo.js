// Wires the demo page: the FullStory scenario (from `?scenario=`), buttons that publish RudderStack-shaped
// messages, and panels showing the element's attributes and what the FullStory simulator received and kept.
const $ = id => document.getElementById(id);

// FullStory loads once per page: switching scenario reloads the page with another `?scenario=`.
const SCENARIOS = {
  normal: {
    script: '/demo/fs-simulator.js?settings=300',
    note: 'fs.js loads, settings answer after 300 ms, capture starts.',
  },
  held: {
    script: '/demo/fs-simulator.js',
    hold: true,
    note: 'window._fs_capture_on_startup = false: FullStory keeps every call until the visitor consents (FS("start")).',
  },
  quota: {
    script: '/demo/fs-simulator.js?scenario=quota',
    note: 'FullStory refuses to capture (shutdown reason 3, over quota): ready, not capturing, not blocked.',
  },
  blocked: {script: '/demo/blocked-by-adblock/fs.js', note: 'fs.js fails to load (as with an ad blocker): blocked.'},
  slow: {
    script: '/demo/fs-simulator.js?scenario=late',
    timeout: '1000',
    note: 'fs.js arrives 3 s late with timeout=1000: blocked, then ready with every call that waited.',
  },
};
const chosen = new URLSearchParams(location.search).get('scenario');
const name = Object.hasOwn(SCENARIOS, chosen ?? '') ? chosen : 'normal';
const scenario = SCENARIOS[name];
$('scenario-note').textContent = scenario.note;
for (const link of document.querySelectorAll('.scenarios a')) {
  if (link.getAttribute('href') === `?scenario=${name}`) link.setAttribute('aria-current', 'page');
}
if (scenario.hold) {
  window._fs_capture_on_startup = false;
  $('consent').hidden = false;
  $('consent').addEventListener('click', () => window.FS('start'));
}
const el = document.createElement('rudder-fullstory');
el.setAttribute('org', 'o-DEMO42-na1');
el.setAttribute('script', scenario.script);
if (scenario.timeout) el.setAttribute('timeout', scenario.timeout);
el.setAttribute('debug', '');
$('panel-slot').append(el);

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

$('long').addEventListener('click', () =>
  send({type: 'track', userId, anonymousId, event: `Long ${'name '.repeat(60)}`, properties: {}}),
);
$('burst').addEventListener('click', () => {
  for (let i = 1; i <= 100; i++) send({type: 'track', userId, anonymousId, event: 'Burst', properties: {i}});
});
// The consent gate: the site adds `disabled` while the visitor has not consented.
$('consented').addEventListener('change', event => el.toggleAttribute('disabled', !event.target.checked));

// Readable JSON: a space after each comma and colon gives long payloads places to wrap.
const show = value => (JSON.stringify(value) ?? '').replaceAll(/,(?=["{[])/g, ', ').replaceAll(/":/g, '": ');
const item = text => Object.assign(document.createElement('li'), {textContent: text});
const history = [];

const render = () => {
  $('status').textContent = el.getAttribute('status') ?? 'idle';
  $('capturing').textContent = el.hasAttribute('capturing') ? 'yes' : 'no';
  $('reason').textContent = el.reason ?? '—';
  const url = el.getAttribute('session-url');
  $('session-url').replaceChildren(
    url
      ? Object.assign(document.createElement('a'), {href: url, textContent: url, target: '_blank', rel: 'noopener'})
      : '—',
  );
  $('identified').textContent = el.hasAttribute('identified') ? 'yes' : 'no';
  const stats = el.stats;
  $('stats').textContent = stats
    ? `${stats.forwarded} forwarded · ${stats.dropped} dropped · ${stats.repaired} repaired · ${stats.queued} queued`
    : '—';
  $('history').textContent = history.join(' → ') || '—';
  const record = window.__fsSimulator?.FS;
  const calls = record?.calls ?? [];
  const shown = calls.filter(call =>
    ['setIdentity', 'trackEvent', 'setProperties', 'shutdown', 'restart'].includes(call.op),
  );
  $('calls').replaceChildren(
    ...summarize(
      shown.map(call => `FS('${call.op}'${call.options === undefined ? '' : `, ${show(call.options)}`})`),
    ).map(item),
  );
  $('kept').replaceChildren(
    ...summarize((record?.kept ?? []).map(call => `${call.op} ${show(call.options)}`)).map(item),
  );
};

/** The last 12 lines, older ones counted: a burst of 100 calls stays readable. */
const summarize = lines => (lines.length > 12 ? [`… ${lines.length - 12} earlier`, ...lines.slice(-12)] : lines);

el.addEventListener('rudder-fullstory-status', event => {
  const {status, capturing} = event.detail;
  const label = capturing ? `${status} (capturing)` : status;
  if (history.at(-1) !== label) history.push(label);
  render();
});
// Repeats of one drop (a burst over the rate limit) are one line with a count.
el.addEventListener('rudder-fullstory-drop', event => {
  const {call, reason, repairs} = event.detail;
  const text = `${call}: ${reason}${repairs ? ' — ' + repairs.join('; ') : ''}`;
  const last = $('drops').lastElementChild;
  if (last?.dataset.text === text) {
    last.dataset.count = String(Number(last.dataset.count) + 1);
    last.textContent = `${text} (×${last.dataset.count})`;
  } else {
    const li = item(text);
    Object.assign(li.dataset, {text, count: '1'});
    $('drops').append(li);
  }
});
// The simulator records synchronously; a light poll keeps the panel honest without hooking into it.
setInterval(render, 200);
customElements.whenDefined('rudder-fullstory').then(render);
