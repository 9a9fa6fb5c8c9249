//! TLS client configuration: the system trust store (rustls-native-certs, which honours `SSL_CERT_FILE`) plus an
//! optional extra CA file, ALPN `h2` for gRPC and `http/1.1` for the token endpoint. rustls 0.23 with the ring
//! provider verifies DNS names and IP addresses (e.g. `https://127.0.0.1:8443`) against the certificate itself.

use crate::error::{Error, ErrorKind, Result};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use std::io::BufReader;
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct TlsConfig {
    pub h2: Arc<ClientConfig>,
    pub http1: Arc<ClientConfig>,
}

/// DER certificates of the system trust store, loaded once per process (parsing it is not cheap).
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        rustls_native_certs::load_native_certs()
            .map(|certs| certs.into_iter().map(|c| CertificateDer::from(c.0)).collect())
            .unwrap_or_default()
    })
}

/// The crypto provider: ring, named explicitly so that no process-wide default has to be installed.
fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())).clone()
}

/// Reads every certificate of a PEM file.
pub fn read_pem_certificates(path: &str) -> Result<Vec<CertificateDer<'static>>> {
    let invalid = |why: String| Error::invalid_argument(format!("CA certificate file '{path}': {why}"));
    let file = std::fs::File::open(path).map_err(|e| invalid(format!("cannot be read ({e})")))?;
    let certs = rustls_pemfile::certs(&mut BufReader::new(file))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("not PEM ({e})")))?;
    if certs.is_empty() {
        return Err(invalid("contains no PEM certificate".into()));
    }
    Ok(certs)
}

impl TlsConfig {
    /// Builds the configurations; `ca_file` adds trusted CA certificates besides the system store.
    pub fn load(ca_file: Option<&str>) -> Result<TlsConfig> {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(system_roots().iter().cloned());
        if let Some(path) = ca_file {
            let extra = read_pem_certificates(path)?;
            let (valid, _) = roots.add_parsable_certificates(extra);
            if valid == 0 {
                return Err(Error::invalid_argument(format!(
                    "CA certificate file '{path}' holds no usable CA certificate"
                )));
            }
        }
        let roots = Arc::new(roots);
        let config = |alpn: &[u8]| -> Result<Arc<ClientConfig>> {
            let mut config = ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(|e| Error::internal(format!("TLS configuration: {e}")))?
                .with_root_certificates(roots.clone())
                .with_no_client_auth();
            config.alpn_protocols = vec![alpn.to_vec()];
            Ok(Arc::new(config))
        };
        Ok(TlsConfig { h2: config(b"h2")?, http1: config(b"http/1.1")? })
    }
}

pub fn server_name(host: &str) -> Result<ServerName<'static>> {
    ServerName::try_from(host.to_string())
        .map_err(|_| Error::new(ErrorKind::InvalidEndpoint, false, format!("'{host}' is not a valid TLS server name")))
}

/// Describes a TLS failure for an error message (rustls errors name the cause, e.g. an unknown issuer).
pub fn tls_error(target: &str, error: &std::io::Error) -> Error {
    Error::new(ErrorKind::Tls, true, format!("TLS handshake with {target} failed: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_ca_file_is_invalid_argument() {
        let err = TlsConfig::load(Some("/nonexistent/ca.pem")).err().unwrap();
        assert_eq!(err.kind, ErrorKind::InvalidArgument);
        assert!(err.message.contains("/nonexistent/ca.pem"));
    }

    #[test]
    fn non_pem_ca_file_is_rejected() {
        let path = std::env::temp_dir().join(format!("zbn-not-pem-{}.txt", std::process::id()));
        std::fs::write(&path, "hello").unwrap();
        let err = TlsConfig::load(Some(path.to_str().unwrap())).err().unwrap();
        std::fs::remove_file(&path).ok();
        assert_eq!(err.kind, ErrorKind::InvalidArgument);
        assert!(err.message.contains("no PEM certificate"), "{}", err.message);
    }

    #[test]
    fn system_store_loads() {
        let config = TlsConfig::load(None).unwrap();
        assert_eq!(config.h2.alpn_protocols, vec![b"h2".to_vec()]);
        assert_eq!(config.http1.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn server_names() {
        assert!(matches!(server_name("127.0.0.1").unwrap(), ServerName::IpAddress(_)));
        assert!(matches!(server_name("example.com").unwrap(), ServerName::DnsName(_)));
    }
}
