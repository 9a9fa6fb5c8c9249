//! OAuth client credentials against `{workspace}/oidc/v1/token` (protocol §4), over HTTP/1.1 on the same connector
//! as gRPC, so TLS, the extra CA file and proxies apply. Messages carry the HTTP status and body of a refusal, never
//! the secret or a token.

use super::token_cache::MAX_EXPIRES_IN;
use super::{table_name, OAuthCredentials};
use crate::error::{Error, ErrorKind, Result};
use crate::transport::connect::{self, Alpn};
use crate::transport::proxy::Purpose;
use crate::transport::tls::TlsConfig;
use crate::transport::Endpoint;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::time::Duration;

/// Longest part of an error body quoted in a message.
const MAX_QUOTED_BODY: usize = 1024;
/// Largest token response read.
const MAX_RESPONSE: usize = 256 * 1024;
/// Longest part of a refused `expires_in` quoted in a message.
const MAX_QUOTED_EXPIRES_IN: usize = 32;

pub struct TokenRequest<'a> {
    pub workspace: &'a Endpoint,
    pub workspace_id: &'a str,
    pub table: &'a str,
    pub credentials: &'a OAuthCredentials,
    pub tls: &'a TlsConfig,
    pub user_agent: &'a str,
}

pub struct Token {
    pub access_token: String,
    /// At most [`MAX_EXPIRES_IN`].
    pub expires_in: Option<Duration>,
}

/// Never shows the token.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &format_args!("<{} bytes, redacted>", self.access_token.len()))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// `application/x-www-form-urlencoded` encoding of one value.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3 / 2);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The form body: grant, scope, resource and the three Unity Catalog authorization details.
pub fn token_request_body(table: &str, workspace_id: &str) -> Result<String> {
    let name = table_name::parse(table)?;
    let details = serde_json::json!([
        {
            "type": "unity_catalog_privileges",
            "privileges": ["USE CATALOG"],
            "object_type": "CATALOG",
            "object_full_path": name.catalog,
        },
        {
            "type": "unity_catalog_privileges",
            "privileges": ["USE SCHEMA"],
            "object_type": "SCHEMA",
            "object_full_path": format!("{}.{}", name.catalog, name.schema),
        },
        {
            "type": "unity_catalog_privileges",
            "privileges": ["SELECT", "MODIFY"],
            "object_type": "TABLE",
            "object_full_path": format!("{}.{}.{}", name.catalog, name.schema, name.table),
        },
    ]);
    let resource = format!("api://databricks/workspaces/{workspace_id}/zerobusDirectWriteApi");
    Ok(format!(
        "grant_type=client_credentials&scope=all-apis&resource={}&authorization_details={}",
        form_encode(&resource),
        form_encode(&details.to_string())
    ))
}

/// Parses a 2xx answer. `expires_in` may be a number or a quoted number of seconds; absent or null means unknown.
pub fn parse_token_response(body: &[u8]) -> Result<Token> {
    let malformed = |why: &str| Error::new(ErrorKind::TokenEndpoint, false, format!("malformed token response: {why}"));
    // serde_json's messages give a line and column, never the text (which holds the token).
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| malformed(&format!("not JSON ({e})")))?;
    let access_token = json
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed("no access_token"))?
        .to_string();
    let expires_in = match json.get("expires_in") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => Some(parse_expires_in(value).map_err(|why| malformed(&why))?),
    };
    Ok(Token { access_token, expires_in })
}

/// `expires_in` as a lifetime: a number, or a string holding one, of seconds from 0 to [`MAX_EXPIRES_IN`]. The
/// error names the value as sent (truncated).
fn parse_expires_in(value: &serde_json::Value) -> std::result::Result<Duration, String> {
    let seconds = match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let lifetime = seconds
        .filter(|s| (0.0..=MAX_EXPIRES_IN.as_secs_f64()).contains(s))
        .and_then(|s| Duration::try_from_secs_f64(s).ok());
    match lifetime {
        Some(lifetime) => Ok(lifetime),
        None => {
            let mut quoted = value.to_string();
            if quoted.len() > MAX_QUOTED_EXPIRES_IN {
                let mut cut = MAX_QUOTED_EXPIRES_IN;
                while !quoted.is_char_boundary(cut) {
                    cut -= 1;
                }
                quoted.truncate(cut);
                quoted.push_str("...");
            }
            Err(format!("expires_in {quoted} is not a number of seconds from 0 to {}", MAX_EXPIRES_IN.as_secs()))
        }
    }
}

