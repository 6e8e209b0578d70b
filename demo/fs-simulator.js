/*
 * A FullStory simulator: plays the part of FullStory's fs.js for the demo, the tests and the benchmark.
 *
 * FullStory's real script cannot be fetched here (and a demo should work with no account), so this
 * file imitates what FullStory documents about its lifecycle (each behaviour below names the page of
 * FullStory's documentation it follows; see also ../../shared/reference/fullstory.md):
 *
 *  - loading fs.js and starting capture are two events: fs.js installs `_api` and takes the snippet's
 *    queue, then capture starts only when "settings" have been answered (after `settings` ms);
 *  - capture held by the site: `window._fs_capture_on_startup = false` (or init env
 *    `captureOnStartup: false`) until `FS('start')`;
 *  - capture refused with one of FullStory's reason codes: `shutdown` observers get `{reason}`,
 *    `start` never fires;
 *  - calls made before capture starts are kept and applied at start, in order;
 *  - `getSession` is null before capture starts; the session changes after `restart` following a
 *    shutdown, after an anonymize of an identified user and after a uid change;
 *  - a page whose snippet is v1 (`FS._v` absent or `1.x`) gets the v1 API: ops `user`, `event`,
 *    `setVars`, `rec`, queue entries `[op, args, source]`, no `observe`, `FS.getCurrentSessionURL()`
 *    and `window._fs_ready` when capture starts;
 *  - fs.js arriving late (`load` ms after the script tag ran) or never.
 *
 * Scenario, per page, in one line: a query string on this script's URL
 * (`/demo/fs-simulator.js?scenario=held`) or a global set before it runs
 * (`window.__fsSimulatorOptions = {scenario: 'quota'}`). Options (the global wins):
 *   scenario  normal | held | slow | late | never | unsupported | no-account | account-disabled | quota |
 *             domain | ip | user-agent | geography | ramping
 *   settings  ms before FullStory's settings answer (capture starts or is refused); default 0
 *   load      ms before fs.js "arrives" (installs `_api`), or `never`; default 0
 *   refuse    a shutdown reason code to answer the settings with
 *
 * What it saw and what FullStory would have *kept* is recorded in `window.__fsSimulator[namespace]`:
 *   calls      every call fs.js received, in order (`{op, options, source, apiVersion}`)
 *   kept       data calls FullStory applies to a captured session, in the order it applies them
 *   discarded  data calls that arrived while FullStory would not capture (refused or shut down)
 *   capturing / started, sessionUrl, sessions (every session URL so far), env (init's env),
 *   shutdownReason, version ('1' | '2'), scenario
 */
