import type { LoaderFunctionArgs } from 'react-router'

/**
 * The arguments React Router 7 gives a loader or an action, for tests that call one directly:
 * the request, the params and the load context as before, plus the `url` and the matched
 * `pattern` the new argument types carry.
 */
export function routeArgs(args: { request: Request; params: Record<string, string | undefined>; context?: unknown; pattern?: string }): LoaderFunctionArgs {
  const { request, params, context, pattern } = args
  return { request, params, context: (context ?? {}) as LoaderFunctionArgs['context'], url: new URL(request.url), pattern: pattern ?? '' }
}

type DataWithInit = { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null }

function isDataWithInit(value: unknown): value is DataWithInit {
  return !!value && typeof value === 'object' && (value as { type?: unknown }).type === 'DataWithResponseInit'
}

/**
 * What a loader or action answered, whatever its form: `data(body, init)` (status from init),
 * a Response (its status, its JSON body if it has one) or a plain value (200).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function routeResult<T = any>(answer: unknown): Promise<{ status: number; headers: Headers; data: T }> {
  const value = await answer
  if (value instanceof Response) {
    const text = await value.text()
    const isJson = (value.headers.get('content-type') ?? '').includes('json')
    return { status: value.status, headers: value.headers, data: (isJson && text ? JSON.parse(text) : text) as T }
  }
  if (isDataWithInit(value)) return { status: value.init?.status ?? 200, headers: new Headers(value.init?.headers), data: value.data as T }
  return { status: 200, headers: new Headers(), data: value as T }
}
