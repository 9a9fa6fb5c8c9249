//! A single-pass, allocation-free check that a record is one well-formed JSON object (RFC 8259 grammar, valid
//! UTF-8) that the service will store as written: no object has the same key twice (compared after unescaping, so
//! `"a"` and `"\u0061"` are one key), and no `\u` escape is a lone UTF-16 surrogate. It runs on every JSON record
//! before it is queued, so it is written for speed: string bodies, the bulk of a record, are scanned eight bytes at a
//! time, and keys go into small hash tables in a fixed stack area (see [`KeyTables`]), never on the heap.
//!
//! Cost: O(n) for a record of n bytes while every object's keys fit the stack area (up to 3,072 keys in the
//! top-level object, fewer in deeply nested ones). Keys beyond that are compared by re-scanning the object's
//! earlier keys that did not fit, O(k × m) for k such keys spread over m bytes: slow, but without allocation, and
//! only for records with thousands of keys in one object.

use std::fmt;
use std::mem::MaybeUninit;

/// Why a record is not a JSON object, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub position: usize,
    pub reason: Reason,
}

/// Deepest nesting accepted (objects and arrays), far beyond any Delta schema.
pub const MAX_DEPTH: usize = 512;

/// Bytes of a duplicate key quoted in its error message.
const QUOTED_KEY_CAP: usize = 40;

/// What is wrong with a record: a fixed text, with the key as written for a duplicate key (its first
/// [`QUOTED_KEY_CAP`] bytes). Displays as e.g. `duplicate key "id"`. Copy, and built without allocation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    text: &'static str,
    quoted: bool,
    truncated: bool,
    key_len: u8,
    key: [u8; QUOTED_KEY_CAP],
}

impl Reason {
    const fn new(text: &'static str) -> Reason {
        Reason { text, quoted: false, truncated: false, key_len: 0, key: [0; QUOTED_KEY_CAP] }
    }

    /// `text "key"`, the key cut at a character boundary and never inside an escape.
    fn with_key(text: &'static str, raw_key: &[u8]) -> Reason {
        let mut len = 0;
        while len < raw_key.len() {
            let step = match raw_key[len] {
                b'\\' if raw_key.get(len + 1) == Some(&b'u') => 6,
                b'\\' => 2,
                b if b < 0x80 => 1,
                b if b >= 0xF0 => 4,
                b if b >= 0xE0 => 3,
                _ => 2,
            };
            if len + step > QUOTED_KEY_CAP {
                break;
            }
            len = (len + step).min(raw_key.len());
        }
        let mut key = [0; QUOTED_KEY_CAP];
        key[..len].copy_from_slice(&raw_key[..len]);
        Reason { text, quoted: true, truncated: len < raw_key.len(), key_len: len as u8, key }
    }

    /// The fixed part of the reason, e.g. `duplicate key`.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)?;
        if self.quoted {
            let key = String::from_utf8_lossy(&self.key[..self.key_len as usize]);
            write!(f, " \"{key}{}\"", if self.truncated { "..." } else { "" })?;
        }
        Ok(())
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reason({self})")
    }
}

/// Compares what is written with a string, without allocating.
struct SameAs<'a>(&'a str);

