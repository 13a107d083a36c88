// Where the examples send their requests: the bundled mock server, unless CHATWIRE_BASE_URL
// names a real one (then the keys come from the environment too).

import { MockServer } from 'chatwire/testing'

/** The server and the credentials it takes. */
export interface Server {
  baseUrl: string
  mevichatKey: string
  origin: string
  /** A Mevichat session (a UUID). */
  sessionId: string
  exportToken: string
  vexarKey: string
  devapiKey: string
  widgetKey: string
  /** The mock server, when it is one. */
  mock?: MockServer
}

/**
 * Runs `run(at)` against the server and answers what it answers; a mock server started for it
 * is stopped afterwards, however `run` ends. `tokenDelay` is the mock's pause between streamed
 * tokens, in ms.
 */
export async function withServer<T>(
  run: (at: Server) => Promise<T>,
  { tokenDelay = 40 }: { tokenDelay?: number } = {},
): Promise<T> {
  const baseUrl = process.env.CHATWIRE_BASE_URL
  if (baseUrl) {
    const env = (name: string, fallback = ''): string => process.env[name] || fallback
    return run({
      baseUrl,
      mevichatKey: env('MEVICHAT_PUBLIC_KEY'),
      origin: env('MEVICHAT_ORIGIN'),
      sessionId: env('CHATWIRE_SESSION_ID', '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1'),
      exportToken: env('MEVICHAT_EXPORT_TOKEN'),
      vexarKey: env('VEXAR_SITE_KEY'),
      devapiKey: env('DEVAPI_API_KEY'),
      widgetKey: env('WIDGETKEY_API_KEY'),
    })
  }
  const mock = await MockServer.start({ tokenDelay })
  try {
    const fixtures = mock.fixtures
    return await run({
      baseUrl: mock.baseUrl,
      mevichatKey: fixtures.mevichatPublicKey,
      origin: fixtures.origin,
      sessionId: fixtures.seededSessionId,
      exportToken: fixtures.exportJwt,
      vexarKey: fixtures.vexarSiteKey,
      devapiKey: fixtures.devapiKey,
      widgetKey: fixtures.widgetKey,
      mock,
    })
  } finally {
    mock.stop()
  }
}
