//! The four providers' client classes. A constructor turns its options into the core builder's
//! settings; a method turns its params into the core request and answers the core call as a
//! promise (or, for `chatStream`, a stream at once); nothing else happens here.

use std::num::NonZeroU32;

use chatwire::{devapi, mevichat, vexar, widgetkey, ClientBuilder, ProviderClient, RequestOptions};
use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;

use crate::call::promise;
use crate::errors::{validation, Failure};
use crate::from_js::{caught, read, read_optional, BufferOrString, Headers, JsonObject, Millis};
use crate::models::*;
use crate::options::{AbortLink, CallOptions};
use crate::stream::{
    DevApiChatStream, MevichatChatStream, StreamCore, VexarChatStream, WidgetKeyChatStream,
};

/// The settings every constructor takes besides its credentials.
struct CommonArgs {
    base_url: Option<String>,
    timeout: Option<Millis>,
    connect_timeout: Option<Millis>,
    idle_timeout: Option<Millis>,
    max_retries: Option<u32>,
    default_headers: Option<Headers>,
}

impl CommonArgs {
    fn build<B: ClientBuilder>(self, mut builder: B) -> Result<B::Client, Failure> {
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
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        for (name, value) in self.default_headers.map(|h| h.0).unwrap_or_default() {
            builder = builder.header(name, value);
        }
        Ok(builder.build()?)
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
        pub struct $name {
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
            /// Retries after a failed attempt (default 2).
            pub max_retries: Option<u32>,
            /// Headers sent with every request.
            #[napi(ts_type = "Record<string, string>")]
            pub default_headers: Option<Headers>,
        }

        from_js!($name as "option" {
            $($own,)* base_url, timeout, connect_timeout, idle_timeout, max_retries, default_headers
        });

        impl $name {
            fn common(&mut self) -> CommonArgs {
                CommonArgs {
                    base_url: self.base_url.take(),
                    timeout: self.timeout.take(),
                    connect_timeout: self.connect_timeout.take(),
                    idle_timeout: self.idle_timeout.take(),
                    max_retries: self.max_retries.take(),
                    default_headers: self.default_headers.take(),
                }
            }
        }
    };
}

/// What every client class holds: the core client and the options of `withOptions`.
struct ClientBase<C: ProviderClient> {
    client: C,
    options: RequestOptions,
}

impl<C: ProviderClient> ClientBase<C> {
    fn new(env: &Env, client: Result<C, Failure>) -> napi::Result<Self> {
        Ok(Self {
            client: client.map_err(|failure| failure.into_js(env))?,
            options: RequestOptions::new(),
        })
    }

    /// The client for one call, with the call's options over the client's, and the link to
    /// the call's signal.
    fn for_call(&self, env: &Env, options: Option<Unknown<'_>>) -> Result<(C, AbortLink), Failure> {
        let mut options = read_optional::<CallOptions>(options, "options")?.unwrap_or_default();
        // The options are read whole first, so that a refused call leaves no listener on the
        // signal.
        let request_options = options.request_options(self.options.clone());
        let signal = options.signal.take().map(|signal| signal.0);
        let link = caught(
            env.raw(),
            "signal",
            "listening to it",
            AbortLink::new(env, signal),
        )?;
        Ok((self.client.with_options(&request_options), link))
    }

    fn with_options(&self, env: &Env, options: Unknown<'_>) -> napi::Result<Self> {
        let options = read::<CallOptions>(options, "options").and_then(|mut options| {
            if options.signal.is_some() {
                return Err(validation("signal", "is per call; pass it to each call"));
            }
            Ok(options.request_options(self.options.clone()))
        });
        Ok(Self {
            client: self.client.clone(),
            options: options.map_err(|failure| failure.into_js(env))?,
        })
    }
}

/// A params object of a call, read whole, or a refusal.
fn params<'env, T: crate::from_js::FromJs<'env>>(params: Unknown<'env>) -> Result<T, Failure> {
    read(params, "params")
}

