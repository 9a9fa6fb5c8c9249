//! HTTP CONNECT proxies from the environment: `grpc_proxy`, `https_proxy`, `http_proxy` (lower case first, then
//! upper case), bypassed by `no_proxy`/`NO_PROXY` and always for loopback addresses.

use super::Endpoint;
use crate::error::{Error, ErrorKind, Result};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proxy {
    pub host: String,
    pub port: u16,
    /// `user:password` already base64-encoded for `Proxy-Authorization: Basic` (never put in messages).
    pub basic_auth: Option<String>,
}

impl Proxy {
    /// `host:port` for messages; credentials are left out on purpose.
    pub fn display(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// What the connection is for, which decides the variables consulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// gRPC: `grpc_proxy`, then `https_proxy`, then `http_proxy` (as gRPC core does).
    Grpc,
    /// The token endpoint: `https_proxy` for https URLs, `http_proxy` for http URLs.
    Http,
}

fn lookup(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).or_else(|| env(&name.to_ascii_uppercase())).filter(|v| !v.trim().is_empty())
}

/// The proxy to use for `target`, or `None` to connect directly.
pub fn proxy_for(target: &Endpoint, purpose: Purpose, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Proxy>> {
    let names: &[&str] = match (purpose, target.tls) {
        (Purpose::Grpc, _) => &["grpc_proxy", "https_proxy", "http_proxy"],
        (Purpose::Http, true) => &["https_proxy"],
        (Purpose::Http, false) => &["http_proxy"],
    };
    let Some(raw) = names.iter().find_map(|n| lookup(env, n)) else {
        return Ok(None);
    };
    if is_loopback(&target.host) {
        return Ok(None);
    }
    if let Some(no_proxy) = lookup(env, "no_proxy") {
        if no_proxy_matches(&no_proxy, &target.host, target.port) {
            return Ok(None);
        }
    }
    parse_proxy_url(&raw).map(Some)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().map(|ip| ip.is_loopback()).unwrap_or(false)
}

/// `no_proxy` entries: `*`, host names (also matching sub-domains, with or without a leading dot), IP addresses,
/// optionally with `:port`.
pub fn no_proxy_matches(no_proxy: &str, host: &str, port: u16) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    no_proxy.split(',').map(str::trim).filter(|e| !e.is_empty()).any(|entry| {
        if entry == "*" {
            return true;
        }
        let entry = entry.to_ascii_lowercase();
        let (name, entry_port) = match entry.rsplit_once(':') {
            Some((n, p)) if !n.contains(':') || n.ends_with(']') => match p.parse::<u16>() {
                Ok(p) => (n.to_string(), Some(p)),
                Err(_) => (entry.clone(), None),
            },
            _ => (entry.clone(), None),
        };
        if entry_port.is_some_and(|p| p != port) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']').trim_start_matches("*.").trim_end_matches('.');
        let name = name.strip_prefix('.').unwrap_or(name);
        host == name || host.ends_with(&format!(".{name}"))
    })
}

/// `http://[user:pass@]host[:port]` or `host:port`.
pub fn parse_proxy_url(raw: &str) -> Result<Proxy> {
    let invalid = |why: &str| Error::new(ErrorKind::InvalidEndpoint, false, format!("invalid proxy setting: {why}"));
    let raw = raw.trim();
    let rest = match raw.split_once("://") {
        Some(("http", rest)) => rest,
        Some((scheme, _)) => {
            return Err(invalid(&format!("scheme '{scheme}' is not supported (only http:// proxies)")))
        }
        None => raw,
    };
    let rest = rest.split('/').next().unwrap_or(rest);
    let (credentials, host_port) = match rest.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, rest),
    };
    let endpoint = Endpoint::parse(&format!("http://{host_port}"), "proxy").map_err(|_| invalid("bad host or port"))?;
    let port = endpoint.port;
    let basic_auth = credentials.map(|c| BASE64.encode(percent_decode_userinfo(c)));
    Ok(Proxy { host: endpoint.host, port, basic_auth })
}

fn percent_decode_userinfo(raw: &str) -> String {
    crate::wire::status::percent_decode(raw.as_bytes())
}

