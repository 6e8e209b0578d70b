import {expect} from '@open-wc/testing';
import {acquireFullStory, findPageNamespace, findPageNonce} from '../../src/fullstory/adoption.js';
import {resolveConfig, resolveScriptUrl} from '../../src/fullstory/config.js';
import {PENDING_LIMIT} from '../../src/fullstory/handle.js';
import {captureReason} from '../../src/fullstory/reasons.js';
import {createQueueStub} from '../../src/fullstory/snippet.js';
import {freshNamespace} from '../support/fixtures.js';

const base = 'http://localhost:8000/page.html';

describe('loader: configuration', () => {
  it('accepts only the script forms SPEC §5 allows', () => {
    expect(resolveScriptUrl('edge.fullstory.com/s/fs.js', base)?.href).to.equal('https://edge.fullstory.com/s/fs.js');
    expect(resolveScriptUrl('https://proxy.example.com/fs.js', base)?.href).to.equal('https://proxy.example.com/fs.js');
    expect(resolveScriptUrl('/vendor/fs.js', base)?.href).to.equal('http://localhost:8000/vendor/fs.js');
    expect(resolveScriptUrl('http://127.0.0.1:9000/fs.js', base)?.href).to.equal('http://127.0.0.1:9000/fs.js');
    expect(resolveScriptUrl('localhost:9000/fs.js', base)?.href).to.equal('https://localhost:9000/fs.js');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/javascript,alert(1)',
      'http://evil.example/fs.js',
      'blob:http://localhost/x',
      'https://user:pw@x.test/fs.js',
      ' ',
      'https://x.test/\nfs.js',
    ]) {
      expect(resolveScriptUrl(bad, base), bad).to.equal(null);
    }
  });

  it('requires a well-formed org id', () => {
    expect(resolveConfig({base})).to.deep.equal({ok: false, reason: 'org attribute is missing'});
    expect(resolveConfig({org: 'o-1A2B3C-na1', base}).ok).to.equal(true);
    expect(resolveConfig({org: 'ABC12', base}).ok).to.equal(true);
    for (const bad of ['o-', '"><script>', 'o-1A2B3C-na1 x', 'https://x'])
      expect(resolveConfig({org: bad, base}).ok, bad).to.equal(false);
  });

  it('says which attribute is wrong, what it was and what it should look like', () => {
    const reason = (input: Partial<Parameters<typeof resolveConfig>[0]>) => {
      const result = resolveConfig({org: 'o-1A2B3C-na1', base, ...input});
      return result.ok ? undefined : result.reason;
    };
    expect(reason({org: 'o-'})).to.equal('org "o-" is not a FullStory org id (o-XXXX-na1)');
    expect(reason({script: 'javascript:alert(1)'})).to.match(/^script "javascript:alert\(1\)" is not https/);
    expect(reason({namespace: 'window'})).to.match(/^namespace "window" is not /);
    expect(reason({appHost: 'https://x/y'})).to.match(/^app-host "https:\/\/x\/y" is not /);
    expect(reason({destinationId: 'a b'})).to.match(/^destination-id "a b" is not /);
  });

  it('builds the script URL with the org, as snippet 2.1 does', () => {
    const result = resolveConfig({org: 'o-1A2B3C-na1', base});
    expect(result.ok && result.config).to.deep.include({
      host: 'fullstory.com',
      namespace: 'FS',
      scriptUrl: 'https://edge.fullstory.com/s/fs.js?org=o-1A2B3C-na1',
      timeout: 10000,
    });
  });

  it('uses the EU hosts for -eu1 orgs, and the debug script in debug mode', () => {
    const eu = resolveConfig({org: 'o-ABC123-eu1', base});
    expect(eu.ok && eu.config.host).to.equal('eu1.fullstory.com');
    expect(eu.ok && eu.config.scriptUrl).to.equal('https://edge.eu1.fullstory.com/s/fs.js?org=o-ABC123-eu1');
    const debug = resolveConfig({org: 'o-1A2B3C-na1', debug: true, base});
    expect(debug.ok && debug.config.scriptUrl).to.contain('/s/fs-debug.js');
    const custom = resolveConfig({org: 'o-1A2B3C-na1', debug: true, script: '/fs.js', base});
    expect(custom.ok && custom.config.scriptUrl).to.equal('http://localhost:8000/fs.js?org=o-1A2B3C-na1');
  });

  it('refuses hosts and namespaces that are not names', () => {
    expect(resolveConfig({org: 'o-1-na1', host: 'https://x.test/', base}).ok).to.equal(false);
    for (const namespace of ['my-fs', 'window', 'location', '1FS']) {
      expect(resolveConfig({org: 'o-1-na1', namespace, base}).ok, namespace).to.equal(false);
    }
  });
});

