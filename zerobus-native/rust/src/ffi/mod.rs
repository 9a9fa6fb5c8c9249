//! The C ABI under the JNI shim (`c/`). Every function is `zbn_`-prefixed, takes plain C types and an
//! out-parameter for errors, and never unwinds: panics become INTERNAL errors. Handles are registry ids.

mod calls;
mod headers;
mod strings;

pub use calls::*;
pub use headers::{zbn_headers_fail, zbn_headers_invalid, zbn_headers_put};

use crate::error::{Error, ErrorKind};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Room for an error message (UTF-8, truncated at a character boundary).
pub const MESSAGE_CAP: usize = 2048;

pub const CODE_OK: i32 = 0;
/// Throw `ZerobusException(message, kind, retryable, grpcStatus)`.
pub const CODE_ZEROBUS: i32 = 1;
/// Throw `IllegalStateException(message)` (unknown or freed handle).
pub const CODE_ILLEGAL_STATE: i32 = 2;
/// A Java exception is already pending (raised by a JNI call in the shim); throw nothing more.
pub const CODE_JAVA_PENDING: i32 = 3;

/// Filled by Rust when a call fails; the shim turns it into a Java exception.
#[repr(C)]
pub struct ZbnError {
    pub code: i32,
    pub kind: i32,
    pub retryable: i32,
    pub grpc_status: i32,
    pub message_len: u32,
    pub message: [u8; MESSAGE_CAP],
}

pub enum Failure {
    Zerobus(Error),
    IllegalState(String),
    JavaPending,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Zerobus(error)
    }
}

/// Runs `body`, catching panics, and reports any failure through `err`.
///
/// # Safety
/// `err` must be null or point to a writable `ZbnError`.
pub unsafe fn call<T: Default>(err: *mut ZbnError, body: impl FnOnce() -> Result<T, Failure>) -> T {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(Failure::Zerobus(Error::internal(format!("internal error in the native client: {what}"))))
    });
    match outcome {
        Ok(value) => value,
        Err(failure) => {
            if let Some(err) = err.as_mut() {
                write_failure(err, failure);
            }
            T::default()
        }
    }
}

fn write_failure(err: &mut ZbnError, failure: Failure) {
    let (code, kind, retryable, grpc, message) = match failure {
        Failure::Zerobus(e) => {
            (CODE_ZEROBUS, e.kind as i32, e.retryable as i32, e.grpc_status.unwrap_or(-1), e.message)
        }
        Failure::IllegalState(m) => (CODE_ILLEGAL_STATE, ErrorKind::Internal as i32, 0, -1, m),
        Failure::JavaPending => (CODE_JAVA_PENDING, 0, 0, -1, String::new()),
    };
    err.code = code;
    err.kind = kind;
    err.retryable = retryable;
    err.grpc_status = grpc;
    let len = strings::write_jni_safe(&message, &mut err.message);
    err.message_len = len as u32;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(failure: Failure) -> (ZbnError, String) {
        let mut err =
            ZbnError { code: 0, kind: 0, retryable: 0, grpc_status: 0, message_len: 0, message: [0; MESSAGE_CAP] };
        write_failure(&mut err, failure);
        let text = std::str::from_utf8(&err.message[..err.message_len as usize]).unwrap().to_string();
        (err, text)
    }

    #[test]
    fn failures_keep_supplementary_characters_and_fit_the_buffer() {
        let (err, text) =
            written(Failure::Zerobus(Error::invalid_argument("table main.s.t\u{1F600} refused: caf\u{e9}")));
        assert_eq!((err.code, err.kind, err.retryable), (CODE_ZEROBUS, ErrorKind::InvalidArgument as i32, 0));
        assert_eq!(text, "table main.s.t\u{1F600} refused: caf\u{e9}");
        assert_eq!(err.message[err.message_len as usize], 0);

        let (err, text) = written(Failure::IllegalState(format!("x{}", "\u{1F600}".repeat(MESSAGE_CAP))));
        assert_eq!(err.code, CODE_ILLEGAL_STATE);
        assert_eq!(text.len(), 1 + (MESSAGE_CAP - 2) / 4 * 4, "cut before the character that does not fit");
        assert!(text.ends_with('\u{1F600}'));
    }
}
