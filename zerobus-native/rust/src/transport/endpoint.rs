//! Endpoint URLs: `https://host[:port]`, `http://host:port` (plaintext) or a bare host (https).

use crate::error::{Error, ErrorKind, Result};
use http::Uri;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub tls: bool,
    /// Host name or IP address (IPv6 without brackets).
    pub host: String,
    pub port: u16,
    /// Base path without a trailing slash ("" for none); only meaningful for the workspace URL.
    pub base_path: String,
}

impl Endpoint {
    /// Parses an endpoint; a missing scheme means https.
    pub fn parse(raw: &str, what: &str) -> Result<Endpoint> {
        let raw = raw.trim();
        let shown = without_userinfo(raw);
        let invalid =
            |why: &str| Error::new(ErrorKind::InvalidEndpoint, false, format!("invalid {what} '{shown}': {why}"));
        if raw.is_empty() {
            return Err(invalid("empty"));
        }
        let with_scheme = if raw.contains("://") { raw.to_string() } else { format!("https://{raw}") };
        let uri: Uri = with_scheme.parse().map_err(|e| invalid(&format!("{e}")))?;
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            Some(other) => return Err(invalid(&format!("unsupported scheme '{other}' (use https:// or http://)"))),
            None => return Err(invalid("no scheme")),
        };
        let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(|| invalid("no host"))?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        let authority = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
        let port = match authority.rsplit_once(':') {
            Some((_, port)) if !authority.ends_with(']') => {
                port.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| invalid("bad port"))?
            }
            _ => {
                if tls {
                    443
                } else {
                    80
                }
            }
        };
        if uri.query().is_some() {
            return Err(invalid("a query is not allowed"));
        }
        let base_path = uri.path().trim_end_matches('/').to_string();
        Ok(Endpoint { tls, host, port, base_path })
    }

    /// Whether the host is a loopback address or name (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`).
    pub fn is_loopback(&self) -> bool {
        let host = self.host.to_ascii_lowercase();
        host == "localhost"
            || host.ends_with(".localhost")
            || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// `host:port` as used in `:authority`, `Host` and `CONNECT`.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    pub fn scheme(&self) -> &'static str {
        if self.tls {
            "https"
        } else {
            "http"
        }
    }

    /// The workspace id: the first DNS label of the Zerobus host (protocol §1).
    pub fn workspace_id(&self) -> &str {
        self.host.split('.').next().unwrap_or(&self.host)
    }
}

/// The URL with any `user:password@` replaced by `***@`, for messages: a password must never be echoed.
fn without_userinfo(raw: &str) -> String {
    let host_start = raw.find("://").map_or(0, |i| i + 3);
    let rest = &raw[host_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &raw[..host_start], &rest[at + 1..]),
        None => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_echo_a_password() {
        let e = Endpoint::parse("https://user:s3cr3t@host:99999/x", "endpoint").unwrap_err();
        assert!(!e.message.contains("s3cr3t"), "{}", e.message);
        assert!(e.message.contains("https://***@host:99999/x"), "{}", e.message);
        assert_eq!(without_userinfo("http://a@b@h:1"), "http://***@h:1");
        assert_eq!(without_userinfo("h:1/p@x"), "h:1/p@x");
    }

    #[test]
    fn parses_forms() {
        let e = Endpoint::parse("https://123.zerobus.us-west-2.cloud.databricks.com", "endpoint").unwrap();
        assert!(e.tls);
        assert_eq!(e.port, 443);
        assert_eq!(e.workspace_id(), "123");
        assert_eq!(e.authority(), "123.zerobus.us-west-2.cloud.databricks.com:443");

        let e = Endpoint::parse("456.zerobus.region.azuredatabricks.net", "endpoint").unwrap();
        assert!(e.tls);
        assert_eq!(e.host, "456.zerobus.region.azuredatabricks.net");

        let e = Endpoint::parse("http://127.0.0.1:9000/", "endpoint").unwrap();
        assert!(!e.tls);
        assert_eq!((e.host.as_str(), e.port, e.base_path.as_str()), ("127.0.0.1", 9000, ""));

        let e = Endpoint::parse("https://[::1]:8443", "endpoint").unwrap();
        assert_eq!(e.host, "::1");
        assert_eq!(e.authority(), "[::1]:8443");

        let e = Endpoint::parse("https://example.com/base/", "workspace URL").unwrap();
        assert_eq!(e.base_path, "/base");
    }

    #[test]
    fn rejects_bad_endpoints() {
        for raw in ["", "ftp://host", "http://", "https://host?x=1", "http://host:notaport"] {
            let err = Endpoint::parse(raw, "endpoint").unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidEndpoint, "{raw}");
            assert!(!err.retryable);
        }
    }
}