// Mevichat.

client_options! {
    /// `new Mevichat(...)`'s options.
    MevichatOptions [public_key, origin, export_token] {
        /// The widget's public key (`mvc_pk_…`).
        pub public_key: String,
        /// The `Origin` the key allows.
        pub origin: String,
        /// The JWT of a workspace member, for `exportConversation`.
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
    pub visitor_id: Option<String>,
    /// Free-form JSON, as `JSON.stringify` writes it.
    #[napi(ts_type = "Record<string, any>")]
    pub visitor_metadata: Option<JsonObject>,
}

from_js!(MevichatChatParams as "parameter" { session_id, message, visitor_id, visitor_metadata });

/// `exportConversation`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct MevichatExportParams {
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
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "MevichatOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let client = read::<MevichatOptions>(options, "options").and_then(|mut options| {
            let common = options.common();
            let builder = mevichat::Client::builder(options.public_key, options.origin);
            let builder = match options.export_token {
                Some(jwt) => builder.export_token(jwt),
                None => builder,
            };
            common.build(builder)
        });
        Ok(Self {
            base: ClientBase::new(&env, client)?,
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
        let opened = self::params::<MevichatChatParams>(params).and_then(|params| {
            let request = mevichat::ChatRequest {
                session_id: params.session_id,
                message: params.message,
                visitor_id: params.visitor_id,
                visitor_metadata: params.visitor_metadata.map(|json| json.0),
            };
            let (client, link) = self.base.for_call(&env, options)?;
            Ok(StreamCore::open(link, async move {
                client.chat_stream(&request).await
            }))
        });
        Ok(MevichatChatStream::new(
            opened.map_err(|failure| failure.into_js(&env))?,
        ))
    }

    /// `GET /api/widget/config/`: the widget's display configuration (cached per `max-age`).
    #[napi(ts_return_type = "Promise<MevichatWidgetConfigResponse>", catch_unwind)]
    pub fn get_widget_config<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, MevichatWidgetConfigResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
            client.get_widget_config().await
        })
    }

    /// `GET /api/conversations/{sessionId}/export.json`: the whole transcript (needs
    /// `exportToken`).
    #[napi(ts_return_type = "Promise<MevichatExportResponse>", catch_unwind)]
    pub fn export_conversation<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "MevichatExportParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, MevichatExportResponse>> {
        let prepared = self::params::<MevichatExportParams>(params)
            .and_then(|params| self.base.for_call(env, options).map(with(params)));
        promise(env, prepared, move |(client, params)| async move {
            client.export_conversation(&params.session_id).await
        })
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

// Vexar.

client_options! {
    /// `new Vexar(...)`'s options.
    VexarOptions [site_key] {
        /// The site key of the widget.
        pub site_key: String,
    }
}

/// `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarChatParams {
    pub session_id: String,
    pub message: String,
    pub lang: Option<String>,
    pub message_id: Option<String>,
}

from_js!(VexarChatParams as "parameter" { session_id, message, lang, message_id });

/// The params of the calls that name only a session.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarSessionParams {
    pub session_id: String,
}

from_js!(VexarSessionParams as "parameter" { session_id });

/// `saveEmail`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarEmailParams {
    pub session_id: String,
    pub email: String,
}

from_js!(VexarEmailParams as "parameter" { session_id, email });

/// `saveContact`'s params: an email or a phone, at least.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarContactParams {
    pub session_id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
}

from_js!(VexarContactParams as "parameter" { session_id, email, phone, name });

/// `uploadImage`'s params: the image as a path, or as bytes with its file name and type.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarUploadImageParams {
    pub session_id: String,
    #[napi(ts_type = "Buffer | string")]
    pub image: BufferOrString,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

from_js!(VexarUploadImageParams as "parameter" { session_id, image, file_name, content_type });

/// `rateConversation`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarRateParams {
    pub session_id: String,
    /// 1 to 5.
    pub score: u8,
}