describe('loader: capture reasons', () => {
  it("names FullStory's documented shutdown codes, and any other code by its number", () => {
    const codes = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(code => captureReason(code).split(': ')[0]);
    expect(codes).to.deep.equal([
      'capture-shutdown',
      'capture-no-account',
      'capture-account-disabled',
      'capture-over-quota',
      'capture-domain-filtered',
      'capture-ip-filtered',
      'capture-user-agent-filtered',
      'capture-geography-filtered',
      'capture-ramping',
    ]);
    for (const code of [9, -1, 1.5, '3', undefined]) expect(captureReason(code)).to.match(/^capture-stopped: .+\S/);
    expect(captureReason(42)).to.contain('42');
  });
});

describe('loader: the snippet queue', () => {
  it('queues calls as [operation, options, source, resolve, reject, apiVersion] until _api exists', () => {
    const fs = createQueueStub();
    fs('trackEvent', {name: 'E', properties: {}});
    expect(fs.q).to.have.length(1);
    expect(fs.q![0]).to.deep.equal(['trackEvent', {name: 'E', properties: {}}, undefined, undefined, undefined, 2]);
    expect(fs._v).to.equal('2.1.0');
    expect(fs._w).to.have.property('fetch');
  });

  it('returns a promise for …Async operations, settled by fs.js through the queue entry', async () => {
    const fs = createQueueStub();
    const promise = fs('getSessionAsync', {format: 'url'}) as Promise<string>;
    const entry = fs.q![0];
    expect(entry[0]).to.equal('getSession');
    (entry[3] as (v: string) => void)('https://app.fullstory.com/ui/x/session/1');
    expect(await promise).to.equal('https://app.fullstory.com/ui/x/session/1');
  });

  it('calls _api directly once fs.js installed it', () => {
    const fs = createQueueStub();
    const seen: unknown[][] = [];
    fs._api = (...args: unknown[]) => seen.push(args);
    fs('setIdentity', {uid: 'u'});
    expect(fs.q).to.have.length(0);
    expect(seen[0].slice(0, 2)).to.deep.equal(['setIdentity', {uid: 'u'}]);
  });

  it('finds the page nonce from a meta tag or a nonced script', () => {
    const doc = document.implementation.createHTMLDocument('t');
    expect(findPageNonce(doc)).to.equal(undefined);
    const script = doc.createElement('script');
    script.setAttribute('nonce', 'from-script');
    doc.head.appendChild(script);
    expect(findPageNonce(doc)).to.equal('from-script');
    const meta = doc.createElement('meta');
    meta.name = 'csp-nonce';
    meta.content = 'from-meta';
    doc.head.appendChild(meta);
    expect(findPageNonce(doc)).to.equal('from-meta');
  });
});

