/**
 * The FullStory simulator's own contract (demo/fs-simulator.js), seen through the element: what the
 * acceptance tests rely on it to imitate of FullStory's documented lifecycle.
 */
import {expect} from '@open-wc/testing';
import {SIMULATOR, freshNamespace, mount, resetBus, unmountAll, until, untilStatus} from '../support/fixtures.js';

const ORG = 'o-SIM1-na1';
const settle = (promise: Promise<unknown>) =>
  promise.then(
    value => ['resolved', value],
    error => ['rejected', String(error)],
  );

describe('FullStory simulator', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('held capture: getSession is null before FS("start"), getSessionAsync resolves once capture starts', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: `${SIMULATOR}?scenario=held`, namespace: ns});
    await untilStatus(el, 'ready');
    const fs = (window as any)[ns];
    expect(fs('getSession', {format: 'url'})).to.equal(null);
    const pending = settle(fs('getSessionAsync', {format: 'url'}));
    expect(el.capturing).to.equal(false);
    fs('start');
    await until(() => el.capturing, 'capturing');
    expect(await pending).to.deep.equal(['resolved', el.sessionUrl]);
  });

  it('refused capture: shutdown observers get the reason code, getSessionAsync rejects, start never fires', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: `${SIMULATOR}?scenario=quota`, namespace: ns});
    await until(() => el.reason?.startsWith('capture-over-quota: ') === true, 'the quota reason');
    const fs = (window as any)[ns];
    const [outcome] = await settle(fs('getSessionAsync', {format: 'url'}));
    expect(outcome).to.equal('rejected');
    expect(window.__fsSimulator![ns]).to.deep.include({shutdownReason: 3, capturing: false, sessions: []});
  });

  it("debug warns when host is not FullStory's and app-host is missing; not with app-host", async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), host: 'fs-proxy.example.com', debug: true});
      mount({
        org: ORG,
        script: SIMULATOR,
        namespace: freshNamespace(),
        host: 'fs-proxy2.example.com',
        'app-host': 'app.fullstory.com',
        debug: true,
      });
      await new Promise(resolve => setTimeout(resolve, 50));
    } finally {
      console.warn = warn;
    }
    const appHost = warnings.filter(line => line.includes('app-host'));
    expect(appHost).to.have.length(1);
    expect(appHost[0]).to.include('fs-proxy.example.com');
  });
});
