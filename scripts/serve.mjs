// `npm start`: serves the demo (and the sources it imports, compiled on the fly) on localhost.
// PORT picks the port (default 8000).
import {startDevServer} from '@web/dev-server';
import {serverConfig} from './server-config.mjs';

export async function serve(port = Number(process.env.PORT) || 8000) {
  const server = await startDevServer({
    config: serverConfig(port),
    readCLIArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  const address = server.server?.address();
  return {server, url: `http://localhost:${typeof address === 'object' && address ? address.port : port}`};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {url} = await serve();
  console.log(`rudder-fullstory demo: ${url}/demo/`);
  console.log('Press Ctrl+C to stop.');
}
