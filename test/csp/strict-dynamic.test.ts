// The CSP suite (csp.test.ts) on a runner page whose policy adds 'strict-dynamic' (see nonce.test.ts).
import './csp.test.js';
