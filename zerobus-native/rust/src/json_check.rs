//! A single-pass, allocation-free check that a record is one well-formed JSON object (RFC 8259 grammar, valid
//! UTF-8). It runs on every JSON record before it is queued, so it is written for speed: string bodies, the bulk of a
//! record, are scanned eight bytes at a time.

/// Why a record is not a JSON object, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub position: usize,
    pub reason: &'static str,
}

/// Deepest nesting accepted (objects and arrays), far beyond any Delta schema.
pub const MAX_DEPTH: usize = 512;

type Checked<T> = Result<T, JsonError>;

/// Checks that `input` is exactly one JSON object, optionally surrounded by whitespace.
pub fn validate_json_object(input: &[u8]) -> Checked<()> {
    let mut parser = Parser { input, pos: 0, depth: 0, stack: [0; MAX_DEPTH / 64], non_ascii: false };
    parser.document()?;
    if parser.non_ascii && std::str::from_utf8(input).is_err() {
        let valid_up_to = std::str::from_utf8(input).err().map(|e| e.valid_up_to()).unwrap_or(0);
        return Err(JsonError { position: valid_up_to, reason: "invalid UTF-8" });
    }
    Ok(())
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
    /// One bit per open container: 1 = object, 0 = array.
    stack: [u64; MAX_DEPTH / 64],
    non_ascii: bool,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the result is set where the byte of `word` needs a closer look inside a string:
/// a quote, a backslash, a control character or a non-ASCII byte.
#[inline(always)]
fn string_specials(word: u64) -> u64 {
    let quote = word ^ (LO * b'"' as u64);
    let backslash = word ^ (LO * b'\\' as u64);
    let has_zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    // bytes < 0x20: (b - 0x20) borrows into bit 7 when b < 0x20 (exact for bytes < 0x80; >= 0x80 is flagged anyway).
    let control = word.wrapping_sub(LO * 0x20) & !word & HI;
    has_zero(quote) | has_zero(backslash) | control | (word & HI)
}

impl<'a> Parser<'a> {
    #[inline(always)]
    fn err<T>(&self, reason: &'static str) -> Checked<T> {
        Err(JsonError { position: self.pos, reason })
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn document(&mut self) -> Checked<()> {
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return self.err("a JSON record must be an object starting with '{'");
        }
        self.value()?;
        self.skip_whitespace();
        if self.pos != self.input.len() {
            return self.err("unexpected data after the JSON object");
        }
        Ok(())
    }

    fn push(&mut self, is_object: bool) -> Checked<()> {
        if self.depth == MAX_DEPTH {
            return self.err("JSON nested too deeply");
        }
        let (word, bit) = (self.depth / 64, self.depth % 64);
        if is_object {
            self.stack[word] |= 1 << bit;
        } else {
            self.stack[word] &= !(1 << bit);
        }
        self.depth += 1;
        Ok(())
    }

    #[inline(always)]
    fn top_is_object(&self) -> bool {
        let d = self.depth - 1;
        self.stack[d / 64] & (1 << (d % 64)) != 0
    }

    /// Parses one value and every container it opens, iteratively (no recursion).
    fn value(&mut self) -> Checked<()> {
        'value: loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.push(true)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.depth -= 1;
                    } else {
                        self.member_key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.push(false)?;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.depth -= 1;
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => self.string()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return self.err("expected a JSON value"),
                None => return self.err("unexpected end of JSON"),
            }
            // After a complete value: close containers or move to the next element.
            loop {
                if self.depth == 0 {
                    return Ok(());
                }
                self.skip_whitespace();
                let in_object = self.top_is_object();
                match (self.peek(), in_object) {
                    (Some(b','), true) => {
                        self.pos += 1;
                        self.skip_whitespace();
                        self.member_key()?;
                        continue 'value;
                    }
                    (Some(b','), false) => {
                        self.pos += 1;
                        continue 'value;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.pos += 1;
                        self.depth -= 1;
                    }
                    (None, _) => return self.err("unexpected end of JSON"),
                    (_, true) => return self.err("expected ',' or '}' in object"),
                    (_, false) => return self.err("expected ',' or ']' in array"),
                }
            }
        }
    }

    /// `"key" :` — leaves the position at the member's value.
    #[inline(always)]
    fn member_key(&mut self) -> Checked<()> {
        if self.peek() != Some(b'"') {
            return self.err("expected a string key in object");
        }
        self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return self.err("expected ':' after object key");
        }
        self.pos += 1;
        Ok(())
    }

    #[inline(always)]
    fn string(&mut self) -> Checked<()> {
        self.pos += 1; // opening quote
        let input = self.input;
        loop {
            // Fast path: skip eight plain bytes at a time.
            while self.pos + 8 <= input.len() {
                let word = u64::from_le_bytes(input[self.pos..self.pos + 8].try_into().unwrap());
                let special = string_specials(word);
                if special == 0 {
                    self.pos += 8;
                } else {
                    self.pos += (special.trailing_zeros() / 8) as usize;
                    break;
                }
            }
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => {
                            let digits = input.get(self.pos + 1..self.pos + 5);
                            match digits {
                                Some(d) if d.iter().all(u8::is_ascii_hexdigit) => self.pos += 5,
                                _ => return self.err("invalid \\u escape in string"),
                            }
                        }
                        _ => return self.err("invalid escape in string"),
                    }
                }
                Some(b) if b < 0x20 => return self.err("control character in string"),
                Some(b) => {
                    if b >= 0x80 {
                        self.non_ascii = true;
                    }
                    self.pos += 1;
                }
                None => return self.err("unterminated string"),
            }
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Checked<()> {
        if self.input.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            self.err("invalid literal")
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    #[inline(always)]
    fn number(&mut self) -> Checked<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.err("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return self.err("invalid number: digits expected after '.'");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.err("invalid number: digits expected in exponent");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) {
        assert_eq!(validate_json_object(s.as_bytes()), Ok(()), "{s}");
    }

    fn bad(s: &[u8]) {
        assert!(validate_json_object(s).is_err(), "{}", String::from_utf8_lossy(s));
    }

    #[test]
    fn accepts_objects() {
        ok("{}");
        ok("  { }\n");
        ok(r#"{"a":1}"#);
        ok(r#"{"a":-0.5e+10,"b":[1,2,{"c":null}],"d":true,"e":false,"f":"x\"y\\z\u00e9\n"}"#);
        ok(r#"{"nested":{"deeper":{"deepest":[[],[{}],[[1]]]}}}"#);
        ok("{\"caf\u{e9}\":\"\u{1F600} emoji\"}");
        ok(r#"{"long":"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"}"#);
        ok(r#"{"n":0,"m":10,"o":1E5,"p":2.25E-3}"#);
    }

    #[test]
    fn rejects_non_objects() {
        for s in ["", " ", "[]", "1", "\"s\"", "null", "true"] {
            bad(s.as_bytes());
        }
    }

    #[test]
    fn rejects_malformed_objects() {
        for s in [
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\" 1}",
            "{a:1}",
            "{'a':1}",
            "{\"a\":1}}",
            "{\"a\":1} x",
            "{\"a\":[1,]}",
            "{\"a\":[1 2]}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":1e}",
            "{\"a\":-}",
            "{\"a\":tru}",
            "{\"a\":nul}",
            "{\"a\":\"x}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12g4\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":[}",
            "{\"a\":]}",
            "{\"a\":{]}",
            "{\"a\":1}{}",
            "{\"a\":\"tab\there\"}",
            "{\"a\":+1}",
            "{\"a\":NaN}",
        ] {
            bad(s.as_bytes());
        }
    }

    #[test]
    fn rejects_control_characters_and_bad_utf8_at_every_alignment() {
        for pad in 0..16 {
            let mut s = format!("{{\"k\":\"{}", "x".repeat(pad)).into_bytes();
            let mut control = s.clone();
            control.extend_from_slice(b"\x01\"}");
            bad(&control);
            let mut utf8 = s.clone();
            utf8.extend_from_slice(b"\xff\"}");
            bad(&utf8);
            let mut truncated = s.clone();
            truncated.extend_from_slice(b"\xc3\"}");
            bad(&truncated);
            s.extend_from_slice("\u{e9}\"}".as_bytes());
            assert_eq!(validate_json_object(&s), Ok(()));
        }
    }

    #[test]
    fn quote_and_backslash_found_at_every_alignment() {
        for pad in 0..20 {
            ok(&format!("{{\"k\":\"{}\\\"{}\"}}", "y".repeat(pad), "z".repeat(pad)));
            bad(format!("{{\"k\":\"{}\"{}\"}}", "y".repeat(pad), "z".repeat(pad)).as_bytes());
        }
    }

    #[test]
    fn depth_limit() {
        let ok_depth = format!("{}{}", "{\"a\":".repeat(MAX_DEPTH - 1) + "{", "}".repeat(MAX_DEPTH));
        ok(&ok_depth);
        let too_deep = format!("{}{}", "{\"a\":".repeat(MAX_DEPTH) + "{", "}".repeat(MAX_DEPTH + 1));
        bad(too_deep.as_bytes());
        let arrays = format!("{{\"a\":{}{}}}", "[".repeat(300), "]".repeat(300));
        ok(&arrays);
    }

    #[test]
    fn error_position_points_at_problem() {
        let err = validate_json_object(br#"{"a":1,"b":?}"#).unwrap_err();
        assert_eq!(err.position, 11);
        assert_eq!(err.reason, "expected a JSON value");
    }
}
