// Wires the SDK demo: buttons call the real rudderanalytics; the panels show the element's state,
// what the FullStory simulator received and what the offline data plane recorded.
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
$('filtered').addEventListener('click', () => ra('track', 'Internal', {}, {integrations: {All: false}}));
$('page').addEventListener('click', () => ra('page', 'Docs', 'Getting started'));
$('reset').addEventListener('click', () => ra('reset'));
// RudderStack's own consent API: the element (consent-ids="C0002") follows it, no other consent code.
const consent = (allowed, denied) => {
  ra('consent', {consentManagement: {allowedConsentIds: allowed, deniedConsentIds: denied}});
  $('consent').textContent = allowed.length ? 'allowed' : 'denied';
};
$('grant').addEventListener('click', () => consent(['C0002'], []));
$('revoke').addEventListener('click', () => consent([], ['C0002']));

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
  $('stats').textContent = el.stats ? JSON.stringify(el.stats) : '—';
  const calls = (window.__fsSimulator?.FS?.calls ?? []).filter(call =>
    ['setIdentity', 'trackEvent', 'setProperties'].includes(call.op),
  );
  list(
    'calls',
    calls.map(call => `FS('${call.op}', ${JSON.stringify(call.options)})`),
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
