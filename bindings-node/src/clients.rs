//! The four providers' client classes. A constructor turns its options into the core builder's
//! settings, over what the environment supplies; a method turns its params into the core
//! request and answers the core call as a promise (or, for `chatStream`, a stream at once);
//! nothing else happens here. Each non-stream operation is declared once, in [`operations!`],
//! which makes it a method of the client and the same method of its `withRawResponse` view.

use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};

use chatwire::{devapi, mevichat, vexar, widgetkey, ClientBuilder, ProviderClient, RequestOptions};
use http::header::{HeaderValue, USER_AGENT};
use napi::bindgen_prelude::{PromiseRaw, ToNapiValue, Unknown};
use napi::Env;
use napi_derive::napi;

use crate::call::promise;
use crate::conversation::{
    self, DevApiConversation, MevichatConversation, VexarConversation, WidgetKeyConversation,
};
use crate::convert::FromCore;
use crate::errors::{validation, Failure};
use crate::export::{ExportSummary, MevichatExportAllParams, Progress};
use crate::from_js::{
    caught, read, read_optional, BufferOrString, Headers, JsonObject, Millis, RateLimitMode,
    RateLimits,
};
use crate::logging::{LogLevel, LoggerObject, Registration};
use crate::models::*;
use crate::options::{read_call_options, AbortLink, CallOptions};
use crate::response::RawResponse;
use crate::sessions::DevApiSessionIterator;
use crate::stream::{
    DevApiChatStream, MevichatChatStream, StreamCore, VexarChatStream, WidgetKeyChatStream,
};
use crate::watch::{VexarWatch, VexarWatchParams};

/// The settings every constructor takes besides its credentials.
struct CommonArgs<'env> {
    base_url: Option<String>,
    timeout: Option<Millis>,
    connect_timeout: Option<Millis>,
    idle_timeout: Option<Millis>,
    stream_timeout: Option<Millis>,
    max_retries: Option<u32>,
    default_headers: Option<Headers>,
    ca_file: Option<String>,
    proxy: Option<String>,
    no_proxy: Option<String>,
    logger: Option<LoggerObject<'env>>,
    log_level: Option<LogLevel>,
    rate_limit: Option<RateLimitMode>,
    rate_limits: Option<RateLimits>,
}

impl CommonArgs<'_> {
    /// The client `builder` builds with these settings, and its hold on its logger.
    fn build<B: ClientBuilder>(
        self,
        env: &Env,
        mut builder: B,
    ) -> Result<ClientBase<B::Client>, Failure> {
        builder = builder.header(USER_AGENT, user_agent(env));
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(Millis(timeout)) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(Millis(timeout)) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(Millis(timeout)) = self.idle_timeout {
            builder = builder.idle_timeout(timeout);
        }
        if let Some(Millis(deadline)) = self.stream_timeout {
            builder = builder.stream_timeout(deadline);
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        // After the User-Agent, so that a default header of the same name replaces it.
        for (name, value) in self.default_headers.map(|h| h.0).unwrap_or_default() {
            builder = builder.header(name, value);
        }
        if let Some(path) = self.ca_file {
            builder = builder.ca_file(path.into());
        }
        if let Some(url) = self.proxy {
            builder = builder.proxy(url);
        }
        if let Some(hosts) = self.no_proxy {
            builder = builder.no_proxy(hosts);
        }
        if let Some(RateLimitMode(mode)) = self.rate_limit {
            builder = builder.rate_limit(mode);
        }
        for (operation, limit) in self.rate_limits.map(|l| l.0).unwrap_or_default() {
            builder = builder.rate_limit_for(operation, limit);
        }
        let client = builder.build()?;
        let logging = crate::logging::register(env, client.log_id(), self.logger, self.log_level)?;
        Ok(ClientBase {
            client,
            options: RequestOptions::new(),
            logging,
        })
    }
}

/// `chatwire-node/<version> (Node.js v20.20.2; linux x86_64)`, from the running Node.
fn user_agent(env: &Env) -> HeaderValue {
    static AGENT: OnceLock<HeaderValue> = OnceLock::new();
    AGENT
        .get_or_init(|| {
            let runtime = match env.get_node_version() {
                Ok(v) => format!("Node.js v{}.{}.{}", v.major, v.minor, v.patch),
                Err(_) => "Node.js".to_owned(),
            };
            let agent = chatwire::user_agent("node", &runtime);
            HeaderValue::from_str(&agent)
                .unwrap_or_else(|_| HeaderValue::from_static("chatwire-node"))
        })
        .clone()
}

/// `builder` with `set` applied to `value`, when one was given.
fn given<B, T>(builder: B, value: Option<T>, set: impl FnOnce(B, T) -> B) -> B {
    match value {
        Some(value) => set(builder, value),
        None => builder,
    }
}

