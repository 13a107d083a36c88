// A user's program against chatwire's typings under --strict --exactOptionalPropertyTypes
// --noUncheckedIndexedAccess: options given explicitly as `undefined` (as code passing its own
// optional settings through does), error classes and their fields, the code unions and their
// constants, sessions iteration, uploads from what users have, and the mock. Type-checked only.

import {
  APIConnectionError,
  APITimeoutError,
  ChatwireError,
  ConflictError,
  DevApi,
  DevApiErrorCode,
  MevichatErrorCode,
  MevichatFinishReason,
  MevichatStreamErrorCode,
  Mevichat,
  RateLimitError,
  StreamDeadlineError,
  UnprocessableEntityError,
  Vexar,
  type CallOptions,
  type DevApiSession,
  type ErrorCode,
  type MevichatEvent,
} from 'chatwire'
import { MockServer } from 'chatwire/testing'

/** Settings a caller may or may not have, passed through as they are. */
interface Settings {
  timeout?: number | undefined
  streamTimeout?: number | undefined
}

export async function strictUser(settings: Settings): Promise<void> {
  using mock = await MockServer.start({ port: undefined, tokenDelay: undefined })
  const f = mock.fixtures
  const devapi = new DevApi({
    apiKey: f.devapiKey,
    baseUrl: mock.baseUrl,
    timeout: settings.timeout,
    streamTimeout: settings.streamTimeout,
    connectTimeout: undefined,
    logger: undefined,
  })
  const options: CallOptions = { timeout: undefined, signal: undefined, connectTimeout: 1000, streamTimeout: 5000 }
  const usage = await devapi.getUsage({ startDate: undefined }, options)
  const firstModel: string | undefined = usage.byModel[0]?.model
  void firstModel

  const sessions: DevApiSession[] = []
  for await (const session of devapi.sessions({ perPage: 10, page: undefined })) {
    sessions.push(session)
    if (sessions.length === 20) break
  }
  const last: string | undefined = sessions[sessions.length - 1]?.sessionId
  void last

  const mevichat = new Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl })
  for await (const event of mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi', visitorId: undefined })) {
    describe(event)
  }

  const vexar = new Vexar({ siteKey: f.vexarSiteKey, baseUrl: mock.baseUrl })
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
  for (const image of [png, png.buffer, new Blob([png], { type: 'image/png' }), new File([png], 'a.png'), '/tmp/a.png']) {
    await vexar.uploadImage({ sessionId: 's', image, fileName: 'a.png', contentType: undefined })
  }

  mock.pushFault({ fault: 'replay', body: 'data: {}\n\n', chunks: [1], end: 'break', path: undefined })
  // @ts-expect-error: not a fault the mock knows
  mock.pushFault({ fault: 'no_such_fault' })
  // @ts-expect-error: a timeout is a number of milliseconds
  void devapi.getUsage({}, { timeout: '500' })
  const { faults } = (await mock.control('GET', '/__mock/faults')) as { faults: unknown[] }
  void faults
}

/** A Mevichat event, by its kind, with the typed codes it may carry. */
function describe(event: MevichatEvent): string {
  switch (event.type) {
    case 'error': {
      const code: MevichatStreamErrorCode = event.code
      const plan: string | undefined = event.plan
      return code === MevichatStreamErrorCode.QUOTA_EXCEEDED ? `out of quota (${plan ?? 'no plan'})` : code
    }
    case 'done': {
      const reason: MevichatFinishReason = event.finishReason
      return reason === MevichatFinishReason.STOP ? 'done' : reason
    }
    default:
      return event.type
  }
}

/** What went wrong, by class and code, as a caller matches errors. */
export function explain(error: unknown): string {
  if (error instanceof StreamDeadlineError) return `the stream ran past ${error.timeoutMs} ms`
  if (error instanceof APITimeoutError) return `no answer within ${error.timeoutMs} ms`
  if (error instanceof APIConnectionError) return 'no connection'
  if (error instanceof RateLimitError) {
    const wait: number | undefined = error.retryAfter
    return `rate limited; retry in ${wait ?? 'a while'} s`
  }
  if (error instanceof ConflictError || error instanceof UnprocessableEntityError) return `refused: ${error.status}`
  if (error instanceof ChatwireError) {
    const code: ErrorCode = error.code
    if (code === MevichatErrorCode.INVALID_API_KEY || code === DevApiErrorCode.INVALID_API_KEY) return 'bad key'
    return code
  }
  return String(error)
}