(function () {
  var current = document.currentScript;
  var src = new URL((current && current.src) || location.href, location.href);
  var namespace = (current && current.getAttribute('data-fs-namespace')) || window._fs_namespace || 'FS';
  var fs = window[namespace];
  if (typeof fs !== 'function') {
    console.error('[fs-simulator] no FullStory snippet queue at window.' + namespace);
    return;
  }

  // FullStory's documented shutdown reason codes (help center: session limits, blocking capture by
  // domain / IP / user agent / geography; developer docs: callbacks-and-delegates, `shutdown` observer).
  var SCENARIOS = {
    normal: {},
    held: {held: true},
    slow: {settings: 3000},
    late: {load: 3000},
    never: {load: 'never'},
    unsupported: {unsupported: true},
    'no-account': {refuse: 1},
    'account-disabled': {refuse: 2},
    quota: {refuse: 3},
    domain: {refuse: 4},
    ip: {refuse: 5},
    'user-agent': {refuse: 6},
    geography: {refuse: 7},
    ramping: {refuse: 8},
  };
  var given = window.__fsSimulatorOptions || {};
  var query = function (name) {
    return given[name] !== undefined ? given[name] : src.searchParams.get(name);
  };
  var scenarioName = String(query('scenario') || 'normal');
  var scenario = SCENARIOS[scenarioName] || {};
  var option = function (name, fallback) {
    var value = query(name);
    if (value === null || value === undefined) value = scenario[name];
    return value === undefined || value === null ? fallback : value;
  };
  var settingsDelay = Number(option('settings', 0)) || 0;
  var loadDelay = option('load', 0);
  var refuse = option('refuse', null);
  refuse = refuse === null ? null : Number(refuse);

  // Snippet versions (FullStory's developer docs on the v1 and v2 APIs): `_v` 2.x takes v2
  // operations; `1.x` or no `_v` at all is the v1 API.
  var version = /^2\./.test(String(fs._v || '')) ? '2' : '1';
  var DATA_OPS = version === '2' ? ['setIdentity', 'setProperties', 'trackEvent'] : ['user', 'event', 'setVars'];

  var records = (window.__fsSimulator = window.__fsSimulator || {});
  var record = (records[namespace] = {
    scenario: scenarioName,
    version: version,
    org: src.searchParams.get('org') || window._fs_org || null,
    env: null,
    calls: [],
    kept: [],
    discarded: [],
    capturing: false,
    started: false,
    sessionUrl: null,
    sessions: [],
    shutdownReason: null,
  });

  // 'waiting': settings not answered, or capture held for consent; 'capturing'; 'refused' (by
  // FullStory's settings); 'shutdown' (by FS('shutdown')).
  var phase = 'waiting';
  var settingsAnswered = false;
  var held = window._fs_capture_on_startup === false || scenario.held === true;
  var observers = {start: [], shutdown: []};
  var beforeStart = []; // data calls and Async settles waiting for capture ("the same queue", configure-capture)
  var uid = null;
  var sessionCount = 0;
  var deviceId = Math.random().toString(36).slice(2, 10);

  function appHost() {
    // current-session-url / proxy docs: session URLs live on `appHost` (`_fs_app_host`), else `app.<host>`.
    var env = record.env || {};
    var host = env.host || window._fs_host || 'fullstory.com';
    return env.appHost || window._fs_app_host || 'app.' + host;
  }

  function newSession() {
    sessionCount += 1;
    record.sessionUrl =
      'https://' +
      appHost() +
      '/ui/' +
      encodeURIComponent(record.org || 'unknown') +
      '/session/' +
      encodeURIComponent(deviceId + ':' + sessionCount);
    record.sessions.push(record.sessionUrl);
  }

  function setCapturing(on) {
    record.capturing = record.started = on;
    if (!on) record.sessionUrl = null;
  }

  function fireStart() {
    observers.start.slice().forEach(function (callback) {
      callback({sessionUrl: record.sessionUrl, settings: {}});
    });
    // v1: `window._fs_ready` is called once capture has started (v1 "FS ready" callback).
    if (version === '1' && typeof window._fs_ready === 'function') window._fs_ready();
  }

  function fireShutdown(reason) {
    record.shutdownReason = reason;
    observers.shutdown.slice().forEach(function (callback) {
      callback({reason: reason});
    });
  }

  // configure-capture: capture starts once settings are answered and the site has not held it.
  function maybeStart() {
    if (phase !== 'waiting' || !settingsAnswered || held) return;
    phase = 'capturing';
    newSession();
    setCapturing(true);
    // Calls made before capture are applied at startup, in order (callbacks-and-delegates, consent).
    var waiting = beforeStart.splice(0);
    waiting.forEach(function (apply) {
      apply();
    });
    fireStart();
  }

  function refuseCapture(reason) {
    phase = 'refused';
    // Blocked capture: nothing of this page is recorded; Async calls reject.
    var waiting = beforeStart.splice(0);
    waiting.forEach(function (apply) {
      apply(reason);
    });
    fireShutdown(reason);
  }

  function answerSettings() {
    settingsAnswered = true;
    if (scenario.unsupported) return; // system-requirements: unsupported browsers never capture
    if (refuse !== null) return refuseCapture(refuse);
    maybeStart();
  }

  function keep(entry) {
    if (phase === 'capturing') return record.kept.push(entry);
    if (phase === 'waiting') {
      beforeStart.push(function (refusedWith) {
        if (refusedWith === undefined) {
          record.kept.push(entry);
          applyIdentity(entry);
        } else record.discarded.push(entry);
      });
      return;
    }
    record.discarded.push(entry);
  }

  // identify / anonymize docs: a different uid splits the session; anonymizing an identified user
  // starts a new anonymous session; the same uid again changes nothing.
  function applyIdentity(entry) {
    var options = entry.options || {};
    var nextUid;
    if (version === '2') {
      if (entry.op !== 'setIdentity') return;
      if (options.anonymous === true) nextUid = null;
      else if (typeof options.uid === 'string') nextUid = options.uid;
      else return;
    } else {
      if (entry.op !== 'user' || !('uid' in options)) return;
      nextUid = options.uid === false ? null : String(options.uid);
    }
    var split = uid !== null && nextUid !== uid;
    uid = nextUid;
    if (split && phase === 'capturing') newSession();
  }

  function settleAsync(resolve, reject, value) {
    // Async variants resolve once capture has started, and reject when it will not
    // (callbacks-and-delegates, current-session-url; system-requirements for unsupported browsers).
    if (typeof resolve !== 'function') return;
    if (scenario.unsupported) return reject && reject(new Error('FullStory: browser not supported'));
    if (phase === 'capturing') return resolve(value());
    if (phase === 'waiting') {
      beforeStart.push(function (refusedWith) {
        if (refusedWith === undefined) resolve(value());
        else if (typeof reject === 'function')
          reject(new Error('FullStory capture refused (reason ' + refusedWith + ')'));
      });
      return;
    }
    if (typeof reject === 'function') reject(new Error('FullStory is not capturing'));
  }

  function session(format) {
    // current-session-url: null before capture starts.
    if (phase !== 'capturing') return null;
    if (format === 'id') return record.sessionUrl.split('/session/')[1];
    if (format === 'url.now') return record.sessionUrl + '%3A' + Date.now();
    return record.sessionUrl;
  }

  function restart() {
    // "as though it were a new page": after a shutdown, capture starts again with a session URL
    // that can differ; the simulator takes the branch where it does.
    if (phase !== 'shutdown') return;
    phase = 'capturing';
    newSession();
    setCapturing(true);
    fireStart();
  }

  function shutdown() {
    if (phase === 'refused' || phase === 'shutdown') return;
    phase = 'shutdown';
    setCapturing(false);
    // A shutdown before capture started: what was waiting is never recorded.
    beforeStart.splice(0).forEach(function (apply) {
      apply(0);
    });
    // callbacks-and-delegates: `shutdown` observers fire after FS('shutdown') (reason 0 here: manual).
    fireShutdown(0);
  }

  function apiV2(operation, options, source, resolve, reject, apiVersion) {
    var entry = {op: operation, options: options, source: source, apiVersion: apiVersion || 2};
    record.calls.push(entry);
    var result = null;
    switch (operation) {
      case 'init':
        record.env = (options && options.env) || {};
        if (record.env.orgId) record.org = record.env.orgId;
        if (record.env.captureOnStartup === false) held = true;
        break;
      case 'observe':
        if (options && observers[options.type] && typeof options.callback === 'function') {
          var list = observers[options.type];
          list.push(options.callback);
          // callbacks-and-delegates: `start` fires at once when capture already began.
          if (options.type === 'start' && phase === 'capturing')
            options.callback({sessionUrl: record.sessionUrl, settings: {}});
          if (options.type === 'shutdown' && record.shutdownReason !== null)
            options.callback({reason: record.shutdownReason});
          result = {
            disconnect: function () {
              var i = list.indexOf(options.callback);
              if (i >= 0) list.splice(i, 1);
            },
          };
        }
        break;
      case 'getSession':
        result = session(options && options.format);
        settleAsync(resolve, reject, function () {
          return session(options && options.format);
        });
        return result;
      case 'start':
        held = false;
        maybeStart();
        break;
      case 'shutdown':
        shutdown();
        break;
      case 'restart':
        restart();
        break;
      default:
        if (DATA_OPS.indexOf(operation) >= 0) {
          keep(entry);
          if (phase === 'capturing') applyIdentity(entry);
        }
    }
    settleAsync(resolve, reject, function () {
      return result;
    });
    return result;
  }

  // The v1 fs.js: queue entries are `[op, args, source]`; `rec` false/true is shutdown/restart.
  function apiV1(operation, args, source) {
    var entry = {op: operation, options: args, source: source, apiVersion: 1};
    record.calls.push(entry);
    if (operation === 'rec') return args ? restart() : shutdown();
    if (DATA_OPS.indexOf(operation) >= 0) {
      keep(entry);
      if (phase === 'capturing') applyIdentity(entry);
    }
  }

  function install() {
    var queue = fs.q || [];
    fs.q = null;
    if (version === '2') {
      fs._api = apiV2;
      queue.forEach(function (e) {
        apiV2(e[0], e[1], e[2], e[3], e[4], e[5]);
      });
    } else {
      fs._api = apiV1;
      fs.getCurrentSessionURL = function (now) {
        return session(now ? 'url.now' : 'url');
      };
      fs.getCurrentSession = function () {
        return session('id');
      };
      queue.forEach(function (e) {
        apiV1(e[0], e[1], e[2]);
      });
    }
    setTimeout(answerSettings, settingsDelay);
  }

  if (loadDelay === 'never') return;
  if (Number(loadDelay) > 0) setTimeout(install, Number(loadDelay));
  else install();
})();
