// Framework typings for <rudder-fullstory>, generated from custom-elements.json by the cem-tools
// generators (custom-element-jsx-integration, -vuejs-integration, -svelte-integration) during
// `npm run build` (a custom-elements-manifest analyzer plugin, see custom-elements-manifest.config.mjs).
// Nothing here lists an attribute or an event: whatever the element's JSDoc and `static properties`
// put in the manifest is what React, Preact, Solid, Vue and Svelte users can write.
//
// lib/frameworks/
//   jsx.d.ts, vue.d.ts, svelte-types.d.ts   the generators' output
//   react.d.ts, preact.d.ts, solid.d.ts,
//   svelte.d.ts                             one `declare module` / `declare global` each, wiring the
//                                           generated `CustomElements` into that framework's JSX
//                                           (the generators leave this step to the user)
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {generateJsxTypes} from 'custom-element-jsx-integration';
import {generateVuejsTypes} from 'custom-element-vuejs-integration';
import {generateSvelteTypes} from 'custom-element-svelte-integration';

export const FRAMEWORK_TYPES_DIR = 'lib/frameworks';

const camel = name => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const SET_BY_THE_ELEMENT = /^Set by the element\b/i;

/**
 * What a page author can write on the tag, as the generators read it from the manifest:
 * - attributes the element sets itself (`status`, `session-url`, `identified`: "Set by the element"
 *   in their JSDoc) and read-only getters (`status`, `sessionUrl`, `stats`) are not props;
 * - every attribute is typed by the class field behind it (`RudderFullStoryElement['preConsent']`),
 *   so the types follow the source; an `@attr` without a field (`nonce`) uses its camel-cased name,
 *   which must then exist on the element (HTMLElement's `nonce` does; pack:check fails otherwise);
 * - an event documented as `@fires {CustomEvent<Detail>}` is given to the generators as `Detail`:
 *   they wrap it in `CustomEvent<…>` themselves and import it next to the class.
 */
export function typingView(manifest) {
  const view = structuredClone(manifest);
  for (const mod of view.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName) continue;
      const readonly = new Set(
        (declaration.members ?? []).filter(member => member.readonly).map(member => member.name),
      );
      declaration.members = (declaration.members ?? []).filter(member => !member.readonly);
      declaration.attributes = (declaration.attributes ?? [])
        .filter(attribute => !SET_BY_THE_ELEMENT.test(attribute.description ?? ''))
        .filter(attribute => !readonly.has(attribute.fieldName))
        .map(attribute => ({...attribute, fieldName: attribute.fieldName ?? camel(attribute.name)}));
      declaration.events = (declaration.events ?? []).map(event => {
        const detail = /^CustomEvent<(.+)>$/.exec(event.type?.text?.trim() ?? '')?.[1];
        return detail ? {...event, type: {...event.type, text: detail}} : event;
      });
    }
  }
  return view;
}

/**
 * Vue's template type-checker (vue-tsc) sees the tag as a component and camel-cases what it is given
 * (`pre-consent` → `preConsent`, `@rudder-fullstory-drop` → `onRudderFullstoryDrop`), so with
 * `strictTemplates` the generator's kebab-case keys would reject every multi-word attribute and
 * both events. Vue's view names them the way Vue looks them up; at run time Vue hyphenates them back
 * (Vue JSX and `:preConsent` set the property, templates set the attribute, listeners get the
 * kebab-case event), so both spellings work in a template.
 */
export function vueView(manifest) {
  const view = typingView(manifest);
  for (const mod of view.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName) continue;
      declaration.attributes = declaration.attributes.map(attribute => ({...attribute, name: camel(attribute.name)}));
      declaration.events = declaration.events.map(event => {
        const name = camel(event.name);
        const description = `\`@${event.name}\`: ${event.description ?? ''}`;
        return {...event, name: name[0].toUpperCase() + name.slice(1), description};
      });
    }
  }
  return view;
}

/**
 * Svelte 5 listens with event attributes (`onrudder-fullstory-drop={…}`); the Svelte generator
 * writes Svelte 4's `on:rudder-fullstory-drop` only. Its `globalEvents` option adds the Svelte 5
 * form, made here from the same manifest events. (One element in this package, so "global" is it.)
 */
function svelteEventAttributes(view) {
  const lines = [];
  for (const mod of view.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName) continue;
      for (const event of declaration.events ?? []) {
        const description = (event.description ?? '').replace(/\*\//g, '*\\/');
        lines.push(
          `/** ${description} */`,
          `"on${event.name}"?: (e: CustomEvent<${event.type?.text ?? 'unknown'}>) => void;`,
        );
      }
    }
  }
  return lines.join('\n');
}

/**
 * The Svelte generator (1.2.0) types `children` and `style` with a global `JSX` namespace that
 * Svelte projects do not have ("Cannot find namespace 'JSX'" under `skipLibCheck: false`). In
 * Svelte, content between the tags is not a prop and `style` is a string; nothing else is touched,
 * and once the generator stops writing `JSX.` this does nothing.
 */
function withoutJsxNamespace(file) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/\bJSX\.Element\b/g, 'unknown').replace(/\bJSX\.CSSProperties\b/g, 'string'));
}

/** Where the typed class (and the event detail types) are, relative to lib/frameworks/. */
const globalTypePath = '../element.js';

const glue = {
  'react.d.ts': `// React 19: \`import type {} from 'rudder-fullstory/react'\` once, or "types": ["rudder-fullstory/react"].
import type {CustomElements} from './jsx.js';
export type {CustomElements, RudderFullStoryElementProps} from './jsx.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
`,
  'preact.d.ts': `// Preact: \`import type {} from 'rudder-fullstory/preact'\` once, or "types": ["rudder-fullstory/preact"].
import type {CustomElements} from './jsx.js';
export type {CustomElements, RudderFullStoryElementProps} from './jsx.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
`,
  'solid.d.ts': `// Solid: \`import type {} from 'rudder-fullstory/solid'\` once, or "types": ["rudder-fullstory/solid"].
import type {CustomElements} from './jsx.js';
export type {CustomElements, RudderFullStoryElementProps} from './jsx.js';

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}
`,
  'svelte.d.ts': `// Svelte: \`import type {} from 'rudder-fullstory/svelte'\` once, or "types": ["rudder-fullstory/svelte"].
import type {CustomElements} from './svelte-types.js';
export type {CustomElements} from './svelte-types.js';

declare global {
  namespace svelteHTML {
    interface IntrinsicElements extends CustomElements {}
  }
}
`,
};

/** The analyzer plugin: runs last, on the finished (public, published-path) manifest. */
export function frameworkTypes({outdir = FRAMEWORK_TYPES_DIR} = {}) {
  return {
    name: 'rudder-fullstory:framework-types',
    packageLinkPhase({customElementsManifest}) {
      const view = typingView(customElementsManifest);
      const options = {outdir, globalTypePath, hideLogs: true};
      mkdirSync(outdir, {recursive: true});
      generateJsxTypes(view, {...options, fileName: 'jsx.d.ts'});
      generateVuejsTypes(vueView(customElementsManifest), {...options, fileName: 'vue.d.ts'});
      generateSvelteTypes(view, {...options, fileName: 'svelte-types.d.ts', globalEvents: svelteEventAttributes(view)});
      withoutJsxNamespace(join(outdir, 'svelte-types.d.ts'));
      for (const [file, text] of Object.entries(glue)) writeFileSync(join(outdir, file), text);
    },
  };
}
