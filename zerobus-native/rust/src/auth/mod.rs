//! Request metadata for each connection attempt: from OAuth client credentials (with a per-table token cache) or
//! from a caller-supplied headers callback (Java's `HeadersProvider`).

pub mod oauth;
pub mod table_name;
pub mod token_cache;

use crate::error::{Error, ErrorKind, Result};
use crate::events::{self, Level};
use crate::transport::tls::TlsConfig;
use crate::transport::Endpoint;
use std::sync::Arc;
use std::time::Duration;
use token_cache::{CacheKey, TokenCache};

/// Most time one `HeadersProvider` call gets (and at most 90 % of the connection attempt's bound).
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most time the connection attempt waits for a provider's `invalidate()`; it goes on running on its own thread.
const INVALIDATE_WAIT: Duration = Duration::from_secs(2);

pub const TABLE_NAME_HEADER: &str = "x-databricks-zerobus-table-name";

/// A caller-supplied source of headers, asked on every (re)connect. Implemented over JNI by the FFI layer.
pub trait HeadersCallback: Send + Sync {
    /// All request headers as (name, value) pairs. Blocking; run off the async workers.
    fn fetch(&self) -> Result<Vec<(String, String)>>;
    /// The server answered UNAUTHENTICATED: cached credentials should be dropped.
    fn invalidate(&self);
}

pub struct OAuthCredentials {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for OAuthCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthCredentials").field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

pub enum HeadersSource {
    OAuth(OAuthCredentials),
    Callback(Arc<dyn HeadersCallback>),
}

/// Everything needed to produce the headers of one stream.
pub struct Authenticator {
    pub source: HeadersSource,
    pub table: String,
    pub workspace: Endpoint,
    pub workspace_id: String,
    pub tls: TlsConfig,
    pub cache: Arc<TokenCache>,
    pub user_agent: String,
}

/// Headers for one attempt, and whether they came from a cached token (then an UNAUTHENTICATED answer may just mean
/// it expired early, and one fresh attempt is worth it).
pub struct Obtained {
    pub headers: Vec<(String, String)>,
    pub from_cache: bool,
    token: Option<Arc<str>>,
}

impl HeadersSource {
    pub fn duplicate(&self) -> HeadersSource {
        match self {
            HeadersSource::OAuth(c) => HeadersSource::OAuth(OAuthCredentials {
                client_id: c.client_id.clone(),
                client_secret: c.client_secret.clone(),
            }),
            HeadersSource::Callback(callback) => HeadersSource::Callback(callback.clone()),
        }
    }
}

impl Authenticator {
    /// The same credentials for another stream (used by recreate).
    pub fn duplicate(&self) -> Authenticator {
        Authenticator {
            source: self.source.duplicate(),
            table: self.table.clone(),
            workspace: self.workspace.clone(),
            workspace_id: self.workspace_id.clone(),
            tls: self.tls.clone(),
            cache: self.cache.clone(),
            user_agent: self.user_agent.clone(),
        }
    }

    /// Headers for one connection attempt; a headers provider gets at most `attempt_timeout` (and
    /// `PROVIDER_TIMEOUT`).
    pub async fn obtain(&self, attempt_timeout: Duration) -> Result<Obtained> {
        match &self.source {
            HeadersSource::OAuth(credentials) => {
                let key = self.cache_key(credentials);
                let (token, from_cache) = match self.cache.get(&key) {
                    Some(token) => (token, true),
                    None => {
                        let fetched = oauth::fetch_token(&oauth::TokenRequest {
                            workspace: &self.workspace,
                            workspace_id: &self.workspace_id,
                            table: &self.table,
                            credentials,
                            tls: &self.tls,
                            user_agent: &self.user_agent,
                        })
                        .await?;
                        let token: Arc<str> = Arc::from(fetched.access_token.as_str());
                        events::emit(
                            Level::Info,
                            format!(
                                "obtained an OAuth token for table {} ({})",
                                self.table,
                                match fetched.expires_in {
                                    Some(ttl) => format!("expires in {} s", ttl.as_secs()),
                                    None => "no expiry given".to_string(),
                                }
                            ),
                        );
                        self.cache.put(key, token.clone(), fetched.expires_in);
                        (token, false)
                    }
                };
                let headers = vec![
                    ("authorization".to_string(), format!("Bearer {token}")),
                    (TABLE_NAME_HEADER.to_string(), self.table.clone()),
                ];
                Ok(Obtained { headers, from_cache, token: Some(token) })
            }
            HeadersSource::Callback(callback) => {
                let callback = callback.clone();
                // Inside the attempt's own bound, so that a hung provider is reported as such.
                let timeout = (attempt_timeout - attempt_timeout / 10).min(PROVIDER_TIMEOUT);
                let mut headers = on_own_thread(move || callback.fetch(), timeout).await.unwrap_or_else(|| {
                    Err(Error::new(
                        ErrorKind::Authentication,
                        true,
                        format!("the headers provider did not answer within {} ms", timeout.as_millis()),
                    ))
                })?;
                if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(TABLE_NAME_HEADER)) {
                    headers.push((TABLE_NAME_HEADER.to_string(), self.table.clone()));
                }
                // A provider may cache credentials itself: treat its headers as possibly stale.
                Ok(Obtained { headers, from_cache: true, token: None })
            }
        }
    }

    /// The server refused the credentials of `obtained`.
    pub async fn on_unauthenticated(&self, obtained: Option<&Obtained>) {
        match &self.source {
            HeadersSource::OAuth(credentials) => {
                if let Some(token) = obtained.and_then(|o| o.token.as_ref()) {
                    self.cache.invalidate(&self.cache_key(credentials), token);
                }
            }
            HeadersSource::Callback(callback) => {
                let callback = callback.clone();
                let _ = on_own_thread(move || callback.invalidate(), INVALIDATE_WAIT).await;
            }
        }
    }

    fn cache_key(&self, credentials: &OAuthCredentials) -> CacheKey {
        CacheKey {
            workspace: format!("{}{}", self.workspace.authority(), self.workspace.base_path),
            client_id: credentials.client_id.clone(),
            client_secret: credentials.client_secret.clone(),
            table: self.table.clone(),
        }
    }
}

/// Runs a blocking call (a Java upcall) on a thread of its own and waits for it at most `timeout`; `None` on timeout
/// (the thread finishes on its own). Not the runtime's blocking pool: a provider that hangs must not take a pool
/// thread that other streams' work needs.
async fn on_own_thread<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static, timeout: Duration) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new().name("zerobus-headers".to_string()).spawn(move || {
        let _ = tx.send(call());
    });
    if spawned.is_err() {
        return None;
    }
    tokio::time::timeout(timeout, rx).await.ok().and_then(|r| r.ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hung_call_times_out_without_blocking_the_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let started = std::time::Instant::now();
        let hung =
            runtime.block_on(on_own_thread(|| std::thread::sleep(Duration::from_secs(3)), Duration::from_millis(50)));
        assert!(hung.is_none());
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(runtime.block_on(on_own_thread(|| 7, Duration::from_secs(1))), Some(7));
    }
}
