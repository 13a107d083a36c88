//! The four providers' client classes. A constructor turns its options into the core builder's
//! settings; a method turns its params into the core request and answers the core call as a
//! promise (or, for `chatStream`, a stream at once); nothing else happens here.

use std::collections::HashMap;
use std::time::Duration;

use chatwire::{devapi, mevichat, vexar, widgetkey, ClientBuilder, ProviderClient, RequestOptions};
use http::header::{HeaderName, HeaderValue};
use napi::bindgen_prelude::{Buffer, Either, PromiseRaw};
use napi::Env;
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::call::promise;
use crate::errors::{validation, Failure};
use crate::models::*;
use crate::options::{headers, millis, retries, AbortLink, CallOptions};
use crate::stream::{
    DevApiChatStream, MevichatChatStream, StreamCore, VexarChatStream, WidgetKeyChatStream,
};

/// The settings every constructor takes besides its credentials.
struct CommonArgs {
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(HeaderName, HeaderValue)>,
}

impl CommonArgs {
    fn build<B: ClientBuilder>(self, mut builder: B) -> Result<B::Client, Failure> {
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = self.idle_timeout {
            builder = builder.idle_timeout(timeout);
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        for (name, value) in self.default_headers {
            builder = builder.header(name, value);
        }
        Ok(builder.build()?)
    }
}

/// Declares a provider's constructor options: its own fields, then the common ones.
macro_rules! client_options {
    (
        $(#[doc = $doc:literal])*
        $name:ident { $($fields:tt)* }
    ) => {
        // The fields pass as tokens, not as `ty` fragments, which napi would not see through
        // (it finds optional fields by their `Option` type).
        $(#[doc = $doc])*
        #[napi(object, object_to_js = false)]
        pub struct $name {
            $($fields)*
            /// The API's origin, such as `https://api.example.com`.
            pub base_url: Option<String>,
            /// The timeout of a whole request, and of a stream's response headers, in ms
            /// (default 600,000).
            pub timeout: Option<f64>,
            /// The timeout to open a connection, in ms (default 5,000).
            pub connect_timeout: Option<f64>,
            /// The longest gap between two stream events, in ms (default 60,000).
            pub idle_timeout: Option<f64>,
            /// Retries after a failed attempt (default 2).
            pub max_retries: Option<f64>,
            /// Headers sent with every request.
            pub default_headers: Option<HashMap<String, String>>,
        }

        impl $name {
            fn common(&mut self) -> Result<CommonArgs, Failure> {
                Ok(CommonArgs {
                    base_url: self.base_url.take(),
                    timeout: millis("timeout", self.timeout)?,
                    connect_timeout: millis("connectTimeout", self.connect_timeout)?,
                    idle_timeout: millis("idleTimeout", self.idle_timeout)?,
                    max_retries: retries(self.max_retries)?,
                    default_headers: headers("defaultHeaders", self.default_headers.take())?,
                })
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
    fn for_call(
        &self,
        env: &Env,
        options: Option<CallOptions<'_>>,
    ) -> Result<(C, AbortLink), Failure> {
        let mut options = options.unwrap_or(CallOptions {
            timeout: None,
            idle_timeout: None,
            max_retries: None,
            extra_headers: None,
            signal: None,
        });
        // The options are checked first, so that a refused call leaves no listener on the signal.
        let request_options = options.request_options(self.options.clone())?;
        let link = AbortLink::new(env, options.signal.take()).map_err(Failure::Js)?;
        Ok((self.client.with_options(&request_options), link))
    }

    fn with_options(&self, env: &Env, mut options: CallOptions<'_>) -> napi::Result<Self> {
        if options.signal.is_some() {
            return Err(validation("signal", "is per call; pass it to each call").into_js(env));
        }
        Ok(Self {
            client: self.client.clone(),
            options: options
                .request_options(self.options.clone())
                .map_err(|failure| failure.into_js(env))?,
        })
    }
}

// Mevichat.

client_options! {
    /// `new Mevichat(...)`'s options.
    MevichatOptions {
        /// The widget's public key (`mvc_pk_…`).
        pub public_key: String,
        /// The `Origin` the key allows.
        pub origin: String,
        /// The JWT of a workspace member, for `exportConversation`.
        pub export_token: Option<String>,
    }
}

/// `chatStream`'s params.
#[napi(object, object_to_js = false)]
pub struct MevichatChatParams {
    /// A UUID naming the conversation.
    pub session_id: String,
    /// The visitor's message, 1 to 4000 characters.
    pub message: String,
    pub visitor_id: Option<String>,
    pub visitor_metadata: Option<Map<String, Value>>,
}

/// `exportConversation`'s params.
#[napi(object, object_to_js = false)]
pub struct MevichatExportParams {
    pub session_id: String,
}

/// Mevichat: a streamed chat reply, the widget's configuration, and conversation export.
#[napi]
pub struct Mevichat {
    base: ClientBase<mevichat::Client>,
}

#[napi]
impl Mevichat {
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, mut options: MevichatOptions) -> napi::Result<Self> {
        let client = options.common().and_then(|common| {
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
        params: MevichatChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<MevichatChatStream> {
        let (client, link) = self
            .base
            .for_call(&env, options)
            .map_err(|failure| failure.into_js(&env))?;
        let request = mevichat::ChatRequest {
            session_id: params.session_id,
            message: params.message,
            visitor_id: params.visitor_id,
            visitor_metadata: params.visitor_metadata,
        };
        Ok(MevichatChatStream::new(StreamCore::open(
            link,
            async move { client.chat_stream(&request).await },
        )))
    }

    /// `GET /api/widget/config/`: the widget's display configuration (cached per `max-age`).
    #[napi(ts_return_type = "Promise<MevichatWidgetConfigResponse>", catch_unwind)]
    pub fn get_widget_config<'env>(
        &self,
        env: &'env Env,
        options: Option<CallOptions>,
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
        params: MevichatExportParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, MevichatExportResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
            client.export_conversation(&params.session_id).await
        })
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(&self, env: Env, options: CallOptions) -> napi::Result<Mevichat> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

// Vexar.

client_options! {
    /// `new Vexar(...)`'s options.
    VexarOptions {
        /// The site key of the widget.
        pub site_key: String,
    }
}

/// `chatStream`'s params.
#[napi(object, object_to_js = false)]
pub struct VexarChatParams {
    pub session_id: String,
    pub message: String,
    pub lang: Option<String>,
    pub message_id: Option<String>,
}

/// The params of the calls that name only a session.
#[napi(object, object_to_js = false)]
pub struct VexarSessionParams {
    pub session_id: String,
}

/// `saveEmail`'s params.
#[napi(object, object_to_js = false)]
pub struct VexarEmailParams {
    pub session_id: String,
    pub email: String,
}

/// `saveContact`'s params: an email or a phone, at least.
#[napi(object, object_to_js = false)]
pub struct VexarContactParams {
    pub session_id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
}

/// `uploadImage`'s params: the image as a path, or as bytes with its file name and type.
#[napi(object, object_to_js = false)]
pub struct VexarUploadImageParams {
    pub session_id: String,
    pub image: Either<Buffer, String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

/// `rateConversation`'s params.
#[napi(object, object_to_js = false)]
pub struct VexarRateParams {
    pub session_id: String,
    /// 1 to 5.
    pub score: f64,
}

/// `commentRating`'s params.
#[napi(object, object_to_js = false)]
pub struct VexarCommentParams {
    pub session_id: String,
    pub comment: String,
}

/// Vexar's widget API: a streamed chat answer, history, lead capture, operator messages,
/// proactive nudges, image upload and ratings.
#[napi]
pub struct Vexar {
    base: ClientBase<vexar::Client>,
}

#[napi]
impl Vexar {
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, mut options: VexarOptions) -> napi::Result<Self> {
        let client = options
            .common()
            .and_then(|common| common.build(vexar::Client::builder(options.site_key)));
        Ok(Self {
            base: ClientBase::new(&env, client)?,
        })
    }

    /// `POST /api/v1/chat/stream`: the answer, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        params: VexarChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<VexarChatStream> {
        let (client, link) = self
            .base
            .for_call(&env, options)
            .map_err(|failure| failure.into_js(&env))?;
        let request = vexar::ChatRequest {
            session_id: params.session_id,
            message: params.message,
            lang: params.lang,
            message_id: params.message_id,
        };
        Ok(VexarChatStream::new(StreamCore::open(link, async move {
            client.chat_stream(&request).await
        })))
    }

    /// `GET /api/v1/chat/history`: the conversation so far.
    #[napi(ts_return_type = "Promise<VexarHistoryResponse>", catch_unwind)]
    pub fn get_history<'env>(
        &self,
        env: &'env Env,
        params: VexarSessionParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarHistoryResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
            client.get_history(&params.session_id).await
        })
    }

    /// `POST /api/v1/chat/email`: saves the visitor's email.
    #[napi(ts_return_type = "Promise<VexarSaveResponse>", catch_unwind)]
    pub fn save_email<'env>(
        &self,
        env: &'env Env,
        params: VexarEmailParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarSaveResponse>> {
        let prepared = self.base.for_call(env, options);
        let request = vexar::EmailRequest {
            session_id: params.session_id,
            email: params.email,
        };
        promise(env, prepared, move |client| async move {
            client.save_email(&request).await
        })
    }

    /// `POST /api/v1/chat/contact`: saves the visitor's contact.
    #[napi(ts_return_type = "Promise<VexarSaveResponse>", catch_unwind)]
    pub fn save_contact<'env>(
        &self,
        env: &'env Env,
        params: VexarContactParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarSaveResponse>> {
        let prepared = self.base.for_call(env, options);
        let request = vexar::ContactRequest {
            session_id: params.session_id,
            email: params.email,
            phone: params.phone,
            name: params.name,
        };
        promise(env, prepared, move |client| async move {
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
        params: VexarSessionParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarOperatorMessagesResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
            client.get_operator_messages(&params.session_id).await
        })
    }

    /// `GET /api/v1/chat/block-status`: whether the visitor is blocked.
    #[napi(ts_return_type = "Promise<VexarBlockStatusResponse>", catch_unwind)]
    pub fn get_block_status<'env>(
        &self,
        env: &'env Env,
        params: VexarSessionParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarBlockStatusResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
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
        params: VexarSessionParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarPendingProactiveResponse>> {
        let prepared = self.base.for_call(env, options);
        promise(env, prepared, move |client| async move {
            client.get_pending_proactive(&params.session_id).await
        })
    }

    /// `POST /api/v1/chat/upload-image`: an image from a path, or from bytes with its file
    /// name and content type.
    #[napi(ts_return_type = "Promise<VexarUploadImageResponse>", catch_unwind)]
    pub fn upload_image<'env>(
        &self,
        env: &'env Env,
        params: VexarUploadImageParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarUploadImageResponse>> {
        let request = match params.image {
            Either::B(path) => {
                vexar::UploadImageRequest::from_path(params.session_id, path).map_err(Failure::from)
            }
            Either::A(bytes) => match (params.file_name, params.content_type) {
                (Some(file_name), Some(content_type)) => Ok(vexar::UploadImageRequest::from_bytes(
                    params.session_id,
                    bytes.to_vec(),
                    file_name,
                    content_type,
                )),
                _ => Err(validation(
                    "image",
                    "given as bytes, it needs fileName and contentType",
                )),
            },
        };
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
        params: VexarRateParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarSuccessResponse>> {
        let score = params.score;
        let request = match score.fract() == 0.0 && (0.0..=255.0).contains(&score) {
            true => Ok(vexar::RateRequest {
                session_id: params.session_id,
                score: score as u8,
            }),
            false => Err(validation(
                "score",
                format!("must be between 1 and 5, not {score}"),
            )),
        };
        let prepared =
            request.and_then(|request| self.base.for_call(env, options).map(with(request)));
        promise(env, prepared, move |(client, request)| async move {
            client.rate_conversation(&request).await
        })
    }

    /// `POST /api/v1/chat/rate/comment`: a comment on the rating.
    #[napi(ts_return_type = "Promise<VexarSuccessResponse>", catch_unwind)]
    pub fn comment_rating<'env>(
        &self,
        env: &'env Env,
        params: VexarCommentParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, VexarSuccessResponse>> {
        let prepared = self.base.for_call(env, options);
        let request = vexar::RateCommentRequest {
            session_id: params.session_id,
            comment: params.comment,
        };
        promise(env, prepared, move |client| async move {
            client.comment_rating(&request).await
        })
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(&self, env: Env, options: CallOptions) -> napi::Result<Vexar> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

// The Developer API.

client_options! {
    /// `new DevApi(...)`'s options.
    DevApiOptions {
        /// The bearer key.
        pub api_key: String,
        /// An `Origin` header to send, when the key is bound to one.
        pub origin: Option<String>,
    }
}

/// `chat` and `chatStream`'s params.
#[napi(object, object_to_js = false)]
pub struct DevApiChatParams {
    pub message: String,
    /// Continues this session; a new one starts without it.
    pub session_id: Option<String>,
}

/// `getUsage`'s params.
#[napi(object, object_to_js = false)]
pub struct DevApiUsageParams {
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
}

/// `listSessions`'s params.
#[napi(object, object_to_js = false)]
pub struct DevApiSessionsParams {
    pub include_all: Option<bool>,
    pub page: Option<f64>,
    pub per_page: Option<f64>,
}

/// The Developer API (a bearer key): chat, streamed or whole, usage and sessions.
#[napi]
pub struct DevApi {
    base: ClientBase<devapi::Client>,
}

#[napi]
impl DevApi {
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, mut options: DevApiOptions) -> napi::Result<Self> {
        let client = options.common().and_then(|common| {
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
        params: DevApiChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, DevApiChatResponse>> {
        let prepared = self.base.for_call(env, options);
        let request = devapi::ChatRequest {
            message: params.message,
            session_id: params.session_id,
        };
        promise(env, prepared, move |client| async move {
            client.chat(&request).await
        })
    }

    /// `POST /v1/chat` with `stream: true`: the answer, streamed.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        params: DevApiChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<DevApiChatStream> {
        let (client, link) = self
            .base
            .for_call(&env, options)
            .map_err(|failure| failure.into_js(&env))?;
        let request = devapi::ChatRequest {
            message: params.message,
            session_id: params.session_id,
        };
        Ok(DevApiChatStream::new(StreamCore::open(link, async move {
            client.chat_stream(&request).await
        })))
    }

    /// `GET /v1/usage`: requests, tokens and cost, in all and by model.
    #[napi(ts_return_type = "Promise<DevApiUsageResponse>", catch_unwind)]
    pub fn get_usage<'env>(
        &self,
        env: &'env Env,
        params: Option<DevApiUsageParams>,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, DevApiUsageResponse>> {
        let prepared = self.base.for_call(env, options);
        let query = devapi::UsageQuery {
            start_date: params.and_then(|params| params.start_date),
        };
        promise(env, prepared, move |client| async move {
            client.get_usage(&query).await
        })
    }

    /// `GET /v1/sessions`: a page of sessions.
    #[napi(ts_return_type = "Promise<DevApiSessionsResponse>", catch_unwind)]
    pub fn list_sessions<'env>(
        &self,
        env: &'env Env,
        params: Option<DevApiSessionsParams>,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, DevApiSessionsResponse>> {
        let params = params.unwrap_or(DevApiSessionsParams {
            include_all: None,
            page: None,
            per_page: None,
        });
        let query = page_number("page", params.page).and_then(|page| {
            Ok(devapi::SessionsQuery {
                include_all: params.include_all,
                page,
                per_page: page_number("perPage", params.per_page)?,
            })
        });
        let prepared = query.and_then(|query| self.base.for_call(env, options).map(with(query)));
        promise(env, prepared, move |(client, query)| async move {
            client.list_sessions(&query).await
        })
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(&self, env: Env, options: CallOptions) -> napi::Result<DevApi> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}

/// Pairs the client of a call with what was checked of its input, for [`promise`].
fn with<C, T>(input: T) -> impl FnOnce((C, AbortLink)) -> ((C, T), AbortLink) {
    move |(client, link)| ((client, input), link)
}

/// A page number or size: a whole number ≥ 1 (the core checks the documented upper bounds).
fn page_number(field: &'static str, value: Option<f64>) -> Result<Option<u32>, Failure> {
    value
        .map(|n| {
            let whole = n.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&n);
            whole
                .then_some(n as u32)
                .ok_or_else(|| validation(field, format!("must be a whole number ≥ 1, not {n}")))
        })
        .transpose()
}

// The widget-key API.

client_options! {
    /// `new WidgetKey(...)`'s options.
    WidgetKeyOptions {
        /// The widget API key.
        pub api_key: String,
        /// The header that carries the key: `x-api-key` (the default) or `x-widget-api-key`.
        pub key_header: Option<String>,
    }
}

/// `chat` and `chatStream`'s params.
#[napi(object, object_to_js = false)]
pub struct WidgetKeyChatParams {
    /// `^[A-Za-z0-9._:-]{1,128}$`.
    pub session_id: String,
    /// 1 to 4000 characters.
    pub message: String,
}

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
    pub fn new(env: Env, mut options: WidgetKeyOptions) -> napi::Result<Self> {
        let client = options.common().and_then(|common| {
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
        params: WidgetKeyChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<PromiseRaw<'env, WidgetKeyChatResponse>> {
        let prepared = self.base.for_call(env, options);
        let request = params.into();
        promise(env, prepared, move |client| async move {
            client.chat(&request).await
        })
    }

    /// `POST /v1/chat/stream`: the answer, streamed as sent.
    #[napi(catch_unwind)]
    pub fn chat_stream(
        &self,
        env: Env,
        params: WidgetKeyChatParams,
        options: Option<CallOptions>,
    ) -> napi::Result<WidgetKeyChatStream> {
        let (client, link) = self
            .base
            .for_call(&env, options)
            .map_err(|failure| failure.into_js(&env))?;
        let request = params.into();
        Ok(WidgetKeyChatStream::new(StreamCore::open(
            link,
            async move { client.chat_stream(&request).await },
        )))
    }

    /// A copy of this client whose calls use these settings.
    #[napi(catch_unwind)]
    pub fn with_options(&self, env: Env, options: CallOptions) -> napi::Result<WidgetKey> {
        Ok(Self {
            base: self.base.with_options(&env, options)?,
        })
    }
}
