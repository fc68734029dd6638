/**
 * The framework's own floor: a resource route that answers a short text through the route
 * handler, with no data and no render. The bench measures pages against it (beside the bare
 * Express `/healthz`), so what a page costs is told apart from what the framework costs.
 */
export function loader() {
  return new Response('pong', { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
}
