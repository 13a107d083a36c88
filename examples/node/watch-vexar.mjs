// Vexar: watch a live session. A human operator takes over, says hello and blocks the visitor;
// the watcher yields each change once, and while the operator answers, the AI's chatStream for
// that session is refused with an OperatorModeError.
//
//     node examples/node/watch-vexar.mjs

import { APIUserAbortError, OperatorModeError, Vexar } from 'chatwire'
import { withServer } from './_server.cjs'

await withServer(async (at) => {
  const client = new Vexar({ siteKey: at.vexarKey, baseUrl: at.baseUrl })
  const sessionId = 'sess_watch_example'
  if (at.mock) {
    // The mock plays the operator: it takes over in 200 ms, greets, and blocks the visitor.
    const change = (kind, body) =>
      at.mock.control('POST', `/__mock/vexar/${kind}`, { site_key: at.vexarKey, session_id: sessionId, ...body })
    await change('operator-messages', { mode: 'operator', messages: [{ content: 'Hi, Sam here.' }], after_ms: 200 })
    await change('block', { blocked: true, after_ms: 500 })
  }

  // The signal bounds the watch; `break` (or `watch.close()`) stops it too.
  const watch = client.watch({
    sessionId,
    intervalMs: 100,
    pauseAiInOperatorMode: true,
    signal: AbortSignal.timeout(10_000),
  })
  try {
    for await (const event of watch) {
      switch (event.type) {
        case 'mode_changed':
          console.log(`mode: ${event.from} -> ${event.to}`)
          if (event.to === 'operator') {
            try {
              await client.chatStream({ sessionId, message: 'Are you there?' }).text()
            } catch (error) {
              if (!(error instanceof OperatorModeError)) throw error
              console.log(`the AI holds back: ${error.code}`)
            }
          }
          break
        case 'operator_message':
          console.log(`operator: ${event.message.content}`)
          break
        case 'proactive_message':
          console.log(`nudge: ${event.message.content}`)
          break
        case 'visitor_blocked':
          console.log('the visitor was blocked')
          break
        case 'visitor_unblocked':
          console.log('the visitor was unblocked')
          break
      }
      if (event.type === 'visitor_blocked') break
    }
  } catch (error) {
    if (!(error instanceof APIUserAbortError)) throw error
    console.log('stopped watching after 10 s')
  }
})