/// Declares a provider's constructor options: its own fields (named again in brackets, for the
/// reader), then the common ones. napi declares the TS interface; [`from_js!`] reads it.
macro_rules! client_options {
    (
        $(#[doc = $doc:literal])*
        $name:ident [$($own:ident),*] { $($fields:tt)* }
    ) => {
        // The fields pass as tokens, not as `ty` fragments, which napi would not see through
        // (it finds optional fields by their `Option` type).
        $(#[doc = $doc])*
        #[napi(object, object_from_js = false, object_to_js = false)]
        #[derive(Default)]
        pub struct $name<'a> {
            $($fields)*
            /// The API's origin, such as `https://api.example.com`.
            pub base_url: Option<String>,
            /// The timeout of a whole request, and of a stream's response headers, in ms
            /// (default 600,000).
            #[napi(ts_type = "number")]
            pub timeout: Option<Millis>,
            /// The timeout to open a connection, in ms (default 5,000).
            #[napi(ts_type = "number")]
            pub connect_timeout: Option<Millis>,
            /// The longest gap between two stream events, in ms (default 60,000).
            #[napi(ts_type = "number")]
            pub idle_timeout: Option<Millis>,
            /// The longest a whole stream may take, from the start of the call that opens it
            /// to its last event, in ms (default: no limit); past it, the stream ends with a
            /// `StreamDeadlineError`.
            #[napi(ts_type = "number")]
            pub stream_timeout: Option<Millis>,
            /// Retries after a failed attempt (default 2).
            pub max_retries: Option<u32>,
            /// Headers sent with every request.
            #[napi(ts_type = "Record<string, string>")]
            pub default_headers: Option<Headers>,
            /// A PEM file of CA certificates to trust besides the system's (`SSL_CERT_FILE`,
            /// `SSL_CERT_DIR`) and the bundled ones.
            pub ca_file: Option<String>,
            /// A proxy for every request (`http://host:port`, with `user:password@` when it
            /// asks), over `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY`.
            pub proxy: Option<String>,
            /// Hosts reached without the proxy, comma-separated as in `NO_PROXY`
            /// (`localhost,.internal.example,10.0.0.0/8`), over `NO_PROXY`.
            pub no_proxy: Option<String>,
            /// Where this client's log records go (default: stderr, as `CHATWIRE_LOG` says).
            #[napi(ts_type = "Logger")]
            pub logger: Option<LoggerObject<'a>>,
            /// The most verbose records this client logs (default: `CHATWIRE_LOG`, else
            /// `'warn'`); each request attempt and each stream's end is `'info'`.
            #[napi(ts_type = "'debug' | 'info' | 'warn' | 'error' | 'off'")]
            pub log_level: Option<LogLevel>,
            /// `'wait'`: each call waits for a free slot under the API's documented rate
            /// limits (Mevichat: chats 60 a minute, exports 30 a minute) and those of
            /// `rateLimits`, rather than drawing a `429`; `'off'` (the default): calls go out
            /// at once. Copies of the client (`withOptions`) share its budget.
            #[napi(ts_type = "'wait' | 'off'")]
            pub rate_limit: Option<RateLimitMode>,
            /// Limits over the documented ones, by operation (camelCase, such as
            /// `exportConversation`, or the spec's `export_conversation`), or `'*'` for
            /// every call: `{ exportConversation: { requests: 30, perMs: 1000 } }`. They
            /// apply with `rateLimit: 'wait'`.
            #[napi(ts_type = "Record<string, RateLimit>")]
            pub rate_limits: Option<RateLimits>,
        }

        from_js!($name<'_> as "option" {
            $($own,)* base_url, timeout, connect_timeout, idle_timeout, stream_timeout, max_retries,
            default_headers, ca_file, proxy, no_proxy, logger, log_level, rate_limit, rate_limits
        });

        impl<'a> $name<'a> {
            /// The options given, or none.
            fn read(options: Option<Unknown<'a>>) -> Result<Self, Failure> {
                Ok(read_optional::<Self>(options, "options")?.unwrap_or_default())
            }

            fn common(&mut self) -> CommonArgs<'a> {
                CommonArgs {
                    base_url: self.base_url.take(),
                    timeout: self.timeout.take(),
                    connect_timeout: self.connect_timeout.take(),
                    idle_timeout: self.idle_timeout.take(),
                    stream_timeout: self.stream_timeout.take(),
                    max_retries: self.max_retries.take(),
                    default_headers: self.default_headers.take(),
                    ca_file: self.ca_file.take(),
                    proxy: self.proxy.take(),
                    no_proxy: self.no_proxy.take(),
                    logger: self.logger.take(),
                    log_level: self.log_level.take(),
                    rate_limit: self.rate_limit.take(),
                    rate_limits: self.rate_limits.take(),
                }
            }
        }
    };
}

/// What every client class (and its `withRawResponse` view) holds: the core client, the
/// options of `withOptions`, and the client's hold on its logger.
#[derive(Clone)]
struct ClientBase<C: ProviderClient> {
    client: C,
    options: RequestOptions,
    /// Shared by the copies `withOptions` and `withRawResponse` make; the last one's end
    /// releases the logger.
    #[allow(dead_code)] // held for its `Drop`
    logging: Option<Arc<Registration>>,
}

impl<C: ProviderClient> ClientBase<C> {
    /// The client for one call, with the call's options over the client's, and the link to
    /// the call's signal.
    fn for_call(&self, env: &Env, options: Option<Unknown<'_>>) -> Result<(C, AbortLink), Failure> {
        let (request_options, link) = read_call_options(env, options, self.options.clone())?;
        Ok((self.client.with_options(&request_options), link))
    }