from_js!(VexarRateParams as "parameter" { session_id, score });

/// `commentRating`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarCommentParams {
    pub session_id: String,
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
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "VexarOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let client = read::<VexarOptions>(options, "options").and_then(|mut options| {
            options
                .common()
                .build(vexar::Client::builder(options.site_key))
        });
        Ok(Self {
            base: ClientBase::new(&env, client)?,
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
        let opened = self::params::<VexarChatParams>(params).and_then(|params| {
            let request = vexar::ChatRequest {
                session_id: params.session_id,
                message: params.message,
                lang: params.lang,
                message_id: params.message_id,
            };
            let (client, link) = self.base.for_call(&env, options)?;
            Ok(StreamCore::open(link, async move {
                client.chat_stream(&request).await
            }))
        });
        Ok(VexarChatStream::new(
            opened.map_err(|failure| failure.into_js(&env))?,
        ))
    }

    /// `GET /api/v1/chat/history`: the conversation so far.
    #[napi(ts_return_type = "Promise<VexarHistoryResponse>", catch_unwind)]
    pub fn get_history<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarSessionParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarHistoryResponse>> {
        let prepared = self::params::<VexarSessionParams>(params)
            .and_then(|params| self.base.for_call(env, options).map(with(params)));
        promise(env, prepared, move |(client, params)| async move {
            client.get_history(&params.session_id).await
        })
    }

    /// `POST /api/v1/chat/email`: saves the visitor's email.
    #[napi(ts_return_type = "Promise<VexarSaveResponse>", catch_unwind)]
    pub fn save_email<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarEmailParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarSaveResponse>> {
        let prepared = self::params::<VexarEmailParams>(params).and_then(|params| {
            let request = vexar::EmailRequest {
                session_id: params.session_id,
                email: params.email,
            };
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.save_email(&request).await
        })
    }

    /// `POST /api/v1/chat/contact`: saves the visitor's contact.
    #[napi(ts_return_type = "Promise<VexarSaveResponse>", catch_unwind)]
    pub fn save_contact<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarContactParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarSaveResponse>> {
        let prepared = self::params::<VexarContactParams>(params).and_then(|params| {
            let request = vexar::ContactRequest {
                session_id: params.session_id,
                email: params.email,
                phone: params.phone,
                name: params.name,
            };
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.save_contact(&request).await
        })
    }

    /// `GET /api/v1/chat/operator-messages`: messages from a human operator.
    #[napi(
        ts_return_type = "Promise<VexarOperatorMessagesResponse>",
        catch_unwind
    )]
    pub fn get_operator_messages<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarSessionParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarOperatorMessagesResponse>> {
        let prepared = self::params::<VexarSessionParams>(params)
            .and_then(|params| self.base.for_call(env, options).map(with(params)));
        promise(env, prepared, move |(client, params)| async move {
            client.get_operator_messages(&params.session_id).await
        })
    }

    /// `GET /api/v1/chat/block-status`: whether the visitor is blocked.
    #[napi(ts_return_type = "Promise<VexarBlockStatusResponse>", catch_unwind)]
    pub fn get_block_status<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarSessionParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarBlockStatusResponse>> {
        let prepared = self::params::<VexarSessionParams>(params)
            .and_then(|params| self.base.for_call(env, options).map(with(params)));
        promise(env, prepared, move |(client, params)| async move {
            client.get_block_status(&params.session_id).await
        })
    }

    /// `GET /api/v1/chat/proactive/pending`: nudges waiting for the visitor.
    #[napi(
        ts_return_type = "Promise<VexarPendingProactiveResponse>",
        catch_unwind
    )]
    pub fn get_pending_proactive<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarSessionParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarPendingProactiveResponse>> {
        let prepared = self::params::<VexarSessionParams>(params)
            .and_then(|params| self.base.for_call(env, options).map(with(params)));
        promise(env, prepared, move |(client, params)| async move {
            client.get_pending_proactive(&params.session_id).await
        })
    }

    /// `POST /api/v1/chat/upload-image`: an image from a path, or from bytes with its file
    /// name and content type.
    #[napi(ts_return_type = "Promise<VexarUploadImageResponse>", catch_unwind)]
    pub fn upload_image<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarUploadImageParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarUploadImageResponse>> {
        let request =
            self::params::<VexarUploadImageParams>(params).and_then(|params| match params.image {
                BufferOrString::Text(path) => {
                    vexar::UploadImageRequest::from_path(params.session_id, path)
                        .map_err(Failure::from)
                }
                BufferOrString::Bytes(bytes) => match (params.file_name, params.content_type) {
                    (Some(file_name), Some(content_type)) => {
                        Ok(vexar::UploadImageRequest::from_bytes(
                            params.session_id,
                            bytes,
                            file_name,
                            content_type,
                        ))
                    }
                    _ => Err(validation(
                        "image",
                        "given as bytes, it needs fileName and contentType",
                    )),
                },
            });
        let prepared =
            request.and_then(|request| self.base.for_call(env, options).map(with(request)));
        promise(env, prepared, move |(client, request)| async move {
            client.upload_image(&request).await
        })
    }

    /// `POST /api/v1/chat/rate`: a score from 1 to 5.
    #[napi(ts_return_type = "Promise<VexarSuccessResponse>", catch_unwind)]
    pub fn rate_conversation<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarRateParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarSuccessResponse>> {
        let prepared = self::params::<VexarRateParams>(params).and_then(|params| {
            let request = vexar::RateRequest {
                session_id: params.session_id,
                score: params.score,
            };
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.rate_conversation(&request).await
        })
    }

    /// `POST /api/v1/chat/rate/comment`: a comment on the rating.
    #[napi(ts_return_type = "Promise<VexarSuccessResponse>", catch_unwind)]
    pub fn comment_rating<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "VexarCommentParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, VexarSuccessResponse>> {
        let prepared = self::params::<VexarCommentParams>(params).and_then(|params| {
            let request = vexar::RateCommentRequest {
                session_id: params.session_id,
                comment: params.comment,
            };
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.comment_rating(&request).await
        })
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

