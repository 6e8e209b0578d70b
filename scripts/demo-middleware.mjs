// Middleware shared by `npm start`, the test server and the benchmark: `/` goes to the demo, and
// `/demo/blocked-by-adblock/` is unreachable.
export function demoMiddleware() {
  return [
    function rootToDemo(ctx, next) {
      if (ctx.path === '/') {
        ctx.redirect('/demo/');
        return undefined;
      }
      return next();
    },
    unreachableMiddleware(),
  ];
}

/**
 * Requests under `/demo/blocked-by-adblock/` get no response at all: the connection is closed, as
 * when an ad blocker or a network drops the request (the browser reports a network error, not an
 * HTTP status). Scenarios that need fs.js to fail use it, so a deliberate failure is not a 404.
 */
export function unreachableMiddleware() {
  return function unreachable(ctx, next) {
    if (!ctx.path.startsWith('/demo/blocked-by-adblock/')) return next();
    ctx.respond = false;
    // Never sent (respond is off), but the servers read it: Koa's default 404 would have
    // web-test-runner list this request as a missing file.
    ctx.status = 204;
    ctx.req.socket.destroy();
    return undefined;
  };
}
