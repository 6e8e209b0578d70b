/*
 * A local stand-in for FullStory's fs.js, for the demo, the tests and the benchmark.
 *
 * FullStory's real script cannot be fetched here (and a demo should work with no account), so this
 * file plays its part of the snippet contract: it finds the queue the snippet left on
 * `window[namespace]`, installs `_api`, replays the queue in order, and "starts capture", firing
 * `observe` start callbacks with a session URL. Every call it receives is recorded in
 * `window.__fsStandin[namespace].calls` so a page or a test can see exactly what FullStory got.
 *
 * Query parameters on its own URL change its behaviour: `start=never` (never starts, to exercise
 * timeouts), `delay=<ms>` (starts late).
 */
(function () {
  var current = document.currentScript;
  var src = new URL((current && current.src) || location.href, location.href);
  var namespace = (current && current.getAttribute('data-fs-namespace')) || window._fs_namespace || 'FS';
  var fs = window[namespace];
  if (typeof fs !== 'function') {
    console.error('[fs-standin] no FullStory snippet queue at window.' + namespace);
    return;
  }

  var records = (window.__fsStandin = window.__fsStandin || {});
  var record = (records[namespace] = {
    org: src.searchParams.get('org') || window._fs_org || null,
    calls: [],
    started: false,
    sessionUrl: null,
    identity: null,
  });
  var observers = {start: [], shutdown: []};
  var sessionCount = 0;

  function startCapture() {
    if (record.started) return;
    record.started = true;
    sessionCount += 1;
    record.sessionUrl =
      'https://app.fullstory.com/ui/' +
      encodeURIComponent(record.org || 'unknown') +
      '/session/standin%3A' +
      sessionCount;
    observers.start.slice().forEach(function (callback) {
      callback({sessionUrl: record.sessionUrl, settings: {}});
    });
  }

  function stopCapture() {
    if (!record.started) return;
    record.started = false;
    record.sessionUrl = null;
    observers.shutdown.slice().forEach(function (callback) {
      callback({reason: 0});
    });
  }

  function api(operation, options, source, resolve, reject, apiVersion) {
    var result;
    record.calls.push({op: operation, options: options, source: source, apiVersion: apiVersion || 2});
    switch (operation) {
      case 'init':
        if (options && options.env && options.env.orgId) record.org = options.env.orgId;
        break;
      case 'observe':
        if (options && observers[options.type] && typeof options.callback === 'function') {
          var list = observers[options.type];
          list.push(options.callback);
          // "start" fires at once for a late observer when capture is already running.
          if (options.type === 'start' && record.started)
            options.callback({sessionUrl: record.sessionUrl, settings: {}});
          result = {
            disconnect: function () {
              var i = list.indexOf(options.callback);
              if (i >= 0) list.splice(i, 1);
            },
          };
        }
        break;
      case 'setIdentity':
        if (options && options.anonymous) record.identity = null;
        else if (options && typeof options.uid === 'string') record.identity = options.uid;
        break;
      case 'getSession':
        result = record.started ? record.sessionUrl : null;
        break;
      case 'shutdown':
        stopCapture();
        break;
      case 'restart':
      case 'start':
        startCapture();
        break;
    }
    if (typeof resolve === 'function') resolve(result);
    return result;
  }

  // Take the queue and replay it in order, as fs.js does; later calls go straight to _api.
  var queue = fs.q || [];
  fs.q = null;
  fs._api = api;
  queue.forEach(function (entry) {
    api(entry[0], entry[1], entry[2], entry[3], entry[4], entry[5]);
  });

  var start = src.searchParams.get('start');
  var delay = Number(src.searchParams.get('delay') || 0);
  if (start !== 'never') setTimeout(startCapture, delay);
})();
