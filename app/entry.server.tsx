import { ServerRouter, UNSAFE_ErrorResponseImpl, type AppLoadContext, type EntryContext } from 'react-router'
import { createReadableStreamFromReadable } from '@react-router/node'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { FAILURE_STATUS, isMalformedBody } from '~/server/known-failures'
import { isDatabaseUnavailable } from '~/utils/database-errors'
import { coalescingStream } from '~/utils/coalesce-stream.server'
import { logger } from '~/utils/logger.server'
import { HtmlTailLast } from '~/server/html-tail'

/** How long deferred data may stream; React Router reads this export (Remix's abortDelay). */
export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce
  if (loadContext?.failure?.kind) showFailure(routerContext, FAILURE_STATUS[loadContext.failure.kind])
  // Bots and no-JS readers get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} nonce={nonce} />,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          // Streamed data scripts go before `</body></html>`, not after (server/html-tail.ts).
          const tail = new HtmlTailLast()
          const body = tail.pipe(coalescingStream())
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          )
          pipe(tail)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logger.error({ err: error, requestId: loadContext?.requestId }, 'render error')
        },
      },
    )
    setTimeout(abort, streamTimeout + 1000)
  })
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return
  // Not bugs: Express answers 503 + Retry-After or 400 (server/known-failures.ts); one line, no stack.
  const kind = isDatabaseUnavailable(error) ? 'databaseUnavailable' : isMalformedBody(error) ? 'malformedBody' : null
  if (kind) {
    if (context?.failure) context.failure.kind = kind
    logger.warn({ url: request.url, failure: kind }, kind === 'databaseUnavailable' ? 'database unavailable' : 'malformed request body')
    return
  }
  logger.error({ err: error, url: request.url }, 'unhandled route error')
}

/** The boundary says what happened ("try again in a moment", "check the form"), not "something went wrong". */
function showFailure(routerContext: EntryContext, status: number) {
  const errors = routerContext.staticHandlerContext.errors
  if (!errors) return
  for (const id of Object.keys(errors)) errors[id] = new UNSAFE_ErrorResponseImpl(status, '', null)
  routerContext.staticHandlerContext.statusCode = status
}