    /// A promise of `run(client, input)` for one call, once `input` (the call's params, read)
    /// and the call's options are accepted; the answer converted to `Js`.
    fn call<'env, I, F, Core, Js>(
        &self,
        env: &'env Env,
        input: Result<I, Failure>,
        options: Option<Unknown<'_>>,
        run: impl FnOnce(C, I) -> F,
    ) -> napi::Result<PromiseRaw<'env, Js>>
    where
        F: std::future::Future<Output = chatwire::Result<chatwire::Response<Core>>>
            + Send
            + 'static,
        Core: Send + 'static,
        Js: FromCore<chatwire::Response<Core>> + ToNapiValue + 'static,
    {
        let prepared = input.and_then(|input| {
            let (client, link) = self.for_call(env, options)?;
            Ok((run(client, input), link))
        });
        promise(env, prepared, |future| future)
    }

    fn with_options(&self, env: &Env, options: Unknown<'_>) -> napi::Result<Self> {
        let options = read::<CallOptions>(options, "options").and_then(|mut options| {
            if options.signal.is_some() {
                return Err(validation("signal", "is per call; pass it to each call"));
            }
            Ok(options.request_options(self.options.clone()))
        });
        Ok(Self {
            options: options.map_err(|failure| failure.into_js(env))?,
            ..self.clone()
        })
    }
}

/// A params object of a call, read whole, or a refusal.
fn params<'env, T: crate::from_js::FromJs<'env>>(params: Unknown<'env>) -> Result<T, Failure> {
    read(params, "params")
}

/// Declares a client's non-stream operations once each: the params it takes (its name, its
/// Rust type in brackets, and its TS type), how they `read` into the core's input, and the
/// core `call`, which answers a `chatwire::Response`. Each becomes a method of `$client` that
/// answers the typed value (with its `requestId`), and the same method of `$raw` (the class of
/// `client.withRawResponse`), which answers `{ data, response }`.
macro_rules! operations {
    (
        $client:ident, $(#[doc = $raw_doc:literal])* $raw:ident over $core:ty {
            $(
                $(#[doc = $doc:literal])*
                fn $name:ident($($param:ident: [$($param_ty:tt)+] = $param_ts:literal),*) -> $answer:ident {
                    read: $read:expr,
                    call: $call:expr $(,)?
                }
            )*
        }
    ) => {
        #[napi]
        impl $client {
            $(
                $(#[doc = $doc])*
                #[napi(catch_unwind)]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    $(#[napi(ts_arg_type = $param_ts)] $param: $($param_ty)+,)*
                    #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
                ) -> napi::Result<PromiseRaw<'env, $answer>> {
                    self.base.call(env, $read, options, $call)
                }
            )*

            /// The same calls, each answering `{ data, response }`: the typed answer, and the
            /// status, headers and request id of the response it came in.
            #[napi(getter)]
            pub fn with_raw_response(&self) -> $raw {
                $raw { base: self.base.clone() }
            }
        }

        $(#[doc = $raw_doc])*
        #[napi]
        pub struct $raw {
            base: ClientBase<$core>,
        }

        #[napi]
        impl $raw {
            $(
                $(#[doc = $doc])*
                #[napi(catch_unwind)]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    $(#[napi(ts_arg_type = $param_ts)] $param: $($param_ty)+,)*
                    #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
                ) -> napi::Result<PromiseRaw<'env, RawResponse<$answer>>> {
                    self.base.call(env, $read, options, $call)
                }
            )*
        }
    };
}

/// Opens a stream of `client` for one call: `open(client, request)` once `request` (the call's
/// params, read) and the call's options are accepted.
fn open_stream<C, I, S, F, P>(
    env: &Env,
    base: &ClientBase<C>,
    request: Result<I, Failure>,
    options: Option<Unknown<'_>>,
    open: impl FnOnce(C, I) -> F,
    class: impl FnOnce(StreamCore<P>) -> S,
) -> napi::Result<S>
where
    C: ProviderClient,
    P: chatwire::stream::ProviderEvents,
    F: std::future::Future<Output = chatwire::Result<chatwire::stream::EventStream<P>>>
        + Send
        + 'static,
{
    let opened = request.and_then(|request| {
        let (client, link) = base.for_call(env, options)?;
        Ok(StreamCore::open(link, open(client, request)))
    });
    Ok(class(opened.map_err(|failure| failure.into_js(env))?))
}

// Mevichat.

client_options! {
    /// `new Mevichat(...)`'s options. Each one left out comes from its environment variable.
    MevichatOptions [public_key, origin, export_token] {
        /// The widget's public key (`mvc_pk_…`); default `MEVICHAT_PUBLIC_KEY`.
        pub public_key: Option<String>,
        /// The `Origin` the key allows; default `MEVICHAT_ORIGIN`.
        pub origin: Option<String>,
        /// The JWT of a workspace member, for `exportConversation`; default
        /// `MEVICHAT_EXPORT_TOKEN`.
        pub export_token: Option<String>,
    }
}

/// `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct MevichatChatParams {
    /// A UUID naming the conversation.
    pub session_id: String,
    /// The visitor's message, 1 to 4000 characters.
    pub message: String,
    /// Your own stable id for the visitor.
    pub visitor_id: Option<String>,
    /// Free-form JSON, as `JSON.stringify` writes it.
    #[napi(ts_type = "Record<string, any>")]
    pub visitor_metadata: Option<JsonObject>,
}

from_js!(MevichatChatParams as "parameter" { session_id, message, visitor_id, visitor_metadata });

