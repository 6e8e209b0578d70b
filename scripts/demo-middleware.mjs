// Middleware shared by `npm start` and the test server: `/` goes to the demo.
export function demoMiddleware() {
  return [
    function rootToDemo(ctx, next) {
      if (ctx.path === '/') {
        ctx.redirect('/demo/');
        return undefined;
      }
      return next();
    },
  ];
}
