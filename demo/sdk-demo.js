// Wires the SDK demo: buttons call the real rudderanalytics; the panels show the element's state,
// what the FullStory simulator received, what the site's filters kept from it, and what the offline
// data plane recorded.
const el = document.querySelector('rudder-fullstory');
const $ = id => document.getElementById(id);
const integration = new URLSearchParams(location.search).get('mode') === 'integration';

$('mode').textContent = integration ? 'custom integration (destination-id)' : 'observer';
$(integration ? 'mode-integration' : 'mode-observer').setAttribute('aria-current', 'page');

const ra = (method, ...args) => window.rudderanalytics[method](...args);
$('identify').addEventListener('click', () =>
  ra('identify', 'user-42', {name: 'Ada Lovelace', email: 'ada@example.com'}),
);
$('traits').addEventListener('click', () => ra('identify', {plan: 'pro'}));
$('track').addEventListener('click', () =>
  ra('track', 'Order Completed', {order_id: 'o-1', revenue: 9.99, currency: 'USD'}),
);
$('filtered-fullstory').addEventListener('click', () =>
  ra('track', 'Internal', {}, {integrations: {FullStory: false}}),
);
$('filtered').addEventListener('click', () => ra('track', 'Internal', {}, {integrations: {All: false}}));
$('denied').addEventListener('click', () => ra('track', 'Debug Ping'));
$('page').addEventListener('click', () => ra('page', 'Docs', 'Getting started'));
$('reset').addEventListener('click', () => ra('reset'));
// RudderStack's own consent API: the element (consent-ids="C0002") follows it, no other consent code.
const consent = (allowed, denied) => {
  ra('consent', {consentManagement: {allowedConsentIds: allowed, deniedConsentIds: denied}});
  $('consent').textContent = allowed.length ? 'allowed' : 'denied';
};
$('grant').addEventListener('click', () => consent(['C0002'], []));
$('revoke').addEventListener('click', () => consent([], ['C0002']));

// Calls the site keeps from FullStory never reach it: the element drops them and says why in a
// `rudder-fullstory-drop` event. Those reasons, in words; repeats of one line are counted.
const FILTERS = {
  integrations: 'its integrations option turns FullStory off',
  'allow-events': () => `its name is not in allow-events (${el.getAttribute('allow-events')})`,
  'deny-events': () => `its name is in deny-events (${el.getAttribute('deny-events')})`,
};
el.addEventListener('rudder-fullstory-drop', event => {
  const {call, reason} = event.detail;
  const why = FILTERS[reason];
  if (!why) return; // other drops and repairs: the debug panel lists them
  const text = `${call}: ${reason} — ${typeof why === 'function' ? why() : why}`;
  const last = $('filtered-calls').lastElementChild;
  if (last?.dataset.text === text) {
    last.dataset.count = String(Number(last.dataset.count) + 1);
    last.textContent = `${text} (×${last.dataset.count})`;
  } else {
    const li = Object.assign(document.createElement('li'), {textContent: text});
    Object.assign(li.dataset, {text, count: '1'});
    $('filtered-calls').append(li);
  }
});
$('filtered-note').textContent = integration
  ? "Custom-integration mode: RudderStack applies each call's integrations option itself, by destination type: " +
    "{All: false} (or {'Custom Device Mode': false}) keeps the call from this destination before the element " +
    'sees it, so it shows in the data plane only; {FullStory: false} names no destination of this source, and ' +
    'the call arrives. deny-events still applies, and is listed here.'
  : "Observer mode: the element applies each call's integrations option (a key naming FullStory, else All) and " +
    'its allow-events / deny-events, and lists here what they kept. The data plane still gets these calls.';

/** JSON with a space after each comma and colon, so long calls wrap between words. */
const show = value => (JSON.stringify(value) ?? '').replaceAll(/,(?=["{[])/g, ', ').replaceAll(/":/g, '": ');

const list = (id, lines) =>
  $(id).replaceChildren(
    ...lines.map(line => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }),
  );

let dataPlane = [];
const render = () => {
  $('status').textContent = el.getAttribute('status') ?? 'idle';
  $('identified').textContent = el.hasAttribute('identified') ? 'yes' : 'no';
  const stats = el.stats;
  $('stats').textContent = stats
    ? `${stats.forwarded} forwarded · ${stats.dropped} dropped · ${stats.repaired} repaired · ${stats.queued} queued`
    : '—';
  const calls = (window.__fsSimulator?.FS?.calls ?? []).filter(call =>
    ['setIdentity', 'trackEvent', 'setProperties'].includes(call.op),
  );
  list(
    'calls',
    calls.map(call => `FS('${call.op}', ${show(call.options)})`),
  );
  list(
    'dataplane',
    dataPlane.map(
      e =>
        `${e.type} ${e.event ?? e.name ?? ''} ${e.userId ? `(userId ${e.userId})` : '(anonymous)'}` +
        (e.context?.fullstory ? ` → replay ${e.context.fullstory.nowUrl}` : ''),
    ),
  );
};

async function pollDataPlane() {
  try {
    const response = await fetch(`/rudderstack/dataplane/recorded?writeKey=${encodeURIComponent(window.demoWriteKey)}`);
    dataPlane = await response.json();
  } catch {
    /* the server stopped: keep what we had */
  }
}

el.addEventListener('rudder-fullstory-status', render);
setInterval(() => pollDataPlane().then(render), 500);
customElements.whenDefined('rudder-fullstory').then(render);
