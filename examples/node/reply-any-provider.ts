// The same one-shot call on each of the four APIs: reply() answers the whole reply, through the
// API's own call where it has one (the Developer API, the widget-key API) or its stream read to
// the end. One code path, the provider chosen by configuration.
//
//     node examples/node/dist/reply-any-provider.js [mevichat|vexar|devapi|widgetkey]

import { DevApi, Mevichat, Vexar, WidgetKey, type FinalMessage } from 'chatwire'
import { withServer, type Server } from './_server.js'

type Provider = 'mevichat' | 'vexar' | 'devapi' | 'widgetkey'
type Client = Mevichat | Vexar | DevApi | WidgetKey

/** A client of `provider`, with the session its reply goes to. */
function client(provider: Provider, at: Server): { client: Client; sessionId: string } {
  switch (provider) {
    case 'mevichat':
      return {
        client: new Mevichat({ publicKey: at.mevichatKey, origin: at.origin, baseUrl: at.baseUrl }),
        sessionId: at.sessionId,
      }
    case 'vexar':
      return { client: new Vexar({ siteKey: at.vexarKey, baseUrl: at.baseUrl }), sessionId: 'sess_reply_example' }
    case 'devapi':
      return { client: new DevApi({ apiKey: at.devapiKey, baseUrl: at.baseUrl }), sessionId: 'sess_reply_example' }
    case 'widgetkey':
      return { client: new WidgetKey({ apiKey: at.widgetKey, baseUrl: at.baseUrl }), sessionId: 'reply-example' }
  }
}

const chosen = process.argv[2] as Provider | undefined
const providers: Provider[] = chosen ? [chosen] : ['mevichat', 'vexar', 'devapi', 'widgetkey']

await withServer(async (at) => {
  for (const provider of providers) {
    const { client: chat, sessionId } = client(provider, at)
    const reply: FinalMessage = await chat.reply({ sessionId, message: 'What are your opening hours?' })
    const reason = reply.finish.finishReason ?? 'done'
    console.log(`${provider}: ${reply.text} [${reason}]`)
  }
}, { tokenDelay: 5 })