/// Opens a TCP connection to the proxy and a CONNECT tunnel through it to `target`.
pub async fn connect_tunnel(proxy: &Proxy, target: &Endpoint) -> Result<TcpStream> {
    let mut stream = super::tcp::connect(&proxy.host, proxy.port, &format!("proxy {}", proxy.display())).await?;
    let authority = target.authority();
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = &proxy.basic_auth {
        request.push_str(&format!("Proxy-Authorization: Basic {auth}\r\n"));
    }
    request.push_str("\r\n");
    let io_error = |e: std::io::Error| Error::connection(format!("proxy {} failed: {e}", proxy.display()));
    stream.write_all(request.as_bytes()).await.map_err(io_error)?;
    // Read the response head byte by byte: the tunnelled server may speak right after it.
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(Error::connection(format!("proxy {} sent an oversized response", proxy.display())));
        }
        let byte = stream.read_u8().await.map_err(io_error)?;
        head.push(byte);
    }
    let status_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line).trim().to_string();
    let code = status_line.split_whitespace().nth(1).and_then(|c| c.parse::<u16>().ok());
    match code {
        Some(200..=299) => Ok(stream),
        _ => Err(Error::connection(format!("proxy {} refused CONNECT to {authority}: {status_line}", proxy.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    fn target(raw: &str) -> Endpoint {
        Endpoint::parse(raw, "endpoint").unwrap()
    }

    #[test]
    fn grpc_prefers_grpc_proxy_then_https_then_http() {
        let t = target("https://ws.zerobus.example.com");
        let env = env_of(&[("grpc_proxy", "http://g:1"), ("https_proxy", "http://s:2"), ("HTTP_PROXY", "h:3")]);
        assert_eq!(proxy_for(&t, Purpose::Grpc, &env).unwrap().unwrap().host, "g");
        let env = env_of(&[("HTTPS_PROXY", "http://s:2"), ("http_proxy", "h:3")]);
        assert_eq!(proxy_for(&t, Purpose::Grpc, &env).unwrap().unwrap().host, "s");
        let env = env_of(&[("HTTP_PROXY", "h:3")]);
        let proxy = proxy_for(&t, Purpose::Grpc, &env).unwrap().unwrap();
        assert_eq!((proxy.host.as_str(), proxy.port), ("h", 3));
        assert_eq!(proxy_for(&t, Purpose::Grpc, &env_of(&[])).unwrap(), None);
    }

    #[test]
    fn http_purpose_follows_scheme() {
        let env = env_of(&[("https_proxy", "http://s:2"), ("http_proxy", "http://h:3"), ("grpc_proxy", "g:1")]);
        assert_eq!(proxy_for(&target("https://a.example.com"), Purpose::Http, &env).unwrap().unwrap().host, "s");
        assert_eq!(proxy_for(&target("http://a.example.com"), Purpose::Http, &env).unwrap().unwrap().host, "h");
    }

    #[test]
    fn lower_case_wins_over_upper_case() {
        let env = env_of(&[("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2")]);
        assert_eq!(proxy_for(&target("https://a.b"), Purpose::Http, &env).unwrap().unwrap().host, "lower");
    }

    #[test]
    fn no_proxy_and_loopback_bypass() {
        let env = env_of(&[("https_proxy", "http://p:8080"), ("NO_PROXY", "internal.corp, .example.com,10.0.0.1")]);
        assert_eq!(proxy_for(&target("https://ws.example.com"), Purpose::Grpc, &env).unwrap(), None);
        assert_eq!(proxy_for(&target("https://example.com"), Purpose::Grpc, &env).unwrap(), None);
        assert_eq!(proxy_for(&target("https://internal.corp"), Purpose::Grpc, &env).unwrap(), None);
        assert_eq!(proxy_for(&target("https://10.0.0.1"), Purpose::Grpc, &env).unwrap(), None);
        assert!(proxy_for(&target("https://other.org"), Purpose::Grpc, &env).unwrap().is_some());
        assert!(proxy_for(&target("https://notexample.com"), Purpose::Grpc, &env).unwrap().is_some());
        assert_eq!(proxy_for(&target("http://127.0.0.1:9000"), Purpose::Grpc, &env).unwrap(), None);
        assert_eq!(proxy_for(&target("http://localhost:9000"), Purpose::Grpc, &env).unwrap(), None);
    }

    #[test]
    fn no_proxy_forms() {
        assert!(no_proxy_matches("*", "anything", 1));
        assert!(no_proxy_matches("a.com:443", "a.com", 443));
        assert!(!no_proxy_matches("a.com:443", "a.com", 80));
        assert!(no_proxy_matches("*.a.com", "x.a.com", 1));
        assert!(no_proxy_matches("A.COM", "b.a.com", 1));
        assert!(no_proxy_matches("[::2]", "::2", 1));
        assert!(!no_proxy_matches("", "a.com", 1));
    }

    #[test]
    fn proxy_urls() {
        let p = parse_proxy_url("http://user:p%40ss@proxy.corp:3128/").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.corp", 3128));
        assert_eq!(p.basic_auth.as_deref(), Some(BASE64.encode("user:p@ss").as_str()));
        assert!(!p.display().contains("user"));
        let p = parse_proxy_url("proxy.corp").unwrap();
        assert_eq!((p.port, p.basic_auth), (80, None));
        assert_eq!(parse_proxy_url("socks5://x:1").unwrap_err().kind, ErrorKind::InvalidEndpoint);
    }
}
