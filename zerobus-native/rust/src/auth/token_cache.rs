//! OAuth tokens cached per (workspace, client, table) until shortly before they expire, and dropped when the server
//! refuses them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a token without `expires_in` is reused.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(600);
/// The longest `expires_in` accepted from the token endpoint (one year; the service issues tokens for an hour). A
/// larger value is refused as a malformed answer, and `put` never keeps a token longer, so deadlines never overflow.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(365 * 24 * 3600);
/// Refresh this long before expiry at most...
const MAX_MARGIN: Duration = Duration::from_secs(60);

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    pub workspace: String,
    pub client_id: String,
    /// Part of the key so that a changed secret never reuses a token; never printed.
    pub client_secret: String,
    pub table: String,
}

/// Shows everything but the secret.
impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheKey")
            .field("workspace", &self.workspace)
            .field("client_id", &self.client_id)
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

struct Entry {
    token: Arc<str>,
    refresh_at: Instant,
}

#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<CacheKey, Entry>>,
}

/// Shows the keys of the cached tokens and when they are refreshed, never a token or secret.
impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_map().entries(entries.iter().map(|(key, entry)| (key, entry.refresh_at))).finish()
    }
}

/// When a token issued now with `expires_in` should be replaced: a fifth of its life early, at most a minute. A
/// lifetime over [`MAX_EXPIRES_IN`] counts as that.
pub fn refresh_after(expires_in: Option<Duration>) -> Duration {
    match expires_in {
        Some(lifetime) => {
            let lifetime = lifetime.min(MAX_EXPIRES_IN);
            lifetime - (lifetime / 5).min(MAX_MARGIN)
        }
        None => DEFAULT_LIFETIME,
    }
}

impl TokenCache {
    pub fn get(&self, key: &CacheKey) -> Option<Arc<str>> {
        self.get_at(key, Instant::now())
    }

    pub fn get_at(&self, key: &CacheKey, now: Instant) -> Option<Arc<str>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(entry) if now < entry.refresh_at => Some(entry.token.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn put(&self, key: CacheKey, token: Arc<str>, expires_in: Option<Duration>) {
        self.put_at(key, token, expires_in, Instant::now());
    }

    /// Keeps `token` until shortly before `expires_in` (see [`refresh_after`]). A deadline the clock cannot
    /// represent (only on a platform whose `Instant` ends within a year) keeps nothing.
    pub fn put_at(&self, key: CacheKey, token: Arc<str>, expires_in: Option<Duration>, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match now.checked_add(refresh_after(expires_in)) {
            Some(refresh_at) => {
                entries.insert(key, Entry { token, refresh_at });
            }
            None => {
                entries.remove(&key);
            }
        }
    }

    /// Drops the cached token if it is still `refused` (a newer one is kept).
    pub fn invalidate(&self, key: &CacheKey, refused: &Arc<str>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.get(key).is_some_and(|e| Arc::ptr_eq(&e.token, refused) || *e.token == **refused) {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(table: &str) -> CacheKey {
        CacheKey { workspace: "w".into(), client_id: "id".into(), client_secret: "s".into(), table: table.into() }
    }

    #[test]
    fn refresh_margins() {
        assert_eq!(refresh_after(Some(Duration::from_secs(3600))), Duration::from_secs(3540));
        assert_eq!(refresh_after(Some(Duration::from_secs(10))), Duration::from_secs(8));
        assert_eq!(refresh_after(Some(Duration::ZERO)), Duration::ZERO);
        assert_eq!(refresh_after(None), DEFAULT_LIFETIME);
    }

    #[test]
    fn absurd_lifetimes_never_overflow() {
        assert_eq!(refresh_after(Some(Duration::MAX)), MAX_EXPIRES_IN - MAX_MARGIN);
        assert_eq!(refresh_after(Some(MAX_EXPIRES_IN * 2)), MAX_EXPIRES_IN - MAX_MARGIN);
        let cache = TokenCache::default();
        let t0 = Instant::now();
        cache.put_at(key("a.b.c"), Arc::from("tok"), Some(Duration::MAX), t0);
        assert_eq!(cache.get_at(&key("a.b.c"), t0 + Duration::from_secs(86_400)).as_deref(), Some("tok"));
        assert_eq!(cache.get_at(&key("a.b.c"), t0 + MAX_EXPIRES_IN), None);
    }

    #[test]
    fn debug_never_shows_the_secret_or_token() {
        let mut k = key("a.b.c");
        k.client_secret = "s3cr3t-value".into();
        let shown = format!("{k:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("id") && shown.contains("a.b.c"), "{shown}");
        let cache = TokenCache::default();
        cache.put(k, Arc::from("tok3n-value"), None);
        let shown = format!("{cache:?}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("tok3n"), "{shown}");
        assert!(shown.contains("a.b.c"), "{shown}");
    }

    #[test]
    fn cached_until_shortly_before_expiry() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        cache.put_at(key("a.b.c"), Arc::from("tok"), Some(Duration::from_secs(100)), t0);
        assert_eq!(cache.get_at(&key("a.b.c"), t0).as_deref(), Some("tok"));
        assert_eq!(cache.get_at(&key("a.b.c"), t0 + Duration::from_secs(79)).as_deref(), Some("tok"));
        assert_eq!(cache.get_at(&key("a.b.c"), t0 + Duration::from_secs(80)), None);
        assert_eq!(cache.get_at(&key("a.b.c"), t0), None, "expired entries are removed");
    }

    #[test]
    fn per_table_and_per_secret() {
        let cache = TokenCache::default();
        cache.put(key("a.b.c"), Arc::from("one"), None);
        assert_eq!(cache.get(&key("a.b.d")), None);
        let mut other_secret = key("a.b.c");
        other_secret.client_secret = "changed".into();
        assert_eq!(cache.get(&other_secret), None);
    }

    #[test]
    fn invalidate_only_the_refused_token() {
        let cache = TokenCache::default();
        let old: Arc<str> = Arc::from("old");
        cache.put(key("t"), Arc::from("new"), None);
        cache.invalidate(&key("t"), &old);
        assert_eq!(cache.get(&key("t")).as_deref(), Some("new"));
        cache.invalidate(&key("t"), &Arc::from("new"));
        assert_eq!(cache.get(&key("t")), None);
    }
}