// The Developer API.

client_options! {
    /// `new DevApi(...)`'s options.
    DevApiOptions [api_key, origin] {
        /// The bearer key.
        pub api_key: String,
        /// An `Origin` header to send, when the key is bound to one.
        pub origin: Option<String>,
    }
}

/// `chat` and `chatStream`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct DevApiChatParams {
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
    pub include_all: Option<bool>,
    /// From 1.
    #[napi(ts_type = "number")]
    pub page: Option<NonZeroU32>,
    /// 1 to 100.
    #[napi(ts_type = "number")]
    pub per_page: Option<NonZeroU32>,
}

from_js!(DevApiSessionsParams as "parameter" { include_all, page, per_page });

/// The Developer API (a bearer key): chat, streamed or whole, usage and sessions.
#[napi]
pub struct DevApi {
    base: ClientBase<devapi::Client>,
}

#[napi]
impl DevApi {
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "DevApiOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let client = read::<DevApiOptions>(options, "options").and_then(|mut options| {
            let common = options.common();
            let builder = devapi::Client::builder(options.api_key);
            let builder = match options.origin {
                Some(origin) => builder.origin(origin),
                None => builder,
            };
            common.build(builder)
        });
        Ok(Self {
            base: ClientBase::new(&env, client)?,
        })
    }

    /// `POST /v1/chat` with `stream: false`: the whole answer.
    #[napi(ts_return_type = "Promise<DevApiChatResponse>", catch_unwind)]
    pub fn chat<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "DevApiChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, DevApiChatResponse>> {
        let prepared = self::params::<DevApiChatParams>(params).and_then(|params| {
            let request = devapi::ChatRequest::from(params);
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.chat(&request).await
        })
    }

    /// `POST /v1/chat` with `stream: true`: the answer, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "DevApiChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<DevApiChatStream> {
        let opened = self::params::<DevApiChatParams>(params).and_then(|params| {
            let request = devapi::ChatRequest::from(params);
            let (client, link) = self.base.for_call(&env, options)?;
            Ok(StreamCore::open(link, async move {
                client.chat_stream(&request).await
            }))
        });
        Ok(DevApiChatStream::new(
            opened.map_err(|failure| failure.into_js(&env))?,
        ))
    }

    /// `GET /v1/usage`: requests, tokens and cost, in all and by model.
    #[napi(ts_return_type = "Promise<DevApiUsageResponse>", catch_unwind)]
    pub fn get_usage<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "DevApiUsageParams | undefined | null")] params: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, DevApiUsageResponse>> {
        let prepared = read_optional::<DevApiUsageParams>(params, "params").and_then(|params| {
            let query = devapi::UsageQuery {
                start_date: params.and_then(|params| params.start_date),
            };
            self.base.for_call(env, options).map(with(query))
        });
        promise(env, prepared, move |(client, query)| async move {
            client.get_usage(&query).await
        })
    }

    /// `GET /v1/sessions`: a page of sessions.
    #[napi(ts_return_type = "Promise<DevApiSessionsResponse>", catch_unwind)]
    pub fn list_sessions<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "DevApiSessionsParams | undefined | null")] params: Option<
            Unknown<'_>,
        >,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, DevApiSessionsResponse>> {
        let prepared = read_optional::<DevApiSessionsParams>(params, "params").and_then(|params| {
            let query = params.map_or_else(devapi::SessionsQuery::default, |params| {
                devapi::SessionsQuery {
                    include_all: params.include_all,
                    page: params.page.map(NonZeroU32::get),
                    per_page: params.per_page.map(NonZeroU32::get),
                }
            });
            self.base.for_call(env, options).map(with(query))
        });
        promise(env, prepared, move |(client, query)| async move {
            client.list_sessions(&query).await
        })
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

/// Pairs the client of a call with what was read of its input, for [`promise`].
fn with<C, T>(input: T) -> impl FnOnce((C, AbortLink)) -> ((C, T), AbortLink) {
    move |(client, link)| ((client, input), link)
}

// The widget-key API.

client_options! {
    /// `new WidgetKey(...)`'s options.
    WidgetKeyOptions [api_key, key_header] {
        /// The widget API key.
        pub api_key: String,
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
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "WidgetKeyOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let client = read::<WidgetKeyOptions>(options, "options").and_then(|mut options| {
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
            common.build(widgetkey::Client::builder(options.api_key).key_header(header))
        });
        Ok(Self {
            base: ClientBase::new(&env, client)?,
        })
    }

    /// `POST /v1/chat`: the whole answer.
    #[napi(ts_return_type = "Promise<WidgetKeyChatResponse>", catch_unwind)]
    pub fn chat<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "WidgetKeyChatParams")] params: Unknown<'_>,
        #[napi(ts_arg_type = "CallOptions | undefined | null")] options: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, WidgetKeyChatResponse>> {
        let prepared = self::params::<WidgetKeyChatParams>(params).and_then(|params| {
            let request = widgetkey::ChatRequest::from(params);
            self.base.for_call(env, options).map(with(request))
        });
        promise(env, prepared, move |(client, request)| async move {
            client.chat(&request).await
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
        let opened = self::params::<WidgetKeyChatParams>(params).and_then(|params| {
            let request = widgetkey::ChatRequest::from(params);
            let (client, link) = self.base.for_call(&env, options)?;
            Ok(StreamCore::open(link, async move {
                client.chat_stream(&request).await
            }))
        });
        Ok(WidgetKeyChatStream::new(
            opened.map_err(|failure| failure.into_js(&env))?,
        ))
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
