//! TLS client configuration: the system trust store (rustls-native-certs, which honours `SSL_CERT_FILE`) plus an
//! optional extra CA file, ALPN `h2` for gRPC and `http/1.1` for the token endpoint. Server names that are IP
//! addresses are verified against the certificate's IP SANs (`tls_ip`), which rustls 0.20 cannot do itself.

use super::tls_ip;
use crate::error::{Error, ErrorKind, Result};
use rustls::client::{ServerCertVerified, ServerCertVerifier, WebPkiVerifier};
use rustls::{Certificate, ClientConfig, RootCertStore, ServerName};
use std::io::BufReader;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

#[derive(Clone)]
pub struct TlsConfig {
    pub h2: Arc<ClientConfig>,
    pub http1: Arc<ClientConfig>,
}

/// DER certificates of the system trust store, loaded once per process (parsing it is not cheap).
fn system_roots() -> &'static [Vec<u8>] {
    static ROOTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        rustls_native_certs::load_native_certs()
            .map(|certs| certs.into_iter().map(|c| c.0).collect())
            .unwrap_or_default()
    })
}

/// Reads every certificate of a PEM file.
pub fn read_pem_certificates(path: &str) -> Result<Vec<Vec<u8>>> {
    let invalid = |why: String| Error::invalid_argument(format!("CA certificate file '{path}': {why}"));
    let file = std::fs::File::open(path).map_err(|e| invalid(format!("cannot be read ({e})")))?;
    let certs = rustls_pemfile::certs(&mut BufReader::new(file)).map_err(|e| invalid(format!("not PEM ({e})")))?;
    if certs.is_empty() {
        return Err(invalid("contains no PEM certificate".into()));
    }
    Ok(certs)
}

impl TlsConfig {
    /// Builds the configurations; `ca_file` adds trusted CA certificates besides the system store.
    pub fn load(ca_file: Option<&str>) -> Result<TlsConfig> {
        let mut anchors: Vec<Vec<u8>> = system_roots().to_vec();
        if let Some(path) = ca_file {
            let extra = read_pem_certificates(path)?;
            let mut check = RootCertStore::empty();
            let (valid, _) = check.add_parsable_certificates(&extra);
            if valid == 0 {
                return Err(Error::invalid_argument(format!(
                    "CA certificate file '{path}' holds no usable CA certificate"
                )));
            }
            anchors.extend(extra);
        }
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(&anchors);
        let verifier = Arc::new(Verifier { dns: WebPkiVerifier::new(roots, None), anchors });
        let config = |alpn: &[u8]| {
            let mut config = ClientConfig::builder()
                .with_safe_defaults()
                .with_custom_certificate_verifier(verifier.clone())
                .with_no_client_auth();
            config.alpn_protocols = vec![alpn.to_vec()];
            Arc::new(config)
        };
        Ok(TlsConfig { h2: config(b"h2"), http1: config(b"http/1.1") })
    }
}

pub fn server_name(host: &str) -> Result<ServerName> {
    ServerName::try_from(host)
        .map_err(|_| Error::new(ErrorKind::InvalidEndpoint, false, format!("'{host}' is not a valid TLS server name")))
}

/// WebPKI for DNS names; chain + IP SAN check for IP addresses.
struct Verifier {
    dns: WebPkiVerifier,
    anchors: Vec<Vec<u8>>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &Certificate,
        intermediates: &[Certificate],
        server_name: &ServerName,
        scts: &mut dyn Iterator<Item = &[u8]>,
        ocsp_response: &[u8],
        now: SystemTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match server_name {
            ServerName::IpAddress(ip) => tls_ip::verify(&self.anchors, end_entity, intermediates, *ip, now),
            _ => self.dns.verify_server_cert(end_entity, intermediates, server_name, scts, ocsp_response, now),
        }
    }
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
