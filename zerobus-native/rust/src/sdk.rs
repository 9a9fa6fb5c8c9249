//! The client for one Zerobus endpoint and workspace: parsed endpoints, TLS configuration and the token cache
//! shared by its streams.

use crate::auth::token_cache::TokenCache;
use crate::auth::{Authenticator, HeadersSource};
use crate::error::{Error, ErrorKind, Result};
use crate::stream::ledger::Payload;
use crate::stream::options::StreamOptions;
use crate::stream::{Stream, StreamParams};
use crate::transport::tls::TlsConfig;
use crate::transport::Endpoint;
use crate::wire::RecordKind;
use std::sync::Arc;

pub struct Sdk {
    pub endpoint: Endpoint,
    pub workspace: Endpoint,
    pub tls: TlsConfig,
    /// `x-zerobus-sdk`: `zerobus-java-spring/<version>`.
    pub sdk_header: String,
    /// `user-agent`: the SDK header, then the application's suffix if it gave one.
    pub user_agent: String,
    pub token_cache: Arc<TokenCache>,
}

/// What `Sdk::new` needs besides the URLs.
pub struct SdkSettings<'a> {
    pub ca_file: Option<&'a str>,
    /// The library's version (the jar's), for `x-zerobus-sdk` and `user-agent`.
    pub version: &'a str,
    pub user_agent_suffix: Option<&'a str>,
    /// Allow `http://` to a host that is not loopback (the token would travel in clear text).
    pub allow_plaintext: bool,
}

impl Sdk {
    pub fn new(endpoint: &str, workspace_url: &str, settings: SdkSettings<'_>) -> Result<Sdk> {
        let endpoint = Endpoint::parse(endpoint, "Zerobus endpoint")?;
        let workspace = Endpoint::parse(workspace_url, "workspace URL")?;
        if !settings.allow_plaintext {
            for (what, e) in [("Zerobus endpoint", &endpoint), ("workspace URL", &workspace)] {
                if !e.tls && !e.is_loopback() {
                    return Err(Error::new(
                        ErrorKind::InvalidEndpoint,
                        false,
                        format!(
                            "the {what} uses http:// to {}, which is not a loopback address: tokens and the client \
                             secret would travel in clear text. Use https://, or allow plaintext explicitly \
                             (ZerobusSdk.Builder.allowInsecurePlaintext)",
                            e.host
                        ),
                    ));
                }
            }
        }
        let tls = TlsConfig::load(settings.ca_file)?;
        let version = settings.version.trim();
        let version = if version.is_empty() { "unknown" } else { version };
        let sdk_header = format!("{}/{version}", crate::SDK_NAME);
        let user_agent = match settings.user_agent_suffix.map(str::trim).filter(|u| !u.is_empty()) {
            Some(suffix) => format!("{sdk_header} {suffix}"),
            None => sdk_header.clone(),
        };
        Ok(Sdk { endpoint, workspace, tls, sdk_header, user_agent, token_cache: Arc::new(TokenCache::default()) })
    }

    /// Opens a stream: returns at once, in CREATING, while its driver connects in the background (records may be
    /// ingested meanwhile).
    pub fn create_stream(
        self: &Arc<Self>,
        table: String,
        kind: RecordKind,
        descriptor: Option<Vec<u8>>,
        source: HeadersSource,
        options: StreamOptions,
        initial: Vec<Payload>,
    ) -> Result<Stream> {
        let auth = Authenticator {
            source,
            table: table.clone(),
            workspace: self.workspace.clone(),
            workspace_id: self.endpoint.workspace_id().to_string(),
            tls: self.tls.clone(),
            cache: self.token_cache.clone(),
            user_agent: self.user_agent.clone(),
        };
        Stream::create(self.clone(), StreamParams { table, kind, descriptor, options, auth }, initial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(allow_plaintext: bool) -> SdkSettings<'static> {
        SdkSettings { ca_file: None, version: "1.2.3", user_agent_suffix: Some("my-app/7"), allow_plaintext }
    }

    #[test]
    fn headers_carry_the_given_version() {
        let sdk = Sdk::new("http://127.0.0.1:1", "http://localhost:2", settings(false)).unwrap();
        assert_eq!(sdk.sdk_header, "zerobus-java-spring/1.2.3");
        assert_eq!(sdk.user_agent, "zerobus-java-spring/1.2.3 my-app/7");
    }

    #[test]
    fn plaintext_to_a_remote_host_needs_an_explicit_opt_in() {
        let refused = Sdk::new("http://zerobus.example.com:80", "https://ws.example.com", settings(false));
        let error = refused.err().unwrap();
        assert_eq!(error.kind, ErrorKind::InvalidEndpoint);
        assert!(error.message.contains("clear text"), "{}", error.message);
        let refused = Sdk::new("https://zerobus.example.com", "http://10.1.2.3", settings(false));
        assert!(refused.err().unwrap().message.contains("workspace URL"));
        assert!(Sdk::new("http://zerobus.example.com:80", "http://10.1.2.3", settings(true)).is_ok());
        for loopback in ["http://[::1]:9", "http://127.0.0.7:9", "http://x.localhost:9"] {
            assert!(Sdk::new(loopback, loopback, settings(false)).is_ok(), "{loopback}");
        }
    }
}
