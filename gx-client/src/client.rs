//! The client: a base URL, an HTTP connection pool, a session, and the one place every request
//! goes through (auth header, idempotency key, retries where safe, one shared refresh).

use std::sync::Arc;
use std::time::Duration;

use gx_api::{ApiError, IDEMPOTENCY_KEY_HEADER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use crate::retry::{sleep, RetryPolicy};
use crate::session::{MemoryTokenStore, Session, Token, TokenStore};
use crate::{ClientError, Environment};

/// A GX API client. Cheap to clone: clones share the connection pool and the session.
///
/// ```no_run
/// # async fn run() -> Result<(), gx_client::ClientError> {
/// let client = gx_client::Client::builder().environment(gx_client::Environment::Local)?.build()?;
/// client.login("user1@devnet.gx", "the printed password").await?;
/// let balance = client.balance().await?;
/// println!("{} Qirat", balance.balance.get());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base: url::Url,
    retry: RetryPolicy,
    pub(crate) tokens: Arc<dyn TokenStore>,
    /// Held while refreshing, so concurrent callers that all saw a 401 refresh once.
    refresh: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    base: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    tokens: Arc<dyn TokenStore>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: format!("gx-client/{}", env!("CARGO_PKG_VERSION")),
            retry: RetryPolicy::default(),
            tokens: Arc::new(MemoryTokenStore::default()),
        }
    }
}

impl ClientBuilder {
    /// The API's base URL, without `/api/v1` (`http://127.0.0.1:8547`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base = Some(url.into());
        self
    }

    /// A named network's URL (`GX_<NAME>_URL` overrides the known ones).
    ///
    /// # Errors
    /// `CLIENT_CONFIG` for DevNet or TestNet without their variable.
    pub fn environment(self, env: Environment) -> Result<Self, ClientError> {
        Ok(self.base_url(env.url()?))
    }

    /// The URL from `GX_API_URL` if set, else `env`'s.
    ///
    /// # Errors
    /// As [`Self::environment`].
    pub fn from_env_or(self, env: Environment) -> Result<Self, ClientError> {
        match std::env::var("GX_API_URL") {
            Ok(url) if !url.trim().is_empty() => Ok(self.base_url(url)),
            _ => self.environment(env),
        }
    }

    /// Per-request timeout (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connection timeout (10 s by default; not used in WebAssembly).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` (`gx-client/<version>` by default).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Retries for safe requests ([`RetryPolicy::default`]: 4, from 100 ms up to 5 s).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Where the session is kept (memory by default).
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.tokens = store;
        self
    }

    /// The client.
    ///
    /// # Errors
    /// `CLIENT_CONFIG` without a base URL or with one that is not http(s).
    pub fn build(self) -> Result<Client, ClientError> {
        let config = |message: String| ClientError::Config { message };
        let raw = self
            .base
            .ok_or_else(|| config("no base URL: call base_url or environment".into()))?;
        let mut base = url::Url::parse(raw.trim())
            .map_err(|e| config(format!("{raw:?} is not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(config(format!("{raw:?}: expected an http or https URL")));
        }
        // Paths are joined below the base, so it ends with one slash.
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let builder = reqwest::Client::builder().user_agent(self.user_agent);
        #[cfg(not(target_arch = "wasm32"))]
        let builder = builder
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout);
        let http = builder
            .build()
            .map_err(|e| config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                retry: self.retry,
                tokens: self.tokens,
                refresh: tokio::sync::Mutex::new(()),
            }),
        })
    }
}

/// Whether a request may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Safety {
    /// A read, or a write with an idempotency key.
    Retry,
    /// A write that could happen twice.
    Once,
}

/// One API call.
pub(crate) struct Call<'a, B: Serialize + ?Sized> {
    pub method: Method,
    pub path: &'a str,
    pub query: &'a [(&'a str, String)],
    pub body: Option<&'a B>,
    pub auth: bool,
    pub idempotency_key: Option<&'a str>,
    pub safety: Safety,
    /// A non-2xx status whose body is an answer, not an error (`/readyz`'s 503).
    pub also_an_answer: Option<u16>,
}

impl<'a> Call<'a, ()> {
    pub(crate) fn get(path: &'a str) -> Self {
        Call {
            method: Method::GET,
            path,
            query: &[],
            body: None,
            auth: true,
            idempotency_key: None,
            safety: Safety::Retry,
            also_an_answer: None,
        }
    }
}

impl<'a> Call<'a, ()> {
    pub(crate) fn delete(path: &'a str) -> Self {
        Call {
            method: Method::DELETE,
            ..Call::get(path).once()
        }
    }
}

impl<'a, B: Serialize + ?Sized> Call<'a, B> {
    pub(crate) fn post(path: &'a str, body: &'a B) -> Self {
        Call {
            method: Method::POST,
            path,
            query: &[],
            body: Some(body),
            auth: true,
            idempotency_key: None,
            safety: Safety::Once,
            also_an_answer: None,
        }
    }

    pub(crate) fn anonymous(mut self) -> Self {
        self.auth = false;
        self
    }

    pub(crate) fn query(mut self, query: &'a [(&'a str, String)]) -> Self {
        self.query = query;
        self
    }

    /// Carries `key`, which makes the write safe to send again.
    pub(crate) fn idempotent(mut self, key: &'a str) -> Self {
        self.idempotency_key = Some(key);
        self.safety = Safety::Retry;
        self
    }

    /// A call that must not be sent twice (a read that consumes something).
    pub(crate) fn once(mut self) -> Self {
        self.safety = Safety::Once;
        self
    }

    /// A write that does nothing twice by its nature (logout, cancel).
    pub(crate) fn safe_to_repeat(mut self) -> Self {
        self.safety = Safety::Retry;
        self
    }
}

