//! Credentials that change while the client is in use: replaced by hand on every clone at once,
//! or asked of a token source before a request, cached until shortly before they expire.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::error::TransportError;
use super::secret::Secret;

/// What a token source fails with: any error (`?` converts one), shown by the call that needed
/// the token as [`TransportErrorKind::Credentials`](super::TransportErrorKind::Credentials).
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// How long before its expiry a token is replaced, at most: a call never goes out with a token
/// that expires on the way. A token that lives less than twice this is replaced halfway through
/// its life instead.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// After a refresh fails while the old token is still valid, the old token is used and the
/// source asked again after this long (or at the old token's expiry, whichever comes first).
const RETRY_AFTER_FAILED_REFRESH: Duration = Duration::from_secs(5);

/// A token handed out by a token source, with how long it may be used.
///
/// Its `Debug` never shows the value.
#[derive(Clone)]
pub struct AccessToken {
    value: Secret,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token that does not expire (until another one replaces it).
    pub fn new(value: impl Into<String>) -> Self {
        AccessToken { value: Secret::new(value), expires_at: None }
    }

    /// The token expires `lifetime` from now (LINE's `expires_in`, in seconds, as a `Duration`).
    pub fn expires_in(self, lifetime: Duration) -> Self {
        let expires_at = Instant::now().checked_add(lifetime);
        AccessToken { expires_at, ..self }
    }

    /// The token expires at `at`.
    pub fn expires_at(self, at: Instant) -> Self {
        AccessToken { expires_at: Some(at), ..self }
    }

    /// When the token expires, if it does.
    pub fn expiry(&self) -> Option<Instant> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("value", &self.value).field("expires_at", &self.expires_at).finish()
    }
}

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// Where a client gets its token when it needs a new one: issue it, read it from a vault, ….
///
/// Any `Fn() -> impl Future<Output = Result<AccessToken, TokenError>>` closure is one. The
/// client asks only when it holds no token or its token is about to expire, and asks once for
/// all the calls that need one at the same moment.
pub trait TokenSource: Send + Sync + 'static {
    /// A new token.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut> TokenSource for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AccessToken, TokenError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// A token source with the token it gave last: asked again only shortly before that token
/// expires (see [`DEFAULT_REFRESH_MARGIN`]), and by one caller at a time; callers waiting
/// meanwhile get the token (or the error) that one refresh brought.
pub struct TokenCache {
    source: Box<dyn TokenSource>,
    state: Mutex<CacheState>,
    /// Held by the one caller asking the source.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    token: Option<Cached>,
    /// Counts the source's answers, so a caller that waited for a refresh knows one happened.
    answers: u64,
    /// The last answer, when it was an error: shared by every caller that waited for it.
    failure: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

struct Cached {
    value: Secret,
    refresh_at: Option<Instant>,
    expires_at: Option<Instant>,
}

impl Cached {
    fn new(token: AccessToken, now: Instant) -> Self {
        let refresh_at = token.expires_at.map(|expires_at| {
            let lifetime = expires_at.saturating_duration_since(now);
            let margin = DEFAULT_REFRESH_MARGIN.min(lifetime / 2);
            expires_at.checked_sub(margin).unwrap_or(now)
        });
        Cached { value: token.value, refresh_at, expires_at: token.expires_at }
    }

    fn is_fresh(&self, now: Instant) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }

    fn is_valid(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }
}

