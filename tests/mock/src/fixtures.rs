//! The deterministic credentials and ids the mock knows. `README.md` documents each one.

/// Mevichat public key that works: workspace `ws_demo`, bot `support`.
pub const MEVICHAT_PUBLIC_KEY: &str = "mvc_pk_test_chatwire";
/// Mevichat key that answers `401 invalid_api_key`.
pub const MEVICHAT_REVOKED_KEY: &str = "mvc_pk_test_revoked";
/// Mevichat key whose streams end in a `quota_exceeded` error event.
pub const MEVICHAT_QUOTA_KEY: &str = "mvc_pk_test_quota";
/// Mevichat key whose streams end in a `provider_auth_failed` error event.
pub const MEVICHAT_LLM_ERROR_KEY: &str = "mvc_pk_test_llm_error";
/// Origins the Mevichat and Developer API keys allow.
pub const ALLOWED_ORIGINS: [&str; 2] = ["https://example.com", "http://localhost:3000"];
/// A message containing this word (any case) is blocked by Mevichat's moderation.
pub const BLOCKED_WORD: &str = "forbidden";
/// The Mevichat session seeded with the docs' example transcript.
pub const SEEDED_SESSION_ID: &str = "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1";
/// Export JWT of a `ws_demo` member.
pub const EXPORT_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTE4NDIiLCJ3b3Jrc3BhY2UiOiJ3c19kZW1vIn0.Y2hhdHdpcmUtbW9jay1kZW1v";
/// Export JWT of a user with no workspace.
pub const EXPORT_JWT_NO_WORKSPACE: &str =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLW5vd3MifQ.Y2hhdHdpcmUtbW9jay1ub3dz";
/// Export JWT of a user of another workspace.
pub const EXPORT_JWT_OTHER_WORKSPACE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLW90aGVyIiwid29ya3NwYWNlIjoid3Nfb3RoZXIifQ.Y2hhdHdpcmUtbW9jay1vdGhlcg";

/// Vexar site key that works.
pub const VEXAR_SITE_KEY: &str = "sk_test_chatwire";
/// Vexar session id of a blocked visitor.
pub const VEXAR_BLOCKED_SESSION: &str = "sess_blocked";

/// Developer API key.
pub const DEVAPI_KEY: &str = "dk_test_chatwire";

/// Widget-key API key.
pub const WIDGET_KEY: &str = "wk_test_chatwire";

/// The model every reply claims to come from.
pub const MODEL: &str = "anthropic:claude-haiku-4-5";

/// The workspace an export JWT grants, or `None` for a valid user with no workspace.
/// An unknown token is `Err`.
pub(crate) fn export_workspace(jwt: &str) -> Result<Option<&'static str>, ()> {
    match jwt {
        EXPORT_JWT => Ok(Some("ws_demo")),
        EXPORT_JWT_OTHER_WORKSPACE => Ok(Some("ws_other")),
        EXPORT_JWT_NO_WORKSPACE => Ok(None),
        _ => Err(()),
    }
}