impl fmt::Write for SameAs<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.0.strip_prefix(s) {
            Some(rest) => {
                self.0 = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        let mut rest = SameAs(other);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

type Checked<T> = Result<T, JsonError>;

/// Checks that `input` is exactly one JSON object, optionally surrounded by whitespace, with distinct keys in every
/// object and no lone surrogate escapes.
pub fn validate_json_object(input: &[u8]) -> Checked<()> {
    if input.len() > u32::MAX as usize {
        // Positions are kept as u32; records are at most 10 MiB.
        return Err(JsonError { position: 0, reason: Reason::new("JSON record too large to check") });
    }
    let mut parser = Parser {
        input,
        pos: 0,
        depth: 0,
        frames: [const { MaybeUninit::uninit() }; MAX_DEPTH],
        keys: KeyTables { slots: [const { MaybeUninit::uninit() }; KEY_SLOTS], top: 0, written: 0 },
        non_ascii: false,
    };
    parser.document()?;
    if parser.non_ascii && std::str::from_utf8(input).is_err() {
        let valid_up_to = std::str::from_utf8(input).err().map(|e| e.valid_up_to()).unwrap_or(0);
        return Err(JsonError { position: valid_up_to, reason: Reason::new("invalid UTF-8") });
    }
    Ok(())
}

/// One open container.
#[derive(Clone, Copy)]
struct Frame {
    /// Position of its `{` or `[`.
    start: u32,
    /// 0 while every key so far is in the key table; else the position of the first key that did not fit.
    overflow_from: u32,
    /// Keys in the table.
    keys: u32,
    /// The object's key table: slots `[base, base + (1 << cap_log2))` of [`KeyTables`]; `cap_log2 == 0`: none yet.
    base: u16,
    cap_log2: u8,
    is_object: bool,
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    depth: usize,
    /// `frames[..depth]` are initialized: `push` writes `frames[depth]` before it increments `depth`.
    frames: [MaybeUninit<Frame>; MAX_DEPTH],
    keys: KeyTables,
    non_ascii: bool,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

#[inline(always)]
fn has_zero(v: u64) -> u64 {
    v.wrapping_sub(LO) & !v & HI
}

/// Bit 7 of each byte of the result is set where the byte of `word` needs a closer look inside a string:
/// a quote, a backslash, a control character or a non-ASCII byte.
#[inline(always)]
fn string_specials(word: u64) -> u64 {
    let quote = word ^ (LO * b'"' as u64);
    let backslash = word ^ (LO * b'\\' as u64);
    // bytes < 0x20: (b - 0x20) borrows into bit 7 when b < 0x20 (exact for bytes < 0x80; >= 0x80 is flagged anyway).
    let control = word.wrapping_sub(LO * 0x20) & !word & HI;
    has_zero(quote) | has_zero(backslash) | control | (word & HI)
}

#[inline(always)]
fn load_le(input: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(input[at..at + 8].try_into().unwrap())
}

/// The value of the four hex digits at `at`, if they are four hex digits.
#[inline(always)]
fn hex4(input: &[u8], at: usize) -> Option<u32> {
    let digits = input.get(at..at + 4)?;
    let mut value = 0;
    for &d in digits {
        value = value << 4 | (d as char).to_digit(16)?;
    }
    Some(value)
}

impl<'a> Parser<'a> {
    #[cold]
    fn err<T>(&self, reason: &'static str) -> Checked<T> {
        Err(JsonError { position: self.pos, reason: Reason::new(reason) })
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

    /// Opens a container whose `{` or `[` was just consumed.
    #[inline(always)]
    fn push(&mut self, is_object: bool) -> Checked<()> {
        if self.depth == MAX_DEPTH {
            return self.err("JSON nested too deeply");
        }
        let frame = Frame { start: (self.pos - 1) as u32, overflow_from: 0, keys: 0, base: 0, cap_log2: 0, is_object };
        self.frames[self.depth].write(frame);
        self.depth += 1;
        Ok(())
    }

    /// Closes the innermost container, giving its key table back.
    #[inline(always)]
    fn pop(&mut self) {
        let frame = *self.top();
        if frame.cap_log2 != 0 {
            self.keys.top = frame.base as usize;
        }
        self.depth -= 1;
    }

    #[inline(always)]
    fn top(&self) -> &Frame {
        // SAFETY: frames[..depth] are initialized (see `frames`); callers only ask with depth > 0.
        unsafe { self.frames[self.depth - 1].assume_init_ref() }
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
                        self.depth -= 1; // no keys, no table
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
                Some(b'"') => {
                    self.string()?;
                }
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
                let in_object = self.top().is_object;
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
                        self.pop();
                    }
                    (None, _) => return self.err("unexpected end of JSON"),
                    (_, true) => return self.err("expected ',' or '}' in object"),
                    (_, false) => return self.err("expected ',' or ']' in array"),
                }
            }
        }
    }