/// `exportConversation`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct MevichatExportParams {
    /// The conversation's session id (a UUID).
    pub session_id: String,
}

from_js!(MevichatExportParams as "parameter" { session_id });

/// Mevichat: a streamed chat reply, the widget's configuration, and conversation export.
#[napi]
pub struct Mevichat {
    base: ClientBase<mevichat::Client>,
}

#[napi]
impl Mevichat {
    /// A client; the options left out (all of them, even) come from `MEVICHAT_PUBLIC_KEY`,
    /// `MEVICHAT_ORIGIN`, `MEVICHAT_EXPORT_TOKEN` and `MEVICHAT_BASE_URL`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "MevichatOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let base = MevichatOptions::read(options).and_then(|mut options| {
            let common = options.common();
            let builder = mevichat::Builder::from_env();
            let builder = given(builder, options.public_key, mevichat::Builder::public_key);
            let builder = given(builder, options.origin, mevichat::Builder::origin);
            let builder = given(
                builder,
                options.export_token,
                mevichat::Builder::export_token,
            );
            common.build(&env, builder)
        });
        Ok(Self {
            base: base.map_err(|failure| failure.into_js(&env))?,
        })
    }

    /// `POST /api/chat/`: the reply, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "MevichatChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<MevichatChatStream> {
        let request =
            self::params::<MevichatChatParams>(params).map(|params| mevichat::ChatRequest {
                session_id: params.session_id,
                message: params.message,
                visitor_id: params.visitor_id,
                visitor_metadata: params.visitor_metadata.map(|json| json.0),
            });
        open_stream(
            &env,
            &self.base,
            request,
            options,
            |client, request| async move { client.chat_stream(&request).await },
            MevichatChatStream::new,
        )
    }

    /// Sends `params.message` in the session `params.sessionId` and answers the whole reply,
    /// the same call on every client: the API's own one-shot call where it has one, else its
    /// stream read to the end.
    #[napi(catch_unwind)]
    pub fn reply<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "ReplyParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
        conversation::reply(env, params, || self.base.for_call(env, options))
    }

    /// A conversation: each turn goes to the same session, and the ids the server assigns are
    /// kept as replies pass. Give the `sessionId` and `conversationId` of one to resume it.
    #[napi(catch_unwind)]
    pub fn conversation(
        &self,
        env: Env,
        #[napi(ts_arg_type = "ConversationParams | undefined | null")] params: Option<Unknown<'_>>,
    ) -> napi::Result<MevichatConversation> {
        let client = self.base.client.with_options(&self.base.options);
        conversation::open(client, params)
            .map(MevichatConversation::new)
            .map_err(|failure| failure.into_js(&env))
    }

    /// Exports each session's transcript into `params.directory` (its typing is in
    /// `index.d.ts`, whose summary's failures carry chatwire's error classes).
    #[napi(skip_typescript, catch_unwind)]
    pub fn export_all<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, ExportSummary>> {
        let prepared = self::params::<MevichatExportAllParams>(params).and_then(|params| {
            let progress = params.on_progress.map(Progress::new).transpose()?;
            let mut settings = mevichat::ExportAllOptions::default();
            if let Some(concurrency) = params.concurrency {
                settings = settings.concurrency(concurrency as usize);
            }
            if let Some(progress) = &progress {
                settings = progress.options(settings);
            }
            let (client, link) = self.base.for_call(env, options)?;
            let run = (
                client,
                params.session_ids,
                params.directory,
                settings,
                progress,
            );
            Ok((run, link))
        });
        promise(
            env,
            prepared,
            |(client, ids, directory, settings, progress)| async move {
                let summary = client.export_all(ids, directory, settings).await;
                if let Some(progress) = progress {
                    progress.delivered().await;
                }
                summary.map(ExportSummary)
            },
        )
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(
        &self,
        env: Env,
        #[napi(ts_arg_type = "CallOptions")] options: Unknown<'_>,
    ) -> napi::Result<Mevichat> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

operations! {
    Mevichat,
    /// `Mevichat`'s calls, each answering `{ data, response }`: `client.withRawResponse`.
    MevichatWithRawResponse over mevichat::Client {
        /// `GET /api/widget/config/`: the widget's display configuration (cached per
        /// `max-age`; a cached answer has the response it was cached from).
        fn get_widget_config() -> MevichatWidgetConfigResponse {
            read: Ok(()),
            call: |client, ()| async move { client.get_widget_config_with_response().await },
        }

        /// `GET /api/conversations/{sessionId}/export.json`: the whole transcript (needs
        /// `exportToken`).
        fn export_conversation(params: [Unknown<'_>] = "MevichatExportParams") -> MevichatExportResponse {
            read: self::params::<MevichatExportParams>(params),
            call: |client, params| async move {
                client.export_conversation_with_response(&params.session_id).await
            },
        }
    }
}

// Vexar.

client_options! {
    /// `new Vexar(...)`'s options. Each one left out comes from its environment variable.
    VexarOptions [site_key] {
        /// The site key of the widget; default `VEXAR_SITE_KEY`.
        pub site_key: Option<String>,
    }
}

/// `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarChatParams {
    /// The visitor's session.
    pub session_id: String,
    /// The visitor's message.
    pub message: String,
    /// The visitor's language, such as `en`.
    pub lang: Option<String>,
    /// The client's id for this message.
    pub message_id: Option<String>,
}

from_js!(VexarChatParams as "parameter" { session_id, message, lang, message_id });

/// The params of the calls that name only a session.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarSessionParams {
    /// The visitor's session.
    pub session_id: String,
}

