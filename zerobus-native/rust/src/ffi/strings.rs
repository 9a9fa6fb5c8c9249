//! Strings across the boundary, as standard UTF-8 both ways. The shim reads a Java string's UTF-16 and converts it
//! to UTF-8 itself (refusing a lone surrogate before Rust sees it), and it turns the text Rust writes back (error
//! messages, the version, stream ids) into a Java string through UTF-16 and `NewString`, so supplementary
//! characters such as emoji survive both ways. JNI's "modified UTF-8" is not used anywhere.

/// Reads a (pointer, length) UTF-8 string from the shim; `None` for a null pointer. The shim only hands over valid
/// UTF-8; anything else would become U+FFFD rather than fail.
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

/// Writes `text` into `out` as a C string for the shim: UTF-8, truncated at a character boundary to fit with its
/// terminator, NUL characters (which would end the C string early) replaced by U+FFFD. Returns the length without
/// the terminator.
pub fn write_jni_safe(text: &str, out: &mut [u8]) -> usize {
    let cap = out.len().saturating_sub(1);
    let mut len = 0;
    for ch in text.chars() {
        let ch = if ch == '\0' { char::REPLACEMENT_CHARACTER } else { ch };
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
    fn keeps_supplementary_characters_and_replaces_nul() {
        let mut out = [0u8; 64];
        let n = write_jni_safe("a\0b\u{1F600}c é", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "a\u{FFFD}b\u{1F600}c é");
        assert_eq!(out[n], 0);
        assert!(!out[..n].contains(&0));
    }

    #[test]
    fn truncates_at_char_boundary() {
        let mut out = [0u8; 6];
        let n = write_jni_safe("abcé€", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "abcé");
        let mut out = [0u8; 1];
        assert_eq!(write_jni_safe("xyz", &mut out), 0);
        // A 4-byte character that does not fit is left out whole.
        let mut out = [0u8; 7];
        let n = write_jni_safe("ab\u{1F600}", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "ab\u{1F600}");
        let mut out = [0u8; 6];
        let n = write_jni_safe("abc\u{1F600}", &mut out);
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "abc");
        assert_eq!(out[n], 0);
    }

    #[test]
    fn error_messages_fill_the_shim_buffer_at_most() {
        let mut out = [0xAAu8; super::super::MESSAGE_CAP];
        let text = "\u{1F600}".repeat(1000); // 4,000 bytes
        let n = write_jni_safe(&text, &mut out);
        assert_eq!(n, (super::super::MESSAGE_CAP - 1) / 4 * 4);
        assert!(std::str::from_utf8(&out[..n]).is_ok());
        assert_eq!(out[n], 0);
    }

    #[test]
    fn reads_null_as_none() {
        assert_eq!(unsafe { read(std::ptr::null(), 3) }, None);
        let s = "héllo \u{1F600}";
        assert_eq!(unsafe { read(s.as_ptr(), s.len()) }.as_deref(), Some("héllo \u{1F600}"));
    }
}