    /// `"key" :` — checks that the innermost object has no such key yet, and leaves the position at the value.
    #[inline(always)]
    fn member_key(&mut self) -> Checked<()> {
        if self.peek() != Some(b'"') {
            return self.err("expected a string key in object");
        }
        let quote = self.pos;
        let escaped = self.string()?;
        let key = Key { start: quote + 1, end: self.pos - 1, escaped };
        let input = self.input;
        // SAFETY: frames[..depth] are initialized and depth > 0 inside an object.
        let frame = unsafe { self.frames[self.depth - 1].assume_init_mut() };
        if self.keys.is_duplicate(input, frame, self.depth, quote, key) {
            return Err(JsonError {
                position: quote,
                reason: Reason::with_key("duplicate key", &input[key.start..key.end]),
            });
        }
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return self.err("expected ':' after object key");
        }
        self.pos += 1;
        Ok(())
    }

    /// Parses a string at its opening quote; returns whether it contains escapes.
    #[inline(always)]
    fn string(&mut self) -> Checked<bool> {
        self.pos += 1; // opening quote
        let input = self.input;
        let mut escaped = false;
        loop {
            // Fast path: skip eight plain bytes at a time.
            while self.pos + 8 <= input.len() {
                let special = string_specials(load_le(input, self.pos));
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
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => self.unicode_escape()?,
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

    /// `\uXXXX` at the `u`: a high surrogate must be followed by a `\u` low surrogate, a low one must not stand alone.
    fn unicode_escape(&mut self) -> Checked<()> {
        let backslash = self.pos - 1;
        let Some(unit) = hex4(self.input, self.pos + 1) else {
            return self.err("invalid \\u escape in string");
        };
        self.pos += 5;
        match unit {
            0xD800..=0xDBFF => {
                let low = match self.input.get(self.pos..self.pos + 2) {
                    Some(b"\\u") => hex4(self.input, self.pos + 2),
                    _ => None,
                };
                match low {
                    Some(0xDC00..=0xDFFF) => {
                        self.pos += 6;
                        Ok(())
                    }
                    _ => {
                        self.pos = backslash;
                        self.err("lone high surrogate in \\u escape (not followed by a \\u low surrogate)")
                    }
                }
            }
            0xDC00..=0xDFFF => {
                self.pos = backslash;
                self.err("lone low surrogate in \\u escape (not preceded by a \\u high surrogate)")
            }
            _ => Ok(()),
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

// ---- duplicate keys ----

/// Slots of the stack area shared by the key tables of all open objects (8 bytes each, 48 KB): room for the
/// top-level object of a 2,000-column row (4,096 slots) to grow into, with nested objects beside it.
const KEY_SLOTS: usize = 6144;
/// First table size of nested objects (usually small); the top-level object's (a row: often wide) follows the
/// record's length, within these bounds, so that most rows never grow their table and none clears much for nothing.
const NESTED_CAP_LOG2: u8 = 3;
const ROOT_MIN_CAP_LOG2: u8 = 5;
const ROOT_MAX_CAP_LOG2: u8 = 10;

/// A key's body in the input: `input[start..end]`, between its quotes, as written.
#[derive(Clone, Copy)]
struct Key {
    start: usize,
    end: usize,
    escaped: bool,
}

/// Open-addressing (linear probing) hash tables of keys, one per open object that has keys, laid out as a stack in
/// a fixed area (48 KB of the caller's stack, never cleared as a whole: a table's slots are emptied when it is
/// taken): only the innermost open object receives keys, so its table is always the top one and grows in place
/// (×4; its slots are re-inserted from a copy above it, or, when the area has no room for the copy, its keys are
/// read again from the input: O(object bytes) per growth, O(n) overall); closing an object gives its slots back.
/// A slot is `tag << 32 | key start` (0 = empty; the tag, the hash's upper half, also gives the home slot (its top
/// bits), so slots can be re-inserted without the keys); equal tags are confirmed by comparing the keys unescaped. Tables are
/// filled to 3/4 at most. When the area is full, the object's later keys are checked against its table and by
/// re-scanning the keys after `Frame::overflow_from` (see the module comment for the cost).
struct KeyTables {
    /// `slots[..written]` are initialized; every table lies below `written`.
    slots: [MaybeUninit<u64>; KEY_SLOTS],
    /// First slot not used by an open object's table.
    top: usize,
    written: usize,
}

impl KeyTables {
    #[inline(always)]
    fn get(&self, i: usize) -> u64 {
        if i < self.written {
            // SAFETY: slots[..written] are initialized.
            unsafe { self.slots[i].assume_init() }
        } else {
            0
        }
    }

    /// Empties slots `[base, base + len)` (which must lie within the area).
    #[inline(always)]
    fn clear(&mut self, base: usize, len: usize) {
        if len == 1 << NESTED_CAP_LOG2 {
            // The common small table: a few stores, not a call to memset.
            for slot in &mut self.slots[base..base + (1 << NESTED_CAP_LOG2)] {
                slot.write(0);
            }
        } else {
            for slot in &mut self.slots[base..base + len] {
                slot.write(0);
            }
        }
        self.written = self.written.max(base + len);
    }

    /// Whether `key` (at `quote`) repeats a key of the innermost object, recording it if not.
    #[inline(always)]
    fn is_duplicate(&mut self, input: &[u8], frame: &mut Frame, depth: usize, quote: usize, key: Key) -> bool {
        if frame.overflow_from != 0 {
            return self.find(input, frame, key, key_hash(input, key)) || rescan(input, frame, quote, key);
        }
        let hash = key_hash(input, key);
        if frame.cap_log2 == 0 {
            let cap_log2 = if depth == 1 {
                // About one key per 8 bytes at most.
                (usize::BITS - (input.len() / 8).leading_zeros())
                    .clamp(ROOT_MIN_CAP_LOG2 as u32, ROOT_MAX_CAP_LOG2 as u32) as u8
            } else {
                NESTED_CAP_LOG2
            };
            if self.top + (1 << cap_log2) > KEY_SLOTS {
                frame.overflow_from = quote as u32;
                return false; // its first key
            }
            frame.base = self.top as u16;
            frame.cap_log2 = cap_log2;
            self.clear(self.top, 1 << cap_log2);
            self.top += 1 << cap_log2;
        } else if (frame.keys as usize + 1) * 4 > (3 << frame.cap_log2) && !self.grow(input, frame, quote) {
            frame.overflow_from = quote as u32;
            return self.find(input, frame, key, hash);
        }
        self.insert(input, frame, key, hash)
    }

    /// Probes for `key`; true if found.
    fn find(&self, input: &[u8], frame: &Frame, key: Key, hash: u64) -> bool {
        if frame.cap_log2 == 0 {
            return false;
        }
        let mask = (1usize << frame.cap_log2) - 1;
        let tag = (hash >> 32) as u32;
        let mut i = home(tag, frame.cap_log2);
        loop {
            let slot = self.get(frame.base as usize + i);
            if slot == 0 {
                return false;
            }
            if (slot >> 32) as u32 == tag && keys_equal(input, key, key_at(input, slot as u32 as usize)) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Inserts `key` unless it is there already; true if it was (a duplicate).
    #[inline(always)]
    fn insert(&mut self, input: &[u8], frame: &mut Frame, key: Key, hash: u64) -> bool {
        let mask = (1usize << frame.cap_log2) - 1;
        let tag = (hash >> 32) as u32;
        let mut i = home(tag, frame.cap_log2);
        loop {
            let at = frame.base as usize + i;
            let slot = self.get(at);
            if slot == 0 {
                self.slots[at].write((tag as u64) << 32 | key.start as u64);
                frame.keys += 1;
                return false;
            }
            if (slot >> 32) as u32 == tag && keys_equal(input, key, key_at(input, slot as u32 as usize)) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Enlarges the innermost object's table (×4, else ×2, if the area has room). Its slots are re-inserted from a
    /// copy above the new table when there is room for one, else its keys before `quote` are read again from the
    /// input. False when there is no room at all.
    #[cold]
    fn grow(&mut self, input: &[u8], frame: &mut Frame, quote: usize) -> bool {
        let base = frame.base as usize;
        let old_cap = 1usize << frame.cap_log2;
        let larger = [frame.cap_log2 + 2, frame.cap_log2 + 1];
        if let Some(cap_log2) = larger.into_iter().find(|l| base + (1 << l) + old_cap <= KEY_SLOTS) {
            let (cap, copy) = (1usize << cap_log2, base + (1usize << cap_log2));
            self.slots.copy_within(base..base + old_cap, copy);
            self.written = self.written.max(copy + old_cap);
            self.clear(base, cap);
            let mask = cap - 1;
            for from in copy..copy + old_cap {
                let slot = self.get(from);
                if slot != 0 {
                    let mut i = home((slot >> 32) as u32, cap_log2);
                    while self.get(base + i) != 0 {
                        i = (i + 1) & mask;
                    }
                    self.slots[base + i].write(slot);
                }
            }
            frame.cap_log2 = cap_log2;
            self.top = base + cap;
            return true;
        }
        let Some(cap_log2) = larger.into_iter().find(|l| base + (1 << l) <= KEY_SLOTS) else {
            return false;
        };
        self.clear(base, 1 << cap_log2);
        self.top = base + (1 << cap_log2);
        frame.cap_log2 = cap_log2;
        frame.keys = 0;
        let mut at = first_key(input, frame.start as usize);
        while at < quote {
            let (key, next) = member_at(input, at);
            self.insert(input, frame, key, key_hash(input, key));
            at = next;
        }
        true
    }
}

/// The slot a tag starts probing at in a table of `1 << cap_log2` slots: the tag's top bits, the best mixed ones of
/// a multiplicative hash.
#[inline(always)]
fn home(tag: u32, cap_log2: u8) -> usize {
    (tag >> (32 - cap_log2 as u32)) as usize
}

/// Whether `key` (at `quote`) equals one of the keys from `frame.overflow_from` up to `quote`. O(bytes between).
#[cold]
fn rescan(input: &[u8], frame: &Frame, quote: usize, key: Key) -> bool {
    let mut at = frame.overflow_from as usize;
    while at < quote {
        let (earlier, next) = member_at(input, at);
        if keys_equal(input, key, earlier) {
            return true;
        }
        at = next;
    }
    false
}

// Helpers over the part of the input already checked (so they need no error handling; they never index out of
// bounds, they stop at the end of the input).

fn skip_whitespace_at(input: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = input.get(at) {
        at += 1;
    }
    at
}

/// The position of the first key's quote of the object whose `{` is at `open`.
fn first_key(input: &[u8], open: usize) -> usize {
    skip_whitespace_at(input, open + 1)
}

/// The member whose key's quote is at `at`: its key, and where the next member's key quote is (or the `}`).
fn member_at(input: &[u8], at: usize) -> (Key, usize) {
    let key = key_at(input, at + 1);
    let mut p = skip_whitespace_at(input, key.end + 1) + 1; // past ':'
    let mut nesting = 0usize;
    loop {
        match input.get(p) {
            None => return (key, p),
            Some(b'"') => p = key_at(input, p + 1).end + 1,
            Some(b'{' | b'[') => {
                nesting += 1;
                p += 1;
            }
            Some(b'}' | b']') if nesting == 0 => return (key, p),
            Some(b'}' | b']') => {
                nesting -= 1;
                p += 1;
            }
            Some(b',') if nesting == 0 => return (key, skip_whitespace_at(input, p + 1)),
            Some(_) => p += 1,
        }
    }
}

/// The string whose body starts at `start` (after its opening quote).
fn key_at(input: &[u8], start: usize) -> Key {
    let mut p = start;
    let mut escaped = false;
    loop {
        while p + 8 <= input.len() {
            let word = load_le(input, p);
            let special = has_zero(word ^ (LO * b'"' as u64)) | has_zero(word ^ (LO * b'\\' as u64));
            if special == 0 {
                p += 8;
            } else {
                p += (special.trailing_zeros() / 8) as usize;
                break;
            }
        }
        match input.get(p) {
            None | Some(b'"') => return Key { start, end: p.min(input.len()), escaped },
            Some(b'\\') => {
                escaped = true;
                p += 2;
            }
            Some(_) => p += 1,
        }
    }
}

fn keys_equal(input: &[u8], a: Key, b: Key) -> bool {
    if !a.escaped && !b.escaped {
        input[a.start..a.end] == input[b.start..b.end]
    } else {
        Unescaped::new(input, a).eq(Unescaped::new(input, b))
    }
}

const SEED: u64 = 0x243F_6A88_85A3_08D3;
const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline(always)]
fn hash_round(h: u64, word: u64) -> u64 {
    (h ^ word).wrapping_mul(MUL).rotate_left(27)
}

/// The last word: one multiply, whose upper half (the tag, which also picks the slot) depends on every bit before.
#[inline(always)]
fn hash_last(h: u64, word: u64) -> u64 {
    (h ^ word).wrapping_mul(0xFF51_AFD7_ED55_8CCD)
}

/// A hash of the key's unescaped bytes: its length, then its 8-byte words at offsets 0, 8, ... that end before
/// its last byte, then its last 8 bytes (all its bytes, zero-padded, when shorter).
#[inline(always)]
fn key_hash(input: &[u8], key: Key) -> u64 {
    if key.escaped {
        return escaped_key_hash(input, key);
    }
    let len = key.end - key.start;
    let mut h = SEED ^ (len as u64).wrapping_mul(MUL);
    if len >= 8 {
        let mut p = key.start;
        while p + 8 < key.end {
            h = hash_round(h, load_le(input, p));
            p += 8;
        }
        hash_last(h, load_le(input, key.end - 8))
    } else if key.start + 8 <= input.len() {
        hash_last(h, load_le(input, key.start) & ((1u64 << (8 * len)) - 1))
    } else {
        let mut word = 0;
        for (i, &b) in input[key.start..key.end].iter().enumerate() {
            word |= (b as u64) << (8 * i);
        }
        hash_last(h, word)
    }
}

/// [`key_hash`] of an escaped key, over its unescaped bytes (two passes: length, then words).
#[cold]
fn escaped_key_hash(input: &[u8], key: Key) -> u64 {
    let len = Unescaped::new(input, key).count();
    let mut h = SEED ^ (len as u64).wrapping_mul(MUL);
    let (mut word, mut last) = (0u64, 0u64);
    for (i, b) in Unescaped::new(input, key).enumerate() {
        word |= (b as u64) << (8 * (i % 8));
        last = (last >> 8) | ((b as u64) << 56);
        if i % 8 == 7 && i + 1 < len {
            h = hash_round(h, word);
            word = 0;
        }
    }
    hash_last(h, if len >= 8 { last } else { word })
}

/// The UTF-8 bytes a checked JSON string body stands for, escapes resolved.
struct Unescaped<'a> {
    input: &'a [u8],
    pos: usize,
    end: usize,
    pending: [u8; 4],
    pending_at: u8,
    pending_len: u8,
}

impl<'a> Unescaped<'a> {
    fn new(input: &'a [u8], key: Key) -> Self {
        Unescaped { input, pos: key.start, end: key.end, pending: [0; 4], pending_at: 0, pending_len: 0 }
    }

    fn byte(&self, at: usize) -> u8 {
        self.input.get(at).copied().unwrap_or(0)
    }
}

impl Iterator for Unescaped<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.pending_at < self.pending_len {
            self.pending_at += 1;
            return Some(self.pending[self.pending_at as usize - 1]);
        }
        if self.pos >= self.end {
            return None;
        }
        let b = self.byte(self.pos);
        if b != b'\\' {
            self.pos += 1;
            return Some(b);
        }
        let escape = self.byte(self.pos + 1);
        self.pos += 2;
        let simple = match escape {
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => 0,
            other => other, // '"', '\\', '/'
        };
        if escape != b'u' {
            return Some(simple);
        }
        let mut unit = hex4(self.input, self.pos).unwrap_or(0xFFFD);
        self.pos += 4;
        if (0xD800..0xDC00).contains(&unit) {
            // Checked: a \u low surrogate follows.
            let low = hex4(self.input, self.pos + 2).unwrap_or(0xDC00);
            self.pos += 6;
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
        }
        let ch = char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER);
        self.pending_len = ch.encode_utf8(&mut self.pending).len() as u8;
        self.pending_at = 1;
        Some(self.pending[0])
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

    // ---- duplicate keys ----

    fn error_of(s: &str) -> JsonError {
        validate_json_object(s.as_bytes()).expect_err(s)
    }

    fn duplicate_at(s: &str, position: usize, message: &str) {
        let err = error_of(s);
        assert_eq!((err.position, err.reason.to_string().as_str()), (position, message), "{s}");
        assert_eq!(err.reason.text(), "duplicate key");
    }

    #[test]
    fn duplicate_keys_are_rejected_with_position_and_key() {
        duplicate_at(r#"{"id":1,"id":2}"#, 8, r#"duplicate key "id""#);
        duplicate_at(r#"{"id":1, "name":"x", "id":1}"#, 21, r#"duplicate key "id""#);
        duplicate_at(r#"{"":1,"":2}"#, 6, r#"duplicate key """#);
        duplicate_at(r#"{"a":{"b":1},"a":2}"#, 13, r#"duplicate key "a""#);
        duplicate_at(r#"{"a":[1,{"x":[]}],"b":true,"a":null}"#, 27, r#"duplicate key "a""#);
    }

    #[test]
    fn keys_are_compared_unescaped() {
        duplicate_at(r#"{"a":1,"\u0061":2}"#, 7, r#"duplicate key "\u0061""#);
        duplicate_at(r#"{"\u0061":1,"a":2}"#, 12, r#"duplicate key "a""#);
        duplicate_at("{\"\u{e9}\":1,\"\\u00e9\":2}", 8, r#"duplicate key "\u00e9""#);
        duplicate_at("{\"\\u00E9\":1,\"\u{e9}\":2}", 12, "duplicate key \"\u{e9}\"");
        duplicate_at("{\"\u{1F600}\":1,\"\\ud83d\\ude00\":2}", 10, r#"duplicate key "\ud83d\ude00""#);
        duplicate_at(r#"{"a/b":1,"a\/b":2}"#, 9, r#"duplicate key "a\/b""#);
        duplicate_at(r#"{"\n":1,"\u000a":2}"#, 8, r#"duplicate key "\u000a""#);
        duplicate_at(r#"{"\"q\"":1,"\u0022q\u0022":2}"#, 11, r#"duplicate key "\u0022q\u0022""#);
        duplicate_at(r#"{"ab":1,"\u0061b":2}"#, 8, r#"duplicate key "\u0061b""#);
        duplicate_at(r#"{"a\\b":1,"a\u005cb":2}"#, 10, r#"duplicate key "a\u005cb""#);
        // Longer than one hash word, escapes on both sides.
        duplicate_at(
            r#"{"temperature_\u00b0C_sensor":1,"temperature_°C_sensor":2}"#,
            32,
            r#"duplicate key "temperature_°C_sensor""#,
        );
    }

    #[test]
    fn different_keys_are_not_duplicates() {
        ok(r#"{"a":1,"A":2,"ab":3,"b":4,"a ":5," a":6}"#);
        ok("{\"\\u00e9\":1,\"e\\u0301\":2,\"\u{c9}\":3}");
        ok(r#"{"\u0061":1,"\u0062":2,"\\u0061":3}"#);
        ok(r#"{"x":{"x":{"x":1}},"y":{"x":2}}"#);
        ok(r#"{"id":1,"child":{"id":2,"child":{"id":3}}}"#);
        ok(r#"{"a":{"b":1},"b":2}"#);
        // Same first and last eight bytes, different middles.
        let keys: Vec<String> = (0..300).map(|i| format!("\"sensor_{i:03}_temperature\":{i}")).collect();
        ok(&format!("{{{}}}", keys.join(",")));
        let mut dup = keys.clone();
        dup.push("\"sensor_123_temperature\":0".to_string());
        let text = format!("{{{}}}", dup.join(","));
        let err = error_of(&text);
        assert_eq!(err.reason.to_string(), r#"duplicate key "sensor_123_temperature""#);
        assert_eq!(err.position, text.rfind("\"sensor_123").unwrap());
    }

    #[test]
    fn arrays_of_objects_with_the_same_keys() {
        let rows: Vec<String> =
            (0..2000).map(|i| format!(r#"{{"id":{i},"device":"d{i}","values":[{{"k":1,"v":2}}]}}"#)).collect();
        ok(&format!(r#"{{"rows":[{}],"id":0}}"#, rows.join(",")));
        let mut bad_rows = rows.clone();
        bad_rows[1500] = r#"{"id":1500,"device":"d","id":"dup"}"#.to_string();
        let text = format!(r#"{{"rows":[{}]}}"#, bad_rows.join(","));
        let err = error_of(&text);
        assert_eq!(err.reason.to_string(), r#"duplicate key "id""#);
        assert_eq!(err.position, text.find(r#""id":"dup""#).unwrap());
    }

    #[test]
    fn duplicates_at_every_depth() {
        for depth in [1, 2, 3, 10, 100, MAX_DEPTH - 1] {
            let open = "{\"n\":".repeat(depth - 1);
            let close = "}".repeat(depth - 1);
            ok(&format!("{open}{{\"x\":1,\"y\":2}}{close}"));
            let text = format!("{open}{{\"x\":1,\"y\":2,\"x\":3}}{close}");
            assert_eq!(error_of(&text).position, 5 * (depth - 1) + 13, "depth {depth}");
            // A key of an outer object repeated after a nested object closed.
            let text = format!("{open}{{\"x\":{{\"x\":1}},\"x\":3}}{close}");
            assert_eq!(error_of(&text).reason.text(), "duplicate key", "depth {depth}");
        }
    }

    #[test]
    fn deep_objects_beyond_the_stack_area_are_still_checked() {
        // Every level has seven keys before the nested object and one after it: the area runs out well before the
        // deepest levels, which then fall back to re-scanning.
        let levels = MAX_DEPTH - 1;
        let mut open = String::new();
        let mut close = String::new();
        for level in 0..levels {
            open.push_str(&format!(r#"{{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":{level},"n":"#));
            close.insert_str(0, r#","z":0}"#);
        }
        ok(&format!("{open}{{\"x\":1,\"y\":2}}{close}"));
        let text = format!("{open}{{\"x\":1,\"y\":2,\"x\":3}}{close}");
        assert_eq!(error_of(&text).position, text.rfind("\"x\"").unwrap());
        let text = format!("{open}{{\"x\":1,\"y\":2,\"y\":3}}{}{close}", ",\"b\":9");
        let err = error_of(&text);
        assert_eq!(err.position, text.rfind("\"y\"").unwrap());
        // A repeated key after the nested object, at a deep level (innermost outer object).
        let text = format!("{open}{{}},\"g\":\"dup\"{close}");
        assert_eq!(error_of(&text).position, text.find(r#""g":"dup""#).unwrap());
    }

    fn many_keys(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("\"k{i}\":{i}")).collect()
    }

    #[test]
    fn many_keys_beyond_the_stack_area() {
        let count = 5000; // the top-level table fills (3,072 keys in 4,096 slots), then overflows
        let keys = many_keys(count);
        ok(&format!("{{{}}}", keys.join(",")));
        for (late, early) in [(count - 1, 0), (count - 1, 100), (count - 1, count - 2), (3500, 3400), (200, 100)] {
            let mut dup = keys.clone();
            dup[late] = format!("\"k{early}\":0");
            let text = format!("{{{}}}", dup.join(","));
            let err = error_of(&text);
            assert_eq!(err.reason.to_string(), format!("duplicate key \"k{early}\""), "{late} repeats {early}");
            assert_eq!(err.position, text.find(&format!(",\"k{early}\":0")).unwrap() + 1);
        }
        // Escaped keys on the re-scan path.
        let mut dup = keys.clone();
        dup[count - 1] = r#""k\u0034444":0"#.to_string(); // k4444
        dup[count - 2] = "\"k4444\":1".to_string();
        dup[4444] = "\"other\":2".to_string();
        let err = error_of(&format!("{{{}}}", dup.join(",")));
        assert_eq!(err.reason.to_string(), r#"duplicate key "k\u0034444""#);
    }

    #[test]
    fn a_nested_object_with_thousands_of_keys() {
        // Beside the top-level table there is room for this object's table to reach 4,096 slots, but not for a
        // copy of its 2,048 slots: that growth reads its keys again from the input.
        let keys = many_keys(2500);
        ok(&format!(r#"{{"row":{{{}}},"k0":1}}"#, keys.join(",")));
        for early in [0, 1000, 1535, 1536, 2000] {
            let text = format!(r#"{{"row":{{{},"k{early}":0}}}}"#, keys.join(","));
            let err = error_of(&text);
            assert_eq!(err.reason.to_string(), format!("duplicate key \"k{early}\""));
            assert_eq!(err.position, text.rfind(&format!("\"k{early}\"")).unwrap());
        }
    }

    #[test]
    fn nested_tables_grow() {
        for count in [6, 7, 8, 24, 25, 100, 500] {
            let keys = many_keys(count);
            let nested = format!(r#"{{"a":[{{"b":{{{}}}}}],"c":1}}"#, keys.join(","));
            ok(&nested);
            let mut dup = keys.clone();
            dup.push("\"k0\":1".to_string());
            let text = format!(r#"{{"a":[{{"b":{{{}}}}}],"c":1}}"#, dup.join(","));
            assert_eq!(error_of(&text).position, text.rfind("\"k0\"").unwrap(), "{count}");
        }
    }

    #[test]
    fn long_keys_are_truncated_in_the_message() {
        let long = "k".repeat(10_000);
        let err = error_of(&format!("{{\"{long}\":1,\"{long}\":2}}"));
        let message = err.reason.to_string();
        assert!(message.len() < 70, "{message}");
        assert_eq!(message, format!("duplicate key \"{}...\"", "k".repeat(QUOTED_KEY_CAP)));
        // Never cut inside a character or an escape.
        let wide = format!("{}{}", "x".repeat(QUOTED_KEY_CAP - 1), "\u{e9}".repeat(10));
        let message = error_of(&format!("{{\"{wide}\":1,\"{wide}\":2}}")).reason.to_string();
        assert_eq!(message, format!("duplicate key \"{}...\"", "x".repeat(QUOTED_KEY_CAP - 1)));
        let escaped = format!("{}{}", "x".repeat(QUOTED_KEY_CAP - 3), "\\u00e9".repeat(3));
        let message = error_of(&format!("{{\"{escaped}\":1,\"{escaped}\":2}}")).reason.to_string();
        assert_eq!(message, format!("duplicate key \"{}...\"", "x".repeat(QUOTED_KEY_CAP - 3)));
    }

    /// Random objects with keys drawn from a pool of spellings of few distinct keys, against a reference that
    /// decodes every key with serde_json.
    #[test]
    fn random_objects_agree_with_a_reference() {
        use rand::{Rng, SeedableRng};
        let pool = [
            "a",
            "\\u0061",
            "b",
            "ab",
            "a\\u0062",
            "\\u0061\\u0062",
            "\u{e9}",
            "\\u00e9",
            "\\u00E9",
            "e\\u0301",
            "\u{1F600}",
            "\\ud83d\\ude00",
            "\\uD83D\\uDE00",
            "long_key_with_a_common_prefix_1",
            "long_key_with_a_common_prefix_2",
            "long_key_with_a_common_\\u0070refix_1",
            "\\n",
            "\\u000a",
            "\\\\",
            "\\/",
            "/",
            "",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        fn object(rng: &mut rand::rngs::StdRng, pool: &[&str], depth: usize, dup: &mut bool) -> String {
            let mut seen = std::collections::HashSet::new();
            let mut members = Vec::new();
            for _ in 0..rng.gen_range(0..12) {
                let raw = pool[rng.gen_range(0..pool.len())];
                let decoded: String = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
                *dup |= !seen.insert(decoded);
                let value = if depth < 4 && rng.gen_bool(0.3) {
                    object(rng, pool, depth + 1, dup)
                } else if depth < 4 && rng.gen_bool(0.2) {
                    format!("[{}]", object(rng, pool, depth + 1, dup))
                } else {
                    "1".to_string()
                };
                members.push(format!("\"{raw}\":{value}"));
            }
            format!("{{{}}}", members.join(","))
        }
        let (mut with_dup, mut without) = (0, 0);
        for _ in 0..3000 {
            let mut dup = false;
            let text = object(&mut rng, &pool, 0, &mut dup);
            let result = validate_json_object(text.as_bytes());
            if dup {
                with_dup += 1;
                assert_eq!(result.map_err(|e| e.reason.text()), Err("duplicate key"), "{text}");
            } else {
                without += 1;
                assert_eq!(result, Ok(()), "{text}");
            }
        }
        assert!(with_dup > 300 && without > 300, "{with_dup} {without}");
    }

    // ---- surrogates ----

    #[test]
    fn lone_surrogates_are_rejected_where_they_are() {
        for (s, position, what) in [
            (r#"{"a":"\ud800"}"#, 6, "high"),
            (r#"{"a":"\uDBFFx"}"#, 6, "high"),
            (r#"{"a":"x\ud800\u0041"}"#, 7, "high"),
            (r#"{"a":"\ud800\ud800"}"#, 6, "high"),
            (r#"{"a":"\ud800\n"}"#, 6, "high"),
            (r#"{"a":"\ud800"#, 6, "high"),
            (r#"{"a":"\udc00"}"#, 6, "low"),
            (r#"{"a":"\uDFFF"}"#, 6, "low"),
            (r#"{"a":"\ude00\ud83d"}"#, 6, "low"),
            (r#"{"a":"ok","b":["\ud83d\ude00","\ude00"]}"#, 31, "low"),
            (r#"{"\ud800":1}"#, 2, "high"),
        ] {
            let err = error_of(s);
            assert_eq!(err.position, position, "{s}");
            let reason = err.reason.to_string();
            assert!(reason.starts_with(&format!("lone {what} surrogate")), "{s}: {reason}");
        }
    }

    #[test]
    fn surrogate_pairs_and_other_escapes_pass() {
        ok(r#"{"a":"\ud83d\ude00","b":"\uD83D\uDE00","c":"\ud7ff\ue000\uffff\u0000"}"#);
        ok(r#"{"\ud83d\ude00":"\udbff\udfff"}"#);
    }
}
