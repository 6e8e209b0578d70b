import {expect} from '@open-wc/testing';
import {RudderFullStoryElement} from '../src/element.js';

// SPEC §5, as a page author and a script see the element.
const SPEC_ATTRIBUTES = [
  'org',
  'debug',
  'host',
  'script',
  'namespace',
  'nonce',
  'timeout',
  'disabled',
  'destination-id',
  'camelcase',
  'anonymous',
  'page-properties',
  'status',
  'session-url',
  'identified',
];
const SPEC_PROPERTIES = ['status', 'sessionUrl', 'stats'];
const SPEC_EVENTS = ['rudder-fullstory-status', 'rudder-fullstory-drop'];

describe('custom-elements.json (built by npm run build)', () => {
  let element: any;
  before(async () => {
    const manifest = await (await fetch('/custom-elements.json')).json();
    const declarations = manifest.modules.flatMap((mod: any) => mod.declarations ?? []);
    element = declarations.find((declaration: any) => declaration.tagName === 'rudder-fullstory');
  });

  it('declares the rudder-fullstory tag, defined by the package entry', async () => {
    const manifest = await (await fetch('/custom-elements.json')).json();
    const definitions = manifest.modules
      .filter((mod: any) => (mod.exports ?? []).some((entry: any) => entry.kind === 'custom-element-definition'))
      .map((mod: any) => mod.path);
    expect(element?.name).to.equal('RudderFullStoryElement');
    expect(definitions).to.deep.equal(['lib/index.js']);
  });

  it('lists every §5 attribute, and every attribute the element observes, each with a description', () => {
    const listed = element.attributes.map((attribute: any) => attribute.name);
    expect(listed).to.include.members(SPEC_ATTRIBUTES);
    expect(listed).to.include.members([...(RudderFullStoryElement as any).observedAttributes]);
    for (const attribute of element.attributes)
      expect(attribute.description?.length ?? 0, attribute.name).to.be.above(0);
  });

  it('lists the §5 properties and the property behind each author attribute', () => {
    const members = element.members.filter((member: any) => member.kind === 'field').map((member: any) => member.name);
    expect(members).to.include.members([...SPEC_PROPERTIES, 'org', 'debug', 'destinationId', 'pageProperties']);
    expect(element.members.every((member: any) => member.privacy !== 'private')).to.equal(true);
  });

  it('lists the §5 events with their detail types', () => {
    expect(element.events.map((event: any) => [event.name, event.type.text])).to.deep.equal([
      [SPEC_EVENTS[0], 'CustomEvent<StatusEventDetail>'],
      [SPEC_EVENTS[1], 'CustomEvent<DropEventDetail>'],
    ]);
  });
});
