//! A Java `HeadersCallback` seen from Rust: a JNI global reference the shim calls on a native thread (attached as a
//! daemon for the call), run by the async side through `spawn_blocking`.

use crate::auth::HeadersCallback;
use crate::error::{Error, ErrorKind, Result};
use std::ffi::c_void;

extern "C" {
    /// Calls `fetch()`; reports pairs through `zbn_headers_put` and failures through `zbn_headers_fail`.
    fn zbn_shim_fetch_headers(callback: *mut c_void, sink: *mut c_void) -> i32;
    fn zbn_shim_invalidate_headers(callback: *mut c_void);
    fn zbn_shim_release_global(global: *mut c_void);
}

pub struct JavaHeadersCallback {
    global: *mut c_void,
}

// SAFETY: a JNI global reference may be used from any thread attached to the JVM; the shim attaches as needed.
unsafe impl Send for JavaHeadersCallback {}
unsafe impl Sync for JavaHeadersCallback {}

impl JavaHeadersCallback {
    /// Takes ownership of a global reference (released on drop).
    pub fn new(global: *mut c_void) -> Self {
        JavaHeadersCallback { global }
    }
}

impl Drop for JavaHeadersCallback {
    fn drop(&mut self) {
        // SAFETY: `global` is the global reference this object owns.
        unsafe { zbn_shim_release_global(self.global) }
    }
}

#[derive(Default)]
struct Sink {
    headers: Vec<(String, String)>,
    error: Option<String>,
    /// The provider returned something no retry can fix (text that is not valid Unicode).
    invalid: bool,
}

impl HeadersCallback for JavaHeadersCallback {
    fn fetch(&self) -> Result<Vec<(String, String)>> {
        let mut sink = Sink::default();
        // SAFETY: the shim only calls back into `zbn_headers_*` with this sink during the call.
        let rc = unsafe { zbn_shim_fetch_headers(self.global, &mut sink as *mut Sink as *mut c_void) };
        if sink.invalid {
            let why = sink.error.unwrap_or_default();
            return Err(Error::invalid_argument(format!("the headers provider returned an unusable header: {why}")));
        }
        if rc != 0 || sink.error.is_some() {
            let why = sink.error.unwrap_or_else(|| "unknown failure".to_string());
            return Err(Error::new(ErrorKind::Authentication, true, format!("the headers provider failed: {why}")));
        }
        Ok(sink.headers)
    }

    fn invalidate(&self) {
        // SAFETY: see `fetch`.
        unsafe { zbn_shim_invalidate_headers(self.global) }
    }
}

/// Called by the shim for each header pair during `zbn_shim_fetch_headers`.
///
/// # Safety
/// `sink` is the pointer passed to `zbn_shim_fetch_headers`; strings are (pointer, length) pairs.
#[no_mangle]
pub unsafe extern "C" fn zbn_headers_put(
    sink: *mut c_void,
    name: *const u8,
    name_len: usize,
    value: *const u8,
    value_len: usize,
) {
    let _ = std::panic::catch_unwind(|| {
        let sink = &mut *(sink as *mut Sink);
        if let (Some(name), Some(value)) =
            (super::strings::read(name, name_len), super::strings::read(value, value_len))
        {
            sink.headers.push((name, value));
        }
    });
}

/// Called by the shim when `fetch()` returned text that is not valid Unicode: refused for good, not retried.
///
/// # Safety
/// As for `zbn_headers_put`.
#[no_mangle]
pub unsafe extern "C" fn zbn_headers_invalid(sink: *mut c_void, message: *const u8, message_len: usize) {
    let _ = std::panic::catch_unwind(|| {
        let sink = &mut *(sink as *mut Sink);
        sink.invalid = true;
        sink.error = Some(super::strings::read(message, message_len).unwrap_or_default());
    });
}

/// Called by the shim when `fetch()` threw or returned something unusable.
///
/// # Safety
/// As for `zbn_headers_put`.
#[no_mangle]
pub unsafe extern "C" fn zbn_headers_fail(sink: *mut c_void, message: *const u8, message_len: usize) {
    let _ = std::panic::catch_unwind(|| {
        let sink = &mut *(sink as *mut Sink);
        sink.error = Some(super::strings::read(message, message_len).unwrap_or_default());
    });
}