/// The error for a non-2xx answer: 5xx retryable, everything else not.
pub fn refusal_error(url: &str, status: u16, body: &[u8]) -> Error {
    let mut quoted = String::from_utf8_lossy(&body[..body.len().min(MAX_QUOTED_BODY)]).trim().to_string();
    if body.len() > MAX_QUOTED_BODY {
        quoted.push_str("...");
    }
    let kind = match status {
        401 => ErrorKind::Authentication,
        403 => ErrorKind::PermissionDenied,
        _ => ErrorKind::TokenEndpoint,
    };
    Error::new(kind, status >= 500, format!("token endpoint {url} answered HTTP {status}: {quoted}"))
}

pub async fn fetch_token(request: &TokenRequest<'_>) -> Result<Token> {
    let body = token_request_body(request.table, request.workspace_id)?;
    let workspace = request.workspace;
    let path = format!("{}/oidc/v1/token", workspace.base_path);
    let url = format!("{}://{}{}", workspace.scheme(), workspace.authority(), path);
    let endpoint_error = |e: Error| Error { kind: ErrorKind::TokenEndpoint, ..e };
    let io = connect::connect(workspace, request.tls, Alpn::Http1, Purpose::Http).await.map_err(|e| {
        if e.kind == ErrorKind::Tls {
            e
        } else {
            endpoint_error(Error { message: format!("token endpoint: {}", e.message), ..e })
        }
    })?;
    let unreachable =
        |e: hyper::Error| Error::new(ErrorKind::TokenEndpoint, true, format!("token endpoint {url}: {e}"));
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(io)).await.map_err(unreachable)?;
    let connection = tokio::spawn(async move {
        let _ = connection.await;
    });
    let credentials = BASE64.encode(format!("{}:{}", request.credentials.client_id, request.credentials.client_secret));
    let http_request = http::Request::builder()
        .method(http::Method::POST)
        .uri(&path)
        .header("host", workspace.authority())
        .header("authorization", format!("Basic {credentials}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("user-agent", request.user_agent)
        .body(Full::new(Bytes::from(body)))
        .map_err(|_| Error::invalid_argument("the client id or secret cannot be sent in an HTTP header"))?;
    let response = sender.send_request(http_request).await.map_err(unreachable);
    let result = match response {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = read_body(response.into_body()).await.map_err(unreachable)?;
            if (200..300).contains(&status) {
                parse_token_response(&body)
            } else {
                Err(refusal_error(&url, status, &body))
            }
        }
        Err(e) => Err(e),
    };
    connection.abort();
    result
}