impl TokenCache {
    /// Caches the tokens `source` gives.
    pub fn new(source: impl TokenSource) -> Self {
        TokenCache { source: Box::new(source), state: Mutex::default(), refreshing: tokio::sync::Mutex::new(()) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached token while it is fresh; otherwise a new one from the source (one refresh
    /// for every caller waiting at the time). When a refresh fails but the old token has not
    /// expired yet, the old token is used and the source asked again a little later.
    pub async fn token(&self) -> Result<Secret, TransportError> {
        let seen = {
            let state = self.state();
            if let Some(cached) = state.token.as_ref().filter(|c| c.is_fresh(Instant::now())) {
                return Ok(cached.value.clone());
            }
            state.answers
        };
        let _refreshing = self.refreshing.lock().await;
        {
            let state = self.state();
            // Another caller asked the source while this one waited: take its answer.
            if state.answers != seen {
                if let Some(cached) = state.token.as_ref().filter(|c| c.is_fresh(Instant::now())) {
                    return Ok(cached.value.clone());
                }
                if let Some(failure) = &state.failure {
                    if let Some(cached) = state.token.as_ref().filter(|c| c.is_valid(Instant::now())) {
                        return Ok(cached.value.clone());
                    }
                    return Err(TransportError::credentials(Arc::clone(failure)));
                }
            }
        }
        let answer = self.source.token().await;
        let now = Instant::now();
        let mut state = self.state();
        state.answers = state.answers.wrapping_add(1);
        match answer {
            Ok(token) => {
                let cached = Cached::new(token, now);
                let value = cached.value.clone();
                state.token = Some(cached);
                state.failure = None;
                Ok(value)
            }
            Err(e) => {
                let failure: Arc<dyn std::error::Error + Send + Sync> = Arc::from(e);
                state.failure = Some(Arc::clone(&failure));
                match state.token.as_mut().filter(|c| c.is_valid(now)) {
                    Some(cached) => {
                        let retry_at = now.checked_add(RETRY_AFTER_FAILED_REFRESH).unwrap_or(now);
                        cached.refresh_at = Some(cached.expires_at.map_or(retry_at, |at| at.min(retry_at)));
                        Ok(cached.value.clone())
                    }
                    None => Err(TransportError::credentials(failure)),
                }
            }
        }
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("TokenCache")
            .field("expires_at", &state.token.as_ref().and_then(|c| c.expires_at))
            .field("refresh_at", &state.token.as_ref().and_then(|c| c.refresh_at))
            .finish_non_exhaustive()
    }
}

/// One credential of a client (a bearer token, an API key), shared by every clone of the client
/// and replaceable while they are in use: a fixed value, or a [`TokenCache`].
///
/// Its `Debug` never shows the value.
#[derive(Default)]
pub struct Credential {
    slot: RwLock<Slot>,
}

#[derive(Default, Clone)]
enum Slot {
    #[default]
    Unset,
    Fixed(Secret),
    Source(Arc<TokenCache>),
}

impl Credential {
    /// Sends `value` from now on (`None`: nothing).
    pub fn set(&self, value: Option<Secret>) {
        self.replace(value.map_or(Slot::Unset, Slot::Fixed));
    }

    /// Asks `source` from now on, whenever the token it gave last is about to expire.
    pub fn set_source(&self, source: impl TokenSource) {
        self.replace(Slot::Source(Arc::new(TokenCache::new(source))));
    }

    /// Asks `cache` from now on: a cache other credentials may share, so they all send one token
    /// and it is refreshed once for all of them.
    pub fn set_shared(&self, cache: Arc<TokenCache>) {
        self.replace(Slot::Source(cache));
    }

    fn replace(&self, slot: Slot) {
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) = slot;
    }

    /// The value to send, if any: from the source when there is one, waiting at most `wait`
    /// for it (a source that does not answer fails the call instead of holding it forever).
    pub async fn current(&self, wait: Option<Duration>) -> Result<Option<Secret>, TransportError> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner).clone();
        match slot {
            Slot::Unset => Ok(None),
            Slot::Fixed(value) => Ok(Some(value)),
            Slot::Source(cache) => match wait {
                None => cache.token().await.map(Some),
                Some(wait) => match tokio::time::timeout(wait, cache.token()).await {
                    Ok(token) => token.map(Some),
                    Err(_) => Err(TransportError::credentials_timed_out(wait)),
                },
            },
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.slot.read().unwrap_or_else(PoisonError::into_inner) {
            Slot::Unset => f.write_str("None"),
            Slot::Fixed(_) => f.write_str("[redacted]"),
            Slot::Source(_) => f.write_str("TokenSource"),
        }
    }
}

/// A user name and password (HTTP basic), shared by every clone of a client and replaceable
/// while they are in use. Its `Debug` shows neither.
#[derive(Default)]
pub struct BasicCredential {
    slot: RwLock<Option<(Secret, Secret)>>,
}

impl BasicCredential {
    /// Sends `user` and `password` from now on (`None`: nothing).
    pub fn set(&self, value: Option<(Secret, Secret)>) {
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) = value;
    }

    /// The user name and password to send, if any.
    pub fn current(&self) -> Option<(Secret, Secret)> {
        self.slot.read().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl fmt::Debug for BasicCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.slot.read().unwrap_or_else(PoisonError::into_inner) {
            None => f.write_str("None"),
            Some(_) => f.write_str("[redacted]"),
        }
    }
}