describe('loader: hardening', () => {
  // A document with no browsing context: scripts appended to it are never fetched.
  const inert = () => document.implementation.createHTMLDocument('inert');
  const configFor = (input: Partial<Parameters<typeof resolveConfig>[0]>) => {
    const result = resolveConfig({base: location.href, ...input});
    if (!result.ok) throw new Error(result.reason);
    return result.config;
  };

  it("accepts a script URL on the page's own origin written out in full, as the Trusted Types policy sees it", () => {
    expect(resolveScriptUrl('http://intranet.example/fs.js?org=x', 'http://intranet.example/page')?.href).to.equal(
      'http://intranet.example/fs.js?org=x',
    );
    expect(resolveScriptUrl('http://other.example/fs.js', 'http://intranet.example/page')).to.equal(null);
    expect(resolveScriptUrl('blob:http://intranet.example/x', 'http://intranet.example/page')).to.equal(null);
  });

  it('uses the EU hosts for -eu1 orgs unless host or script are given, each on its own', () => {
    const eu = configFor({org: 'o-EU1A-eu1'});
    expect([eu.host, new URL(eu.scriptUrl).host]).to.deep.equal(['eu1.fullstory.com', 'edge.eu1.fullstory.com']);
    const proxied = configFor({org: 'o-EU1A-eu1', host: 'fs-proxy.example.com'});
    expect([proxied.host, new URL(proxied.scriptUrl).host]).to.deep.equal([
      'fs-proxy.example.com',
      'edge.eu1.fullstory.com',
    ]);
    const scripted = configFor({org: 'o-EU1A-eu1', script: 'cdn.example.com/fs.js'});
    expect([scripted.host, new URL(scripted.scriptUrl).host]).to.deep.equal(['eu1.fullstory.com', 'cdn.example.com']);
    const na = configFor({org: 'o-NA1A-na1'});
    expect([na.host, new URL(na.scriptUrl).host]).to.deep.equal(['fullstory.com', 'edge.fullstory.com']);
  });

  // Snippet 2.1: `init` env.script is FullStory's scheme-less `host/path`, with no query, whatever the
  // script; the tag itself loads `https://<script>?org=…`. app-host goes in env as appHost.
  const INIT_SCRIPTS: [string, Partial<Parameters<typeof resolveConfig>[0]>, string][] = [
    ['the default script', {}, 'edge.fullstory.com/s/fs.js'],
    ['the default debug script', {debug: true}, 'edge.fullstory.com/s/fs-debug.js'],
    ['a scheme-less script', {script: 'cdn.example.com/fs/fs.js'}, 'cdn.example.com/fs/fs.js'],
    ['an https: script with a query', {script: 'https://cdn.example.com/fs.js?v=2&org=x'}, 'cdn.example.com/fs.js'],
    ['a protocol-relative script', {script: '//cdn.example.com/fs.js'}, 'cdn.example.com/fs.js'],
    ['an https: script on a port', {script: 'https://cdn.example.com:8443/s/fs.js'}, 'cdn.example.com:8443/s/fs.js'],
    [
      'a same-origin path with a query',
      {script: '/demo/fs-simulator.js?scenario=held'},
      `${location.host}/demo/fs-simulator.js`,
    ],
  ];
  for (const [what, input, script] of INIT_SCRIPTS) {
    it(`inits fs.js as snippet 2.1 does, env.script scheme-less and without query: ${what}`, () => {
      const doc = inert();
      const ns = freshNamespace();
      const config = configFor({org: 'o-INIT1-na1', namespace: ns, timeout: 50, ...input});
      expect(acquireFullStory(config, doc).ok).to.equal(true);
      const [operation, options] = (window as any)[ns].q[0];
      expect(operation).to.equal('init');
      expect(options).to.deep.equal({env: {orgId: 'o-INIT1-na1', host: 'fullstory.com', script}});
      const tag = doc.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)!;
      expect(new URL(tag.src).searchParams.get('org')).to.equal('o-INIT1-na1');
    });
  }

  it('passes app-host to fs.js as init env appHost, as @fullstory/browser does; refuses one that is not a host', () => {
    const doc = inert();
    const ns = freshNamespace();
    const config = configFor({
      org: 'o-INIT2-na1',
      namespace: ns,
      timeout: 50,
      host: 'fs.example.com',
      appHost: 'app.fullstory.com',
    });
    acquireFullStory(config, doc);
    expect((window as any)[ns].q[0][1].env).to.deep.include({host: 'fs.example.com', appHost: 'app.fullstory.com'});
    expect(resolveConfig({base: location.href, org: 'o-INIT2-na1', appHost: 'https://x/y'}).ok).to.equal(false);
  });

  it('injects the EU script and hands fs.js the EU host for a -eu1 org', () => {
    const doc = inert();
    const ns = freshNamespace();
    const acquired = acquireFullStory(configFor({org: 'o-EU1B-eu1', namespace: ns, timeout: 50}), doc);
    expect(acquired.ok).to.equal(true);
    const script = doc.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)!;
    expect(script.src).to.equal('https://edge.eu1.fullstory.com/s/fs.js?org=o-EU1B-eu1');
    const [operation, options] = (window as any)[ns].q[0];
    expect(operation).to.equal('init');
    expect(options).to.deep.equal({
      env: {
        orgId: 'o-EU1B-eu1',
        host: 'eu1.fullstory.com',
        script: 'edge.eu1.fullstory.com/s/fs.js',
      },
    });
  });

  it(`keeps at most ${PENDING_LIMIT} calls while FullStory loads and refuses the rest as queue-full`, () => {
    const ns = freshNamespace();
    const acquired = acquireFullStory(configFor({org: 'o-PEND1-na1', namespace: ns, timeout: 50}), inert());
    if (!acquired.ok) throw new Error(acquired.reason);
    const refused: (string | undefined)[] = [];
    for (let i = 0; i < PENDING_LIMIT + 25; i++) {
      acquired.handle.send({op: 'trackEvent', options: {name: `E${i}`, properties: {}}}, (ok, reason) =>
        refused.push(reason),
      );
    }
    expect(acquired.handle.pending).to.equal(PENDING_LIMIT);
    expect(refused).to.deep.equal(Array(25).fill('queue-full'));
  });

  it('finds a FullStory the page has under another name, for elements without a namespace', () => {
    const doc = inert();
    const ns = freshNamespace();
    expect(findPageNamespace(doc)).to.equal(undefined);
    const tag = doc.createElement('script');
    tag.setAttribute('data-fs-namespace', ns);
    doc.head.appendChild(tag);
    expect(findPageNamespace(doc)).to.equal(undefined); // a tag alone is not a FullStory
    (window as any)[ns] = createQueueStub();
    try {
      expect(findPageNamespace(doc)).to.equal(ns);
    } finally {
      delete (window as any)[ns];
    }
  });

  it('refuses to adopt a FullStory whose script tag names another org', () => {
    const doc = inert();
    const ns = freshNamespace();
    const tag = doc.createElement('script');
    tag.setAttribute('data-fs-namespace', ns);
    tag.src = 'https://edge.fullstory.com/s/fs.js?org=o-THEIRS1-na1';
    doc.head.appendChild(tag);
    const fs = createQueueStub();
    fs.q = null; // fs.js has taken the queue: only the tag still says which org
    (window as any)[ns] = fs;
    try {
      const acquired = acquireFullStory(configFor({org: 'o-MINE1-na1', namespace: ns}), doc);
      expect(acquired).to.deep.equal({
        ok: false,
        reason: 'FullStory is already running on this page for org o-THEIRS1-na1 (loaded by a snippet or another tool)',
      });
    } finally {
      delete (window as any)[ns];
    }
  });
});
