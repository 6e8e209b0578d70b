// The CSP suite (csp.test.ts) on a runner page whose policy is `script-src 'nonce-…'` alone. One
// entry file per policy, so each browser's "N test files" counts what it runs (the suite used to
// run twice from one file, and web-test-runner counted it once: "Running 19" against "0/20").
import './csp.test.js';
