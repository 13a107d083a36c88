// A user's program of the workflows over the calls, type-checked under the strictest flags:
// reply() on any client, a conversation resumed from its ids as the getters give them, a watcher's
// events narrowed by `type`, a bulk export's summary with its typed errors, and the rate-limit
// options; `@ts-expect-error` marks what the typings must refuse.

import {
  ChatwireError,
  DevApi,
  Mevichat,
  NotFoundError,
  OperatorModeError,
  Vexar,
  WidgetKey,
  type Conversation,
  type FinalMessage,
  type HistoryEntry,
  type MevichatExportProgress,
  type MevichatExportSummary,
  type WatchEvent,
} from 'chatwire'

export async function workflows(sessionIds: string[]): Promise<void> {
  const limited = { rateLimit: 'wait', rateLimits: { '*': { requests: 10, perMs: 1000 } } } as const
  const clients = [new Mevichat(limited), new Vexar(limited), new DevApi(limited), new WidgetKey({ rateLimit: 'off' })]
  for (const client of clients) {
    const reply: FinalMessage = await client.reply({ sessionId: 's', message: 'hi' })
    void reply.finish.sessionId
  }
  // @ts-expect-error: rateLimit is 'wait' or 'off'
  void new DevApi({ rateLimit: 'sometimes' })
  // @ts-expect-error: a limit is { requests, perMs }
  void new DevApi({ rateLimit: 'wait', rateLimits: { chat: { requests: 1 } } })

  const devapi = new DevApi()
  const conversation: Conversation = devapi.conversation()
  const first: string = await conversation.send('hi').text()
  void first
  // The ids as the getters give them (null before the server names them) resume it.
  const resumed = devapi.conversation({ sessionId: conversation.sessionId, conversationId: conversation.conversationId })
  const history: HistoryEntry[] = await resumed.history()
  const roles: (string | undefined)[] = history.map((entry) => entry.role)
  void roles

  const vexar = new Vexar()
  const controller = new AbortController()
  await using watch = vexar.watch({ sessionId: 'sess_1', intervalMs: 500, signal: controller.signal })
  for await (const event of watch) {
    describe(event)
  }
  watch.close()
  try {
    await vexar.chatStream({ sessionId: 'sess_1', message: 'hi' }).text()
  } catch (error) {
    if (error instanceof OperatorModeError) void error.sessionId.length
  }

  const mevichat = new Mevichat()
  const seen: MevichatExportProgress[] = []
  const summary: MevichatExportSummary = await mevichat.exportAll(
    { sessionIds, directory: 'exports', concurrency: 2, onProgress: (progress) => seen.push(progress) },
    { signal: controller.signal },
  )
  for (const { sessionId, error } of summary.failed) {
    const status: number | undefined = error.status
    if (error instanceof NotFoundError) void `${sessionId} ${status}`
    void (error satisfies ChatwireError)
  }
  const paths: string[] = [...summary.written, ...summary.skipped].map((file) => file.path)
  void paths
  // @ts-expect-error: the sessions are an array of ids
  void mevichat.exportAll({ sessionIds: 'one', directory: 'exports' })
}

/** A watcher's event, by its kind. */
function describe(event: WatchEvent): string {
  switch (event.type) {
    case 'operator_message':
    case 'proactive_message':
      return event.message.content ?? ''
    case 'mode_changed':
      return `${event.from} -> ${event.to}`
    case 'visitor_blocked':
    case 'visitor_unblocked':
      return event.type
  }
}
