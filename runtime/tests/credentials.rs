//! Credentials that change while a client is in use: the token cache asks its source once for
//! many callers, again only near expiry, shares a failure with the callers that waited for it,
//! and never shows a token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use runtime::{AccessToken, Credential, Secret, TokenCache, TokenError, TokenFuture, TransportErrorKind};

/// A source that counts its calls, answers `token-N` (N = the call number) after `delay`, and
/// fails while `failing` is set.
fn counting_source(
    delay: Duration,
    lifetime: Option<Duration>,
    failing: Arc<std::sync::atomic::AtomicBool>,
) -> (Arc<AtomicUsize>, impl Fn() -> TokenFuture<'static> + Send + Sync + 'static) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let source = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let failing = failing.load(Ordering::SeqCst);
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            if failing {
                return Err(TokenError::from(format!("token endpoint answered 500 on call {n}")));
            }
            let token = AccessToken::new(format!("token-{n}"));
            Ok(match lifetime {
                Some(lifetime) => token.expires_in(lifetime),
                None => token,
            })
        }) as TokenFuture<'static>
    };
    (calls, source)
}

fn flag(value: bool) -> Arc<std::sync::atomic::AtomicBool> {
    Arc::new(std::sync::atomic::AtomicBool::new(value))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_callers_share_one_refresh() {
    let (calls, source) = counting_source(Duration::from_millis(100), Some(Duration::from_secs(900)), flag(false));
    let cache = Arc::new(TokenCache::new(source));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.token().await.unwrap().expose().to_string() })
        })
        .collect();
    for task in tasks {
        assert_eq!(tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap(), "token-1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Cached: later calls do not ask again.
    assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_is_replaced_before_it_expires() {
    // A 400 ms token is replaced halfway through its life (the 60 s margin is longer than it).
    let (calls, source) = counting_source(Duration::ZERO, Some(Duration::from_millis(400)), flag(false));
    let cache = TokenCache::new(source);
    assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(cache.token().await.unwrap().expose(), "token-1", "still fresh");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(cache.token().await.unwrap().expose(), "token-2", "within the margin: refreshed before expiry");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_without_expiry_is_kept() {
    let (calls, source) = counting_source(Duration::ZERO, None, flag(false));
    let cache = TokenCache::new(source);
    for _ in 0..5 {
        assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_reaches_every_caller_that_waited_for_it_as_a_credentials_error() {
    let (calls, source) = counting_source(Duration::from_millis(100), Some(Duration::from_secs(900)), flag(true));
    let cache = Arc::new(TokenCache::new(source));
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.token().await.unwrap_err() })
        })
        .collect();
    for task in tasks {
        let e = tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
        assert_eq!(e.kind(), TransportErrorKind::Credentials);
        assert!(e.is_credentials());
        assert!(e.to_string().contains("token endpoint answered 500 on call 1"), "{e}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one refresh for all the callers waiting");
    // A later caller tries again.
    let e = cache.token().await.unwrap_err();
    assert!(e.to_string().contains("on call 2"), "{e}");
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_old_token_until_it_expires() {
    let failing = flag(false);
    let (calls, source) = counting_source(Duration::ZERO, Some(Duration::from_millis(600)), Arc::clone(&failing));
    let cache = TokenCache::new(source);
    assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    failing.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(350)).await;
    // Within the margin, the source fails: the old token is still valid and is used.
    assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // The source is not asked again at once.
    assert_eq!(cache.token().await.unwrap().expose(), "token-1");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // Once it has expired, the failure comes through.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let e = cache.token().await.unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Credentials);
}

#[tokio::test]
async fn a_credential_is_replaced_for_everyone_holding_it() {
    let credential = Arc::new(Credential::default());
    assert!(credential.current(None).await.unwrap().is_none());
    credential.set(Some(Secret::new("first")));
    let other = Arc::clone(&credential);
    assert_eq!(other.current(None).await.unwrap().unwrap().expose(), "first");
    credential.set(Some(Secret::new("second")));
    assert_eq!(other.current(None).await.unwrap().unwrap().expose(), "second");
    credential.set_source(|| async { Ok(AccessToken::new("from-source")) });
    assert_eq!(other.current(None).await.unwrap().unwrap().expose(), "from-source");
}

#[tokio::test]
async fn a_source_that_does_not_answer_fails_the_call_within_the_wait() {
    let credential = Credential::default();
    credential.set_source(|| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(AccessToken::new("late"))
    });
    let started = std::time::Instant::now();
    let e = credential.current(Some(Duration::from_millis(100))).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(e.kind(), TransportErrorKind::Credentials);
    assert!(e.to_string().contains("did not answer within 100ms"), "{e}");
}

#[tokio::test]
async fn tokens_never_show() {
    let token = AccessToken::new("SECRETtoken123").expires_in(Duration::from_secs(900));
    assert!(!format!("{token:?}").contains("SECRET"), "{token:?}");
    let credential = Credential::default();
    credential.set(Some(Secret::new("SECRETfixed")));
    assert_eq!(format!("{credential:?}"), "[redacted]");
    credential.set_source(|| async { Ok(AccessToken::new("SECRETsourced").expires_in(Duration::from_secs(900))) });
    credential.current(None).await.unwrap();
    assert_eq!(format!("{credential:?}"), "TokenSource");
    let cache = TokenCache::new(|| async { Ok(AccessToken::new("SECRETcached")) });
    cache.token().await.unwrap();
    assert!(!format!("{cache:?}").contains("SECRET"), "{cache:?}");
}