from_js!(VexarSessionParams as "parameter" { session_id });

/// `saveEmail`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarEmailParams {
    /// The visitor's session.
    pub session_id: String,
    /// The email address.
    pub email: String,
}

from_js!(VexarEmailParams as "parameter" { session_id, email });

/// `saveContact`'s params: an email or a phone, at least.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarContactParams {
    /// The visitor's session.
    pub session_id: String,
    /// The email address.
    pub email: Option<String>,
    /// The phone number.
    pub phone: Option<String>,
    /// The visitor's name.
    pub name: Option<String>,
}

from_js!(VexarContactParams as "parameter" { session_id, email, phone, name });

/// `uploadImage`'s params: the image as a path, or as bytes (a `Blob` or `File` too) with its
/// file name.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarUploadImageParams {
    /// The visitor's session.
    pub session_id: String,
    /// The image: the path of a file, or its bytes (a `Buffer`, `Uint8Array`, `ArrayBuffer`,
    /// `Blob` or `File`).
    #[napi(ts_type = "string | Buffer | Uint8Array | ArrayBuffer | Blob")]
    pub image: BufferOrString,
    /// The file name sent (default: a path's own name, a `File`'s `name`); bytes need one.
    pub file_name: Option<String>,
    /// The MIME type, `image/…`, taken as given (default: a `Blob`'s `type`, else what the
    /// file name's extension says).
    pub content_type: Option<String>,
}

from_js!(VexarUploadImageParams as "parameter" { session_id, image, file_name, content_type });

impl VexarUploadImageParams {
    /// The core's request: the image read from its path, or its bytes with their name; the
    /// type as given, else as the name's extension says.
    fn into_request(self) -> Result<vexar::UploadImageRequest, Failure> {
        use vexar::UploadImageRequest as Upload;
        let session_id = self.session_id;
        let mut request = match (self.image, self.content_type) {
            (BufferOrString::Text(path), Some(kind)) => {
                Upload::from_path_with_type(session_id, path, kind)?
            }
            (BufferOrString::Text(path), None) => Upload::from_path(session_id, path)?,
            (BufferOrString::Bytes(bytes), kind) => {
                let Some(file_name) = self.file_name else {
                    return Err(validation("image", "given as bytes, it needs a fileName"));
                };
                return Ok(match kind {
                    Some(kind) => Upload::from_bytes(session_id, bytes, file_name, kind),
                    None => Upload::from_named_bytes(session_id, bytes, file_name)?,
                });
            }
        };
        if let Some(file_name) = self.file_name {
            request.file_name = file_name;
        }
        Ok(request)
    }
}

/// `rateConversation`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarRateParams {
    /// The visitor's session.
    pub session_id: String,
    /// 1 to 5.
    pub score: u8,
}

from_js!(VexarRateParams as "parameter" { session_id, score });

/// `commentRating`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarCommentParams {
    /// The visitor's session.
    pub session_id: String,
    /// The comment.
    pub comment: String,
}

from_js!(VexarCommentParams as "parameter" { session_id, comment });

/// Vexar's widget API: a streamed chat answer, history, lead capture, operator messages,
/// proactive nudges, image upload and ratings.
#[napi]
pub struct Vexar {
    base: ClientBase<vexar::Client>,
}

