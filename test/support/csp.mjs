// Pages under a strict Content-Security-Policy, for the tests that prove SPEC §8:
// - `cspGroup`: a web-test-runner group whose runner page carries the policy in a <meta>, with a
//   fresh nonce on its own module script (the test modules inherit it);
// - `cspHeaderMiddleware`: fixture pages served with the policy as a real response header, where
//   browsers hide nonce attributes and only the `.nonce` property keeps the value.
import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';

/** The policy the element must work under, unchanged (issue #5's acceptance). */
export const policy = (nonce, {strictDynamic = false, trustedTypes = 'rudder-fullstory lit-html'} = {}) =>
  `script-src 'nonce-${nonce}'${strictDynamic ? " 'strict-dynamic'" : ''}; ` +
  `require-trusted-types-for 'script'; trusted-types ${trustedTypes} 'allow-duplicates'`;

const newNonce = () => randomBytes(16).toString('base64');

/** A test group whose pages run under the policy, with or without 'strict-dynamic'. */
export function cspGroup(name, files, {strictDynamic}) {
  const nonce = newNonce();
  return {
    name,
    files,
    testRunnerHtml: testFramework => `<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Security-Policy" content="${policy(nonce, {strictDynamic})}">
    <script nonce="${nonce}">
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', e =>
        __cspViolations.push({directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI}));
    </script>
  </head>
  <body>
    <script type="module" nonce="${nonce}" src="${testFramework}"></script>
  </body>
</html>`,
  };
}

/**
 * web-test-runner's dev server appends its own web-socket script to runner pages after the policy
 * is in force; on a CSP runner page it gets the page's nonce, like any script the page owner includes.
 */
export function nonceRunnerScriptsPlugin() {
  return {
    name: 'csp-runner-nonce',
    transform(context) {
      if (context.path !== '/' || typeof context.body !== 'string') return undefined;
      const nonce = /<meta http-equiv="Content-Security-Policy" content="[^"]*'nonce-([^']+)'/.exec(context.body)?.[1];
      return nonce ? context.body.replace(/<script(?![^>]*\bnonce=)/g, `<script nonce="${nonce}"`) : undefined;
    },
  };
}

/**
 * Serves `test/fixtures/csp-*.html` with the policy as a response header and a fresh nonce per
 * request, written into the page wherever it says `{{nonce}}`. Query: `element-nonce` also puts
 * the nonce on the element (`{{element-nonce}}`); `trusted-types=lit-html` leaves our policy out.
 */
export function cspHeaderMiddleware() {
  return async function cspHeader(ctx, next) {
    const match = /^\/test\/fixtures\/(csp-[a-z-]+)\.html$/.exec(ctx.path);
    if (!match) return next();
    const nonce = newNonce();
    const html = await readFile(new URL(`../fixtures/${match[1]}.html`, import.meta.url), 'utf8');
    ctx.set('Content-Security-Policy', policy(nonce, {trustedTypes: ctx.query['trusted-types'] || undefined}));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = html
      .replaceAll('{{element-nonce}}', 'element-nonce' in ctx.query ? `nonce="${nonce}"` : '')
      .replaceAll('{{nonce}}', nonce);
  };
}
