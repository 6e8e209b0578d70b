// The dev-server configuration shared by `npm start`, the screenshot script and the benchmark.
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {demoMiddleware} from './demo-middleware.mjs';
import {rudderstackMiddleware} from './rudderstack-middleware.mjs';

export function serverConfig(port) {
  return {
    rootDir: '.',
    port,
    hostname: 'localhost',
    nodeResolve: {exportConditions: ['production']},
    plugins: [esbuildPlugin({ts: true, target: 'es2022', tsconfig: './tsconfig.json'})],
    // The SDK demo runs the real RudderStack SDK offline: this answers its config and data plane.
    middleware: [...demoMiddleware(), rudderstackMiddleware()],
  };
}
