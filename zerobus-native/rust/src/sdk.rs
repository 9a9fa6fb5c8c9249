//! The client for one Zerobus endpoint and workspace: parsed endpoints, TLS configuration and the token cache
//! shared by its streams.

use crate::auth::token_cache::TokenCache;
use crate::auth::{Authenticator, HeadersSource};
use crate::error::Result;
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
    pub user_agent: String,
    pub token_cache: Arc<TokenCache>,
}

impl Sdk {
    pub fn new(endpoint: &str, workspace_url: &str, ca_file: Option<&str>, user_agent: Option<&str>) -> Result<Sdk> {
        let endpoint = Endpoint::parse(endpoint, "Zerobus endpoint")?;
        let workspace = Endpoint::parse(workspace_url, "workspace URL")?;
        let tls = TlsConfig::load(ca_file)?;
        let user_agent = match user_agent.map(str::trim).filter(|u| !u.is_empty()) {
            Some(ua) => ua.to_string(),
            None => crate::SDK_HEADER.to_string(),
        };
        Ok(Sdk { endpoint, workspace, tls, user_agent, token_cache: Arc::new(TokenCache::default()) })
    }

    /// Opens a stream (blocking until OPEN or FAILED).
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
