// The site's own RudderStack setup, as it would sit in its page: load the SDK (offline, against the
// demo server) and make a first call before anything has loaded. `?mode=integration` uses a source
// whose configuration has a Custom Device Mode destination, for the element's destination-id.
(function () {
  var integration = new URLSearchParams(location.search).get('mode') === 'integration';
  // A fresh source per visit, so the data-plane panel shows this visit only.
  window.demoWriteKey = (integration ? 'demo-custom-' : 'demo-') + Math.random().toString(36).slice(2, 10);
  window.rudderanalytics.load(window.demoWriteKey, location.origin + '/rudderstack/dataplane', {
    configUrl: location.origin + '/rudderstack',
    logLevel: 'WARN',
    // RudderStack's consent management, custom provider: the visitor starts with C0002 allowed.
    // The element's consent-ids="C0002" follows it (see the consent buttons).
    consentManagement: {enabled: true, provider: 'custom', allowedConsentIds: ['C0002'], deniedConsentIds: []},
  });
  window.rudderanalytics.page('Demo', 'SDK demo');
})();
