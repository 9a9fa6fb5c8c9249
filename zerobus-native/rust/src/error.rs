//! The one error type of the core: a kind (whose ordinal is `ZerobusException.Kind` on the Java side), a retryable
//! flag, the gRPC status where the server sent one, and a message that never contains a secret or token.

use std::fmt;

/// Mirrors `dev.zerobus.client.ZerobusException.Kind`; the discriminants are part of the JNI contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum ErrorKind {
    InvalidArgument = 0,
    RecordTooLarge = 1,
    InvalidTableName = 2,
    InvalidEndpoint = 3,
    Authentication = 4,
    PermissionDenied = 5,
    TokenEndpoint = 6,
    Connection = 7,
    Tls = 8,
    Timeout = 9,
    Server = 10,
    Protocol = 11,
    StreamClosed = 12,
    StreamFailed = 13,
    Internal = 14,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub retryable: bool,
    /// The gRPC status code number, when the server sent one.
    pub grpc_status: Option<i32>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, retryable: bool, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), retryable, grpc_status: None }
    }

    /// A caller error: never retryable, the stream goes on.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, false, message)
    }

    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connection, true, message)
    }

    pub fn protocol(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Protocol, true, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, false, message)
    }

    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, true, message)
    }

    pub fn with_grpc_status(mut self, code: i32) -> Self {
        self.grpc_status = Some(code);
        self
    }

    /// The error a call on a stream reports after the stream failed with `self`.
    pub fn as_stream_failed(&self) -> Self {
        Error {
            kind: ErrorKind::StreamFailed,
            message: format!("stream failed: {}", self.message),
            retryable: false,
            grpc_status: self.grpc_status,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_ordinals_match_java_enum() {
        assert_eq!(ErrorKind::InvalidArgument as i32, 0);
        assert_eq!(ErrorKind::Timeout as i32, 9);
        assert_eq!(ErrorKind::StreamFailed as i32, 13);
        assert_eq!(ErrorKind::Internal as i32, 14);
    }

    #[test]
    fn stream_failed_keeps_cause_and_status() {
        let cause = Error::new(ErrorKind::Server, true, "UNAVAILABLE: gone").with_grpc_status(14);
        let failed = cause.as_stream_failed();
        assert_eq!(failed.kind, ErrorKind::StreamFailed);
        assert!(!failed.retryable);
        assert_eq!(failed.grpc_status, Some(14));
        assert!(failed.message.contains("UNAVAILABLE: gone"));
    }
}
