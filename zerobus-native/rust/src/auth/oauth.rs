//! OAuth client credentials against `{workspace}/oidc/v1/token` (protocol §4), over HTTP/1.1 on the same connector
//! as gRPC, so TLS, the extra CA file and proxies apply. Messages carry the HTTP status and body of a refusal, never
//! the secret or a token.

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

pub struct TokenRequest<'a> {
    pub workspace: &'a Endpoint,
    pub workspace_id: &'a str,
    pub table: &'a str,
    pub credentials: &'a OAuthCredentials,
    pub tls: &'a TlsConfig,
    pub user_agent: &'a str,
}

#[derive(Debug)]
pub struct Token {
    pub access_token: String,
    pub expires_in: Option<Duration>,
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

/// Parses a 2xx answer. `expires_in` may be a number or a quoted number.
pub fn parse_token_response(body: &[u8]) -> Result<Token> {
    let malformed = |why: &str| Error::new(ErrorKind::TokenEndpoint, false, format!("malformed token response: {why}"));
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|_| malformed("not JSON"))?;
    let access_token = json
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed("no access_token"))?
        .to_string();
    let expires_in = match json.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|s| s.is_finite() && *s >= 0.0)
    .map(Duration::from_secs_f64);
    Ok(Token { access_token, expires_in })
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
