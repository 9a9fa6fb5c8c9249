//! gRPC status: codes, which are retryable (protocol §5), `grpc-status`/`grpc-message` parsing from trailers or a
//! trailers-only response, and the mapping to the core's error kinds.

use crate::error::{Error, ErrorKind};
use http::HeaderMap;

pub const OK: i32 = 0;
pub const INVALID_ARGUMENT: i32 = 3;
pub const DEADLINE_EXCEEDED: i32 = 4;
pub const NOT_FOUND: i32 = 5;
pub const PERMISSION_DENIED: i32 = 7;
pub const OUT_OF_RANGE: i32 = 11;
pub const UNIMPLEMENTED: i32 = 12;
pub const UNAVAILABLE: i32 = 14;
pub const UNAUTHENTICATED: i32 = 16;

pub fn code_name(code: i32) -> &'static str {
    match code {
        0 => "OK",
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        _ => "UNKNOWN_CODE",
    }
}

/// Protocol §5: these codes mean retrying cannot help; every other code is retryable.
pub fn is_retryable(code: i32) -> bool {
    !matches!(code, INVALID_ARGUMENT | UNAUTHENTICATED | PERMISSION_DENIED | NOT_FOUND | OUT_OF_RANGE | UNIMPLEMENTED)
}

/// A status as the server sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub code: i32,
    pub message: String,
}

impl Status {
    /// Reads `grpc-status`/`grpc-message`; `None` when `grpc-status` is absent.
    pub fn from_headers(headers: &HeaderMap) -> Option<Status> {
        let raw = headers.get("grpc-status")?;
        let code = raw.to_str().ok().and_then(|s| s.trim().parse::<i32>().ok()).unwrap_or(2); // UNKNOWN
        let message = headers.get("grpc-message").map(|m| percent_decode(m.as_bytes())).unwrap_or_default();
        Some(Status { code, message })
    }

    pub fn is_ok(&self) -> bool {
        self.code == OK
    }

    /// The error this status ends a stream with.
    pub fn into_error(self) -> Error {
        let kind = match self.code {
            UNAUTHENTICATED => ErrorKind::Authentication,
            PERMISSION_DENIED => ErrorKind::PermissionDenied,
            DEADLINE_EXCEEDED => ErrorKind::Timeout,
            _ => ErrorKind::Server,
        };
        let message = if self.message.is_empty() {
            format!("server ended the stream with {}", code_name(self.code))
        } else {
            format!("server ended the stream with {}: {}", code_name(self.code), self.message)
        };
        Error::new(kind, is_retryable(self.code), message).with_grpc_status(self.code)
    }
}

/// Decodes the gRPC percent-encoding of `grpc-message` (invalid escapes are kept as they are).
pub fn percent_decode(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn retryable_codes_follow_protocol() {
        for code in [3, 16, 7, 5, 11, 12] {
            assert!(!is_retryable(code), "{code}");
        }
        for code in [1, 2, 4, 6, 8, 9, 10, 13, 14, 15, 0] {
            assert!(is_retryable(code), "{code}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode(b"plain text"), "plain text");
        assert_eq!(percent_decode(b"100%25 sure%0Aok"), "100% sure\nok");
        assert_eq!(percent_decode(b"caf%C3%A9"), "café");
        assert_eq!(percent_decode(b"bad %zz and %4"), "bad %zz and %4");
        assert_eq!(percent_decode(b"%"), "%");
        assert_eq!(percent_decode(b"end%41"), "endA");
    }

    #[test]
    fn status_from_trailers() {
        let mut headers = HeaderMap::new();
        assert_eq!(Status::from_headers(&headers), None);
        headers.insert("grpc-status", HeaderValue::from_static("16"));
        headers.insert("grpc-message", HeaderValue::from_static("token%20expired"));
        let status = Status::from_headers(&headers).unwrap();
        assert_eq!(status, Status { code: 16, message: "token expired".into() });
        let error = status.into_error();
        assert_eq!(error.kind, ErrorKind::Authentication);
        assert!(!error.retryable);
        assert_eq!(error.grpc_status, Some(16));
        assert!(error.message.contains("UNAUTHENTICATED: token expired"), "{}", error.message);
    }

    #[test]
    fn unavailable_is_retryable_server_error() {
        let error = Status { code: UNAVAILABLE, message: String::new() }.into_error();
        assert_eq!(error.kind, ErrorKind::Server);
        assert!(error.retryable);
        assert!(error.message.contains("UNAVAILABLE"));
    }

    #[test]
    fn garbage_status_is_unknown() {
        let mut headers = HeaderMap::new();
        headers.insert("grpc-status", HeaderValue::from_static("x"));
        assert_eq!(Status::from_headers(&headers).unwrap().code, 2);
    }
}