async fn read_body(mut body: Incoming) -> std::result::Result<Vec<u8>, hyper::Error> {
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(chunk) = frame?.into_data() else { continue }; // trailers
        let room = MAX_RESPONSE.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_decode(value: &str) -> String {
        crate::wire::status::percent_decode(value.replace('+', " ").as_bytes())
    }

    #[test]
    fn body_has_every_field() {
        let body = token_request_body("cat.sch.tbl", "1234").unwrap();
        let fields: std::collections::HashMap<String, String> = body
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_string(), form_decode(v))
            })
            .collect();
        assert_eq!(fields["grant_type"], "client_credentials");
        assert_eq!(fields["scope"], "all-apis");
        assert_eq!(fields["resource"], "api://databricks/workspaces/1234/zerobusDirectWriteApi");
        let details: serde_json::Value = serde_json::from_str(&fields["authorization_details"]).unwrap();
        let details = details.as_array().unwrap();
        assert_eq!(details.len(), 3);
        assert_eq!(details[0]["privileges"], serde_json::json!(["USE CATALOG"]));
        assert_eq!(details[0]["object_type"], "CATALOG");
        assert_eq!(details[0]["object_full_path"], "cat");
        assert_eq!(details[1]["privileges"], serde_json::json!(["USE SCHEMA"]));
        assert_eq!(details[1]["object_full_path"], "cat.sch");
        assert_eq!(details[2]["privileges"], serde_json::json!(["SELECT", "MODIFY"]));
        assert_eq!(details[2]["object_type"], "TABLE");
        assert_eq!(details[2]["object_full_path"], "cat.sch.tbl");
        for d in details {
            assert_eq!(d["type"], "unity_catalog_privileges");
        }
    }

    #[test]
    fn body_rejects_bad_table() {
        assert_eq!(token_request_body("a.b", "1").unwrap_err().kind, ErrorKind::InvalidTableName);
    }

    #[test]
    fn form_encoding() {
        assert_eq!(form_encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
        assert_eq!(form_encode("Az09-._*"), "Az09-._*");
    }

    #[test]
    fn token_responses() {
        let t = parse_token_response(br#"{"access_token":"abc","expires_in":3600,"token_type":"Bearer"}"#).unwrap();
        assert_eq!(t.access_token, "abc");
        assert_eq!(t.expires_in, Some(Duration::from_secs(3600)));
        let t = parse_token_response(br#"{"access_token":"abc","expires_in":"120"}"#).unwrap();
        assert_eq!(t.expires_in, Some(Duration::from_secs(120)));
        let t = parse_token_response(br#"{"access_token":"abc"}"#).unwrap();
        assert_eq!(t.expires_in, None);
        let err = parse_token_response(br#"{"token":"abc"}"#).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TokenEndpoint);
        assert!(parse_token_response(b"<html>").is_err());
    }

    #[test]
    fn absurd_expires_in_is_an_error_naming_the_value() {
        let huge_string = format!("\"{}\"", "9".repeat(5000));
        for (raw, named) in [
            ("1e30", "1e30"),
            ("-5", "-5"),
            ("-0.5", "-0.5"),
            ("18446744073709551615", "18446744073709551615"),
            ("1e300", "1e300"),
            ("31536001", "31536001"),
            ("\"abc\"", "\"abc\""),
            ("\"\"", "\"\""),
            ("\"NaN\"", "\"NaN\""),
            ("\"inf\"", "\"inf\""),
            ("\"-1\"", "\"-1\""),
            ("\"1e30\"", "\"1e30\""),
            ("true", "true"),
            ("[3600]", "[3600]"),
            ("{\"s\":3600}", "{\"s\":3600}"),
            (huge_string.as_str(), "\"9999999999999999999999999999999..."),
        ] {
            let body = format!(r#"{{"access_token":"secret-token","expires_in":{raw}}}"#);
            let err = parse_token_response(body.as_bytes()).unwrap_err();
            assert_eq!(err.kind, ErrorKind::TokenEndpoint, "{raw}");
            assert!(!err.retryable, "{raw}");
            assert!(err.message.contains(&format!("expires_in {named} is not")), "{raw}: {}", err.message);
            assert!(err.message.len() < 200, "{}", err.message);
            assert!(!err.message.contains("secret-token"), "{}", err.message);
        }
        // Too large for serde_json's numbers: refused as not JSON, without quoting the body.
        let err = parse_token_response(br#"{"access_token":"secret-token","expires_in":1e400}"#).unwrap_err();
        assert!(err.message.contains("not JSON"), "{}", err.message);
        assert!(!err.message.contains("secret-token"), "{}", err.message);
    }

    #[test]
    fn sensible_expires_in_values() {
        for (raw, expected) in [
            ("0", Duration::ZERO),
            ("3600.5", Duration::from_millis(3_600_500)),
            ("\" 120 \"", Duration::from_secs(120)),
            ("\"3.6e3\"", Duration::from_secs(3600)),
            ("31536000", MAX_EXPIRES_IN),
        ] {
            let body = format!(r#"{{"access_token":"t","expires_in":{raw}}}"#);
            assert_eq!(parse_token_response(body.as_bytes()).unwrap().expires_in, Some(expected), "{raw}");
        }
        let t = parse_token_response(br#"{"access_token":"t","expires_in":null}"#).unwrap();
        assert_eq!(t.expires_in, None);
    }

    #[test]
    fn token_debug_hides_the_token() {
        let t = parse_token_response(br#"{"access_token":"eyJhbGciOi.secret","expires_in":60}"#).unwrap();
        let shown = format!("{t:?}");
        assert!(!shown.contains("eyJ") && !shown.contains("secret"), "{shown}");
        assert!(shown.contains("redacted") && shown.contains("60s"), "{shown}");
    }

    #[test]
    fn refusals() {
        let e = refusal_error("http://w/oidc/v1/token", 401, br#"{"error":"invalid_client"}"#);
        assert_eq!(e.kind, ErrorKind::Authentication);
        assert!(!e.retryable);
        assert!(e.message.contains("401") && e.message.contains("invalid_client"), "{}", e.message);
        let e = refusal_error("u", 503, b"busy");
        assert!(e.retryable);
        assert_eq!(e.kind, ErrorKind::TokenEndpoint);
        let e = refusal_error("u", 403, b"");
        assert_eq!(e.kind, ErrorKind::PermissionDenied);
        let e = refusal_error("u", 400, &vec![b'x'; 5000]);
        assert!(!e.retryable);
        assert!(e.message.len() < 1200);
    }
}