/// A successful answer: its status and body.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Answer {
    pub(crate) fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, ClientError> {
        serde_json::from_slice(&self.body).map_err(|e| ClientError::Decode {
            message: format!("{what}: {e}"),
        })
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `base_url` with the defaults.
    ///
    /// # Errors
    /// `CLIENT_CONFIG` for a URL that is not http(s).
    pub fn new(base_url: &str) -> Result<Client, ClientError> {
        Client::builder().base_url(base_url).build()
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// The current session, if logged in.
    pub fn session(&self) -> Option<Session> {
        self.inner.tokens.load()
    }

    pub(crate) fn require_session(&self) -> Result<Session, ClientError> {
        self.session().ok_or(ClientError::NotLoggedIn)
    }

    /// Sends `call` and returns the body of a 2xx as `T`.
    pub(crate) async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        call: Call<'_, B>,
    ) -> Result<T, ClientError> {
        let what = format!("{} {}", call.method, call.path);
        self.send(call).await?.json(&what)
    }

    /// Sends `call`: retries it where safe, refreshes the session once on a 401.
    pub(crate) async fn send<B: Serialize + ?Sized>(
        &self,
        call: Call<'_, B>,
    ) -> Result<Answer, ClientError> {
        let span = tracing::info_span!(
            "gx_request",
            method = %call.method,
            path = call.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            let retry_safe = call.safety == Safety::Retry;
            let mut refreshed = false;
            let mut retries = 0;
            loop {
                let used_token = if call.auth {
                    Some(self.require_session()?.access_token)
                } else {
                    None
                };
                let outcome = self.attempt(&call, used_token.as_ref()).await;
                let error = match outcome {
                    Ok(answer) => {
                        tracing::Span::current().record("status", answer.status.as_u16());
                        tracing::Span::current().record("attempts", retries + 1);
                        return Ok(answer);
                    }
                    Err(e) => e,
                };
                let (status, retry_after) = match &error {
                    ClientError::Api { error, .. } => (
                        Some(error.status),
                        error.retry_after_secs.map(Duration::from_secs),
                    ),
                    _ => (None, None),
                };
                tracing::Span::current().record("status", status.unwrap_or(0));
                // An expired access token: refresh once (shared with concurrent callers),
                // then send again; the request never ran, so this is safe for any call.
                if status == Some(401) && !refreshed {
                    if let Some(token) = &used_token {
                        if self.refresh_after(token).await? {
                            refreshed = true;
                            continue;
                        }
                    }
                }
                let transient = matches!(error, ClientError::Transport { .. })
                    || status.is_some_and(|s| s >= 500 || s == 429);
                if retry_safe && transient && retries < self.inner.retry.max_retries {
                    let delay = self.inner.retry.delay(retries, retry_after);
                    tracing::debug!(?delay, retries, "retrying");
                    sleep(delay).await;
                    retries += 1;
                    continue;
                }
                tracing::Span::current().record("attempts", retries + 1);
                return Err(error);
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt<B: Serialize + ?Sized>(
        &self,
        call: &Call<'_, B>,
        token: Option<&Token>,
    ) -> Result<Answer, ClientError> {
        let retry_safe = call.safety == Safety::Retry;
        let url = self
            .inner
            .base
            .join(call.path.trim_start_matches('/'))
            .map_err(|e| ClientError::Config {
                message: format!("{}: {e}", call.path),
            })?;
        let mut request = self.inner.http.request(call.method.clone(), url);
        if !call.query.is_empty() {
            request = request.query(call.query);
        }
        if let Some(body) = call.body {
            request = request.json(body);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(key) = call.idempotency_key {
            request = request.header(IDEMPOTENCY_KEY_HEADER, key);
        }
        let transport = |e: reqwest::Error| ClientError::Transport {
            // reqwest's message names the URL, never a header.
            message: e.to_string(),
            retry_safe,
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if status.is_success() || call.also_an_answer == Some(status.as_u16()) {
            Ok(Answer { status, body })
        } else {
            Err(ClientError::Api {
                error: ApiError::from_response(status.as_u16(), retry_after.as_deref(), &body),
                retry_safe,
            })
        }
    }

    /// Refreshes the session after `stale` was refused, unless another caller already did.
    /// `Ok(true)` when there is a new token to try, `Ok(false)` when the session cannot be
    /// refreshed (no refresh token: an admin's, or logged out).
    pub(crate) async fn refresh_after(&self, stale: &Token) -> Result<bool, ClientError> {
        let _one_at_a_time = self.inner.refresh.lock().await;
        let Some(session) = self.session() else {
            return Ok(false);
        };
        if session.access_token != *stale {
            return Ok(true); // refreshed by someone else while this caller waited
        }
        let Some(refresh_token) = session.refresh_token.clone() else {
            return Ok(false);
        };
        let body = gx_api::RefreshRequest {
            refresh_token: refresh_token.expose().to_owned(),
        };
        let path = gx_api::paths::auth_refresh();
        let refreshed = self
            .attempt(&Call::post(&path, &body).anonymous(), None)
            .await;
        match refreshed {
            Ok(answer) => {
                let fresh: gx_api::RefreshResponse = answer.json("POST /auth/refresh")?;
                self.inner.tokens.save(Some(Session {
                    access_token: Token::new(fresh.access_token),
                    refresh_token: fresh.refresh_token.map(Token::new).or(Some(refresh_token)),
                    ..session
                }));
                tracing::debug!("session refreshed");
                Ok(true)
            }
            // The refresh token itself was refused: the session is over.
            Err(ClientError::Api { error, .. }) if error.status == 401 || error.status == 403 => {
                self.inner.tokens.save(None);
                Err(ClientError::NotLoggedIn)
            }
            Err(e) => Err(e),
        }
    }
}
