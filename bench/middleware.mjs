// Dev-server middleware for the benchmark pages.
export const DATA_PLANE_PATH = '/bench/dataplane';

export function benchMiddleware() {
  return [
    // Cross-origin isolation: only then do browsers give `performance.now()` 5 µs resolution
    // (100 µs otherwise, more than the 20 µs budget being measured). Everything is same-origin.
    async function crossOriginIsolation(ctx, next) {
      await next();
      ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
      ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
    },
    // RudderStack's data plane on loopback: the SDK posts its events here and is told they arrived.
    function dataPlane(ctx, next) {
      if (!ctx.path.startsWith(DATA_PLANE_PATH)) return next();
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = '{}';
      return undefined;
    },
  ];
}
