//! Strings across the boundary: the shim hands over JNI "modified UTF-8" and reads back text it passes to
//! `NewStringUTF`, which must not contain NUL or 4-byte sequences.

/// Reads a (pointer, length) string from the shim; `None` for a null pointer.
///
/// # Safety
/// `ptr` must be null or point to `len` readable bytes.
pub unsafe fn read(ptr: *const u8, len: usize) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let bytes = std::slice::from_raw_parts(ptr, len);
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// Writes `text` into `out` so that it is valid modified UTF-8 (no NUL, no supplementary characters), truncated at a
/// character boundary, NUL-terminated; returns the length without the terminator.
pub fn write_jni_safe(text: &str, out: &mut [u8]) -> usize {
    let cap = out.len().saturating_sub(1);
    let mut len = 0;
    for ch in text.chars() {
        let ch = if ch == '\0' || (ch as u32) > 0xFFFF { '\u{FFFD}' } else { ch };
        let mut buf = [0u8; 4];
        let encoded = ch.encode_utf8(&mut buf).as_bytes();
        if len + encoded.len() > cap {
            break;
        }
        out[len..len + encoded.len()].copy_from_slice(encoded);
        len += encoded.len();
    }
    if let Some(terminator) = out.get_mut(len) {
        *terminator = 0;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_nul_and_supplementary() {
        let mut out = [0u8; 64];
        let n = write_jni_safe("a\0b\u{1F600}c é", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "a\u{FFFD}b\u{FFFD}c é");
        assert_eq!(out[n], 0);
    }

    #[test]
    fn truncates_at_char_boundary() {
        let mut out = [0u8; 6];
        let n = write_jni_safe("abcé€", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "abcé");
        let mut out = [0u8; 1];
        assert_eq!(write_jni_safe("xyz", &mut out), 0);
    }

    #[test]
    fn reads_null_as_none() {
        assert_eq!(unsafe { read(std::ptr::null(), 3) }, None);
        let s = "héllo";
        assert_eq!(unsafe { read(s.as_ptr(), s.len()) }.as_deref(), Some("héllo"));
    }
}