#[napi]
impl Vexar {
    /// A client; the options left out (all of them, even) come from `VEXAR_SITE_KEY` and
    /// `VEXAR_BASE_URL`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "VexarOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let base = VexarOptions::read(options).and_then(|mut options| {
            let common = options.common();
            let builder = given(
                vexar::Builder::from_env(),
                options.site_key,
                vexar::Builder::site_key,
            );
            common.build(&env, builder)
        });
        Ok(Self {
            base: base.map_err(|failure| failure.into_js(&env))?,
        })
    }

    /// `POST /api/v1/chat/stream`: the answer, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "VexarChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<VexarChatStream> {
        let request = self::params::<VexarChatParams>(params).map(|params| vexar::ChatRequest {
            session_id: params.session_id,
            message: params.message,
            lang: params.lang,
            message_id: params.message_id,
        });
        open_stream(
            &env,
            &self.base,
            request,
            options,
            |client, request| async move { client.chat_stream(&request).await },
            VexarChatStream::new,
        )
    }

    /// Sends `params.message` in the session `params.sessionId` and answers the whole reply,
    /// the same call on every client: the API's own one-shot call where it has one, else its
    /// stream read to the end.
    #[napi(catch_unwind)]
    pub fn reply<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "ReplyParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
        conversation::reply(env, params, || self.base.for_call(env, options))
    }

    /// A conversation: each turn goes to the same session, and the ids the server assigns are
    /// kept as replies pass. Give the `sessionId` and `conversationId` of one to resume it.
    #[napi(catch_unwind)]
    pub fn conversation(
        &self,
        env: Env,
        #[napi(ts_arg_type = "ConversationParams | undefined | null")] params: Option<Unknown<'_>>,
    ) -> napi::Result<VexarConversation> {
        let client = self.base.client.with_options(&self.base.options);
        conversation::open(client, params)
            .map(VexarConversation::new)
            .map_err(|failure| failure.into_js(&env))
    }

    /// Watches a live session: `for await (const event of vexar.watch({ sessionId }))` yields
    /// each operator message and proactive message once, and each change of mode and of the
    /// visitor's block. It polls `getOperatorMessages`, `getPendingProactive` and
    /// `getBlockStatus` every `intervalMs` while the loop reads; a failed poll is retried after
    /// a back-off, up to `maxFailures` in a row, and then the loop throws the error. `break`,
    /// `close()` and the `signal` stop it at once: the poll in flight is abandoned and nothing
    /// more is sent.
    #[napi(catch_unwind)]
    pub fn watch(
        &self,
        env: Env,
        #[napi(ts_arg_type = "VexarWatchParams")] params: Unknown<'_>,
    ) -> napi::Result<VexarWatch> {
        let watch = self::params::<VexarWatchParams>(params).and_then(|mut params| {
            let client = self.base.client.with_options(&self.base.options);
            let watch = client.watch(params.session_id.clone(), params.options())?;
            let signal = params.signal.take().map(|signal| signal.0);
            let link = caught(
                env.raw(),
                "signal",
                "listening to it",
                AbortLink::new(&env, signal),
            )?;
            Ok(VexarWatch::new(watch, link))
        });
        watch.map_err(|failure| failure.into_js(&env))
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(
        &self,
        env: Env,
        #[napi(ts_arg_type = "CallOptions")] options: Unknown<'_>,
    ) -> napi::Result<Vexar> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

operations! {
    Vexar,
    /// `Vexar`'s calls, each answering `{ data, response }`: `client.withRawResponse`.
    VexarWithRawResponse over vexar::Client {
        /// `GET /api/v1/chat/history`: the conversation so far.
        fn get_history(params: [Unknown<'_>] = "VexarSessionParams") -> VexarHistoryResponse {
            read: self::params::<VexarSessionParams>(params),
            call: |client, params| async move { client.get_history_with_response(&params.session_id).await },
        }

        /// `POST /api/v1/chat/email`: saves the visitor's email.
        fn save_email(params: [Unknown<'_>] = "VexarEmailParams") -> VexarSaveResponse {
            read: self::params::<VexarEmailParams>(params).map(|params| vexar::EmailRequest {
                session_id: params.session_id,
                email: params.email,
            }),
            call: |client, request| async move { client.save_email_with_response(&request).await },
        }

        /// `POST /api/v1/chat/contact`: saves the visitor's contact.
        fn save_contact(params: [Unknown<'_>] = "VexarContactParams") -> VexarSaveResponse {
            read: self::params::<VexarContactParams>(params).map(|params| vexar::ContactRequest {
                session_id: params.session_id,
                email: params.email,
                phone: params.phone,
                name: params.name,
            }),
            call: |client, request| async move { client.save_contact_with_response(&request).await },
        }

        /// `GET /api/v1/chat/operator-messages`: messages from a human operator.
        fn get_operator_messages(params: [Unknown<'_>] = "VexarSessionParams") -> VexarOperatorMessagesResponse {
            read: self::params::<VexarSessionParams>(params),
            call: |client, params| async move {
                client.get_operator_messages_with_response(&params.session_id).await
            },
        }

        /// `GET /api/v1/chat/block-status`: whether the visitor is blocked.
        fn get_block_status(params: [Unknown<'_>] = "VexarSessionParams") -> VexarBlockStatusResponse {
            read: self::params::<VexarSessionParams>(params),
            call: |client, params| async move {
                client.get_block_status_with_response(&params.session_id).await
            },
        }

        /// `GET /api/v1/chat/pending-proactive`: nudges waiting for the visitor.
        fn get_pending_proactive(params: [Unknown<'_>] = "VexarSessionParams") -> VexarPendingProactiveResponse {
            read: self::params::<VexarSessionParams>(params),
            call: |client, params| async move {
                client.get_pending_proactive_with_response(&params.session_id).await
            },
        }

        /// `POST /api/v1/chat/upload-image`: an image from a path, or from bytes with its file
        /// name and content type.
        fn upload_image(params: [Unknown<'_>] = "VexarUploadImageParams") -> VexarUploadImageResponse {
            read: self::params::<VexarUploadImageParams>(params)
                .and_then(VexarUploadImageParams::into_request),
            call: |client, request| async move { client.upload_image_with_response(&request).await },
        }

        /// `POST /api/v1/chat/rate`: a score from 1 to 5.
        fn rate_conversation(params: [Unknown<'_>] = "VexarRateParams") -> VexarSuccessResponse {
            read: self::params::<VexarRateParams>(params).map(|params| vexar::RateRequest {
                session_id: params.session_id,
                score: params.score,
            }),
            call: |client, request| async move { client.rate_conversation_with_response(&request).await },
        }

        /// `POST /api/v1/chat/rate/comment`: a comment on the rating.
        fn comment_rating(params: [Unknown<'_>] = "VexarCommentParams") -> VexarSuccessResponse {
            read: self::params::<VexarCommentParams>(params).map(|params| vexar::RateCommentRequest {
                session_id: params.session_id,
                comment: params.comment,
            }),
            call: |client, request| async move { client.comment_rating_with_response(&request).await },
        }
    }
}

// The Developer API.

client_options! {
    /// `new DevApi(...)`'s options. Each credential and base URL left out comes from its
    /// environment variable.
    DevApiOptions [api_key, origin] {
        /// The bearer key; default `DEVAPI_API_KEY`.
        pub api_key: Option<String>,
        /// An `Origin` header to send, when the key is bound to one.
        pub origin: Option<String>,
    }
}

/// `chat` and `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct DevApiChatParams {
    /// The user's message.
    pub message: String,
    /// Continues this session; a new one starts without it.
    pub session_id: Option<String>,
}

from_js!(DevApiChatParams as "parameter" { message, session_id });

impl From<DevApiChatParams> for devapi::ChatRequest {
    fn from(params: DevApiChatParams) -> Self {
        Self {
            message: params.message,
            session_id: params.session_id,
        }
    }
}

/// `getUsage`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct DevApiUsageParams {
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
}

from_js!(DevApiUsageParams as "parameter" { start_date });

/// `listSessions`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct DevApiSessionsParams {
    /// Include each session's messages.
    pub include_all: Option<bool>,
    /// From 1.
    #[napi(ts_type = "number")]
    pub page: Option<NonZeroU32>,
    /// 1 to 100.
    #[napi(ts_type = "number")]
    pub per_page: Option<NonZeroU32>,
}

from_js!(DevApiSessionsParams as "parameter" { include_all, page, per_page });

impl From<DevApiSessionsParams> for devapi::SessionsQuery {
    fn from(params: DevApiSessionsParams) -> Self {
        Self {
            include_all: params.include_all,
            page: params.page.map(NonZeroU32::get),
            per_page: params.per_page.map(NonZeroU32::get),
        }
    }
}

/// The Developer API (a bearer key): chat, streamed or whole, usage and sessions.
#[napi]
pub struct DevApi {
    base: ClientBase<devapi::Client>,
}

#[napi]
impl DevApi {
    /// A client; the key and base URL left out (or all options) come from `DEVAPI_API_KEY` and
    /// `DEVAPI_BASE_URL`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "DevApiOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let base = DevApiOptions::read(options).and_then(|mut options| {
            let common = options.common();
            let builder = devapi::Builder::from_env();
            let builder = given(builder, options.api_key, devapi::Builder::api_key);
            let builder = given(builder, options.origin, devapi::Builder::origin);
            common.build(&env, builder)
        });
        Ok(Self {
            base: base.map_err(|failure| failure.into_js(&env))?,
        })
    }

    /// `POST /api/v1/chat` with `stream: true`: the answer, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "DevApiChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<DevApiChatStream> {
        let request = self::params::<DevApiChatParams>(params).map(devapi::ChatRequest::from);
        open_stream(
            &env,
            &self.base,
            request,
            options,
            |client, request| async move { client.chat_stream(&request).await },
            DevApiChatStream::new,
        )
    }

    /// Every session, most recent first, from `params.page` (or the first) on:
    /// `for await (const session of client.sessions())`. Each page is fetched when the loop
    /// reaches it, until `meta.has_more` says none follows; `break` fetches no more. The
    /// options (and their `signal`) apply to every page.
    #[napi(catch_unwind)]
    pub fn sessions(
        &self,
        env: Env,
        #[napi(ts_arg_type = "DevApiSessionsParams | undefined | null")] params: Option<
            Unknown<'_>,
        >,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<DevApiSessionIterator> {
        let sessions = read_optional::<DevApiSessionsParams>(params, "params").and_then(|params| {
            let query = params.map(devapi::SessionsQuery::from).unwrap_or_default();
            let (client, link) = self.base.for_call(&env, options)?;
            Ok(DevApiSessionIterator::new(client, query, link))
        });
        sessions.map_err(|failure| failure.into_js(&env))
    }

    /// Sends `params.message` in the session `params.sessionId` and answers the whole reply,
    /// the same call on every client: the API's own one-shot call where it has one, else its
    /// stream read to the end.
    #[napi(catch_unwind)]
    pub fn reply<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "ReplyParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
        conversation::reply(env, params, || self.base.for_call(env, options))
    }

    /// A conversation: each turn goes to the same session, and the ids the server assigns are
    /// kept as replies pass. Give the `sessionId` and `conversationId` of one to resume it.
    #[napi(catch_unwind)]
    pub fn conversation(
        &self,
        env: Env,
        #[napi(ts_arg_type = "ConversationParams | undefined | null")] params: Option<Unknown<'_>>,
    ) -> napi::Result<DevApiConversation> {
        let client = self.base.client.with_options(&self.base.options);
        conversation::open(client, params)
            .map(DevApiConversation::new)
            .map_err(|failure| failure.into_js(&env))
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(
        &self,
        env: Env,
        #[napi(ts_arg_type = "CallOptions")] options: Unknown<'_>,
    ) -> napi::Result<DevApi> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

operations! {
    DevApi,
    /// `DevApi`'s calls, each answering `{ data, response }`: `client.withRawResponse`.
    DevApiWithRawResponse over devapi::Client {
        /// `POST /api/v1/chat` with `stream: false`: the whole answer.
        fn chat(params: [Unknown<'_>] = "DevApiChatParams") -> DevApiChatResponse {
            read: self::params::<DevApiChatParams>(params).map(devapi::ChatRequest::from),
            call: |client, request| async move { client.chat_with_response(&request).await },
        }

        /// `GET /api/v1/usage`: requests, tokens and cost, in all and by model.
        fn get_usage(params: [Option<Unknown<'_>>] = "DevApiUsageParams | undefined | null") -> DevApiUsageResponse {
            read: read_optional::<DevApiUsageParams>(params, "params").map(|params| devapi::UsageQuery {
                start_date: params.and_then(|params| params.start_date),
            }),
            call: |client, query| async move { client.get_usage_with_response(&query).await },
        }

        /// `GET /api/v1/sessions`: a page of sessions.
        fn list_sessions(params: [Option<Unknown<'_>>] = "DevApiSessionsParams | undefined | null") -> DevApiSessionsResponse {
            read: read_optional::<DevApiSessionsParams>(params, "params")
                .map(|params| params.map(devapi::SessionsQuery::from).unwrap_or_default()),
            call: |client, query| async move { client.list_sessions_with_response(&query).await },
        }
    }
}

// The widget-key API.

client_options! {
    /// `new WidgetKey(...)`'s options. Each credential and base URL left out comes from its
    /// environment variable.
    WidgetKeyOptions [api_key, key_header] {
        /// The widget API key; default `WIDGETKEY_API_KEY`.
        pub api_key: Option<String>,
        /// The header that carries the key: `x-api-key` (the default) or `x-widget-api-key`.
        pub key_header: Option<String>,
    }
}

/// `chat` and `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct WidgetKeyChatParams {
    /// `^[A-Za-z0-9._:-]{1,128}$`.
    pub session_id: String,
    /// 1 to 4000 characters.
    pub message: String,
}

from_js!(WidgetKeyChatParams as "parameter" { session_id, message });

impl From<WidgetKeyChatParams> for widgetkey::ChatRequest {
    fn from(params: WidgetKeyChatParams) -> Self {
        Self::new(params.session_id, params.message)
    }
}

/// The widget-key API (`x-api-key`): chat, whole or streamed.
#[napi]
pub struct WidgetKey {
    base: ClientBase<widgetkey::Client>,
}

#[napi]
impl WidgetKey {
    /// A client; the key and base URL left out (or all options) come from `WIDGETKEY_API_KEY`
    /// and `WIDGETKEY_BASE_URL`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "WidgetKeyOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let base = WidgetKeyOptions::read(options).and_then(|mut options| {
            let header = match options.key_header.as_deref() {
                None | Some("x-api-key") => widgetkey::KeyHeader::XApiKey,
                Some("x-widget-api-key") => widgetkey::KeyHeader::XWidgetApiKey,
                Some(other) => {
                    return Err(validation(
                        "keyHeader",
                        format!("must be \"x-api-key\" or \"x-widget-api-key\", not {other:?}"),
                    ))
                }
            };
            let common = options.common();
            let builder = widgetkey::Builder::from_env().key_header(header);
            let builder = given(builder, options.api_key, widgetkey::Builder::api_key);
            common.build(&env, builder)
        });
        Ok(Self {
            base: base.map_err(|failure| failure.into_js(&env))?,
        })
    }

    /// `POST /v1/chat/stream`: the answer, streamed as sent.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "WidgetKeyChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<WidgetKeyChatStream> {
        let request = self::params::<WidgetKeyChatParams>(params).map(widgetkey::ChatRequest::from);
        open_stream(
            &env,
            &self.base,
            request,
            options,
            |client, request| async move { client.chat_stream(&request).await },
            WidgetKeyChatStream::new,
        )
    }

    /// Sends `params.message` in the session `params.sessionId` and answers the whole reply,
    /// the same call on every client: the API's own one-shot call where it has one, else its
    /// stream read to the end.
    #[napi(catch_unwind)]
    pub fn reply<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "ReplyParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, FinalMessage>> {
        conversation::reply(env, params, || self.base.for_call(env, options))
    }

    /// A conversation: each turn goes to the same session, and the ids the server assigns are
    /// kept as replies pass. Give the `sessionId` and `conversationId` of one to resume it.
    #[napi(catch_unwind)]
    pub fn conversation(
        &self,
        env: Env,
        #[napi(ts_arg_type = "ConversationParams | undefined | null")] params: Option<Unknown<'_>>,
    ) -> napi::Result<WidgetKeyConversation> {
        let client = self.base.client.with_options(&self.base.options);
        conversation::open(client, params)
            .map(WidgetKeyConversation::new)
            .map_err(|failure| failure.into_js(&env))
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(
        &self,
        env: Env,
        #[napi(ts_arg_type = "CallOptions")] options: Unknown<'_>,
    ) -> napi::Result<WidgetKey> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

operations! {
    WidgetKey,
    /// `WidgetKey`'s calls, each answering `{ data, response }`: `client.withRawResponse`.
    WidgetKeyWithRawResponse over widgetkey::Client {
        /// `POST /v1/chat`: the whole answer.
        fn chat(params: [Unknown<'_>] = "WidgetKeyChatParams") -> WidgetKeyChatResponse {
            read: self::params::<WidgetKeyChatParams>(params).map(widgetkey::ChatRequest::from),
            call: |client, request| async move { client.chat_with_response(&request).await },
        }
    }
}
