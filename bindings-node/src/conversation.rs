//! The provider-neutral calls of every client: `reply()` (the core's `Chat::reply`) and
//! `conversation()`, whose class per provider wraps the core's `Conversation`: a turn streamed
//! (the provider's own stream class) or whole, the history, and the ids as they stand.

use chatwire::{Chat, Conversation, ConversationIds, Converse, ProviderClient, RequestOptions};
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;

use crate::call::promise;
use crate::errors::Failure;
use crate::from_js::{read, read_optional};
use crate::models::FinalMessage;
use crate::options::{read_call_options, AbortLink};
use crate::stream::{
    DevApiChatStream, MevichatChatStream, StreamCore, VexarChatStream, WidgetKeyChatStream,
};

/// `reply`'s params: the same on every client.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct ReplyParams {
    /// The session the message goes to (for the Developer API, one it assigned).
    pub session_id: String,
    /// The message.
    pub message: String,
}

from_js!(ReplyParams as "parameter" { session_id, message });

/// `conversation`'s params: the ids of a conversation to resume, as its `sessionId` and
/// `conversationId` gave them; none for a new one.
#[napi(object, object_from_js = false, object_to_js = false)]
#[derive(Default)]
pub struct ConversationParams {
    /// The session to continue; a new one is made without it (for the Developer API, the
    /// server assigns it with the first reply).
    #[napi(ts_type = "string | null")]
    pub session_id: Option<String>,
    /// The server's id of the conversation (Vexar, the widget-key API), as it gave it.
    #[napi(ts_type = "string | null")]
    pub conversation_id: Option<String>,
}

from_js!(ConversationParams as "parameter" { session_id, conversation_id });

/// One message of a conversation's history, in the provider-neutral form.
#[napi(object, object_from_js = false)]
pub struct HistoryEntry {
    /// Who wrote it (`user`, `assistant`, `operator`), when the API says.
    pub role: Option<String>,
    /// The text.
    pub text: String,
    /// When it was written, when the API says.
    pub created_at: Option<String>,
}

from_core!(HistoryEntry from chatwire::HistoryEntry { role, text, created_at });

/// A promise of `client.reply(sessionId, message)`, the client and its link made by
/// `for_call` once the params are accepted.
pub fn reply<'env, C: Chat + ProviderClient>(
    env: &'env Env,
    params: Unknown<'_>,
    for_call: impl FnOnce() -> Result<(C, AbortLink), Failure>,
) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
    let prepared = read::<ReplyParams>(params, "params").and_then(|params| {
        let (client, link) = for_call()?;
        Ok(((client, params), link))
    });
    promise(env, prepared, |(client, params)| async move {
        client.reply(&params.session_id, &params.message).await
    })
}

/// The conversation `params` name on `client`: resumed from its ids, or a new one.
pub fn open<C: Converse>(
    client: C,
    params: Option<Unknown<'_>>,
) -> Result<Conversation<C>, Failure> {
    let params = read_optional::<ConversationParams>(params, "params")?.unwrap_or_default();
    let ids = ConversationIds {
        session_id: params.session_id,
        conversation_id: params.conversation_id,
    };
    Ok(Conversation::open(client, ids))
}

/// A turn's conversation (its ids shared) with the call's `options` over its client's, and the
/// link to the call's signal.
fn for_turn<C: Converse>(
    env: &Env,
    conversation: &Conversation<C>,
    options: Option<Unknown<'_>>,
) -> Result<(Conversation<C>, AbortLink), Failure> {
    let (request_options, link) = read_call_options(env, options, RequestOptions::new())?;
    Ok((conversation.with_options(&request_options), link))
}

/// Declares a provider's conversation class.
macro_rules! conversation_class {
    ($(#[doc = $doc:literal])* $class:ident over $client:ty, streaming $stream:ident) => {
        $(#[doc = $doc])*
        #[napi]
        pub struct $class {
            conversation: Conversation<$client>,
        }

        impl $class {
            pub fn new(conversation: Conversation<$client>) -> Self {
                Self { conversation }
            }
        }

        #[napi]
        impl $class {
            /// Sends `text` as the next turn and streams the reply, as `chatStream` does; the
            /// ids its events carry are kept as they pass. `options` (timeouts, retries,
            /// headers, a `signal`) apply to this turn, over the client's.
            #[napi(catch_unwind)]
            pub fn send(
                &self,
                env: Env,
                #[napi(ts_arg_type = "string")] text: Unknown<'_>,
                #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
            ) -> napi::Result<$stream> {
                let opened = read::<String>(text, "text").and_then(|text| {
                    let (conversation, link) = for_turn(&env, &self.conversation, options)?;
                    let open = async move { conversation.send(&text).await };
                    Ok(StreamCore::open(link, open))
                });
                Ok($stream::new(opened.map_err(|failure| failure.into_js(&env))?))
            }

            /// Sends `text` as the next turn and answers the whole reply; `options` apply to
            /// this turn, over the client's.
            #[napi(catch_unwind)]
            pub fn reply<'env>(
                &self,
                env: &'env Env,
                #[napi(ts_arg_type = "string")] text: Unknown<'_>,
                #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
            ) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
                let prepared = read::<String>(text, "text").and_then(|text| {
                    let (conversation, link) = for_turn(env, &self.conversation, options)?;
                    Ok(((conversation, text), link))
                });
                promise(env, prepared, |(conversation, text)| async move {
                    conversation.reply(&text).await
                })
            }

            /// The messages so far, where the API keeps a history a client can read (Mevichat
            /// through its export, which needs `exportToken`); none before the first turn of
            /// a session the server assigns. The widget-key API keeps none: a
            /// `ValidationError` (field `history`).
            #[napi(catch_unwind)]
            pub fn history<'env>(
                &self,
                env: &'env Env,
                #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
            ) -> napi::Result<PromiseRaw<'env, Vec<HistoryEntry>>> {
                let prepared = for_turn(env, &self.conversation, options);
                promise(env, prepared, |conversation| async move {
                    conversation.history().await
                })
            }

            /// The session every turn goes to: `null` before the first reply when the server
            /// assigns it (the Developer API).
            #[napi(getter, catch_unwind)]
            pub fn session_id(&self) -> Option<String> {
                self.conversation.session_id()
            }

            /// The server's id of the conversation, once a reply named it (Vexar, the
            /// widget-key API); `null` until then.
            #[napi(getter, catch_unwind)]
            pub fn conversation_id(&self) -> Option<String> {
                self.conversation.ids().conversation_id
            }
        }
    };
}

conversation_class! {
    /// A Mevichat conversation: `client.conversation()`. Its session id (a UUID) is made here
    /// unless given.
    MevichatConversation over chatwire::mevichat::Client, streaming MevichatChatStream
}

conversation_class! {
    /// A Vexar conversation: `client.conversation()`. Its session id (`sess_…`) is made here
    /// unless given; the conversation id comes with the first reply.
    VexarConversation over chatwire::vexar::Client, streaming VexarChatStream
}

conversation_class! {
    /// A Developer API conversation: `client.conversation()`. The server assigns its session
    /// with the first reply, and every later turn carries it.
    DevApiConversation over chatwire::devapi::Client, streaming DevApiChatStream
}

conversation_class! {
    /// A widget-key conversation: `client.conversation()`. Its session id (`chatwire-…`) is
    /// made here unless given; the conversation id comes with the first reply.
    WidgetKeyConversation over chatwire::widgetkey::Client, streaming WidgetKeyChatStream
}
