//! The bookkeeping of one stream's requests, free of I/O so it can be tested alone: unacked requests in logical
//! order, the wire numbering of the current call (from 0 per call), the encoded-but-unsent bytes, cumulative acks,
//! and the send window. Invariant: `pending` holds every request not yet acked, with contiguous logical offsets (a
//! request covers `payload.units()` of them, see `payload`), and the request at `pending[i]` has wire offset
//! `wire_front + i` on the current call.
//!
//! Two bounds apply. What is *held* (records and bytes of every unacked request, queued or on the wire) is the
//! admission limit: ingest blocks when it is reached. What is *on the wire* (requests handed to the transport and not
//! acked) is bounded by `max_wire_requests` and the send window; requests beyond it wait in `pending`, unencoded, and
//! single records among them are merged into one request each time the wire has room again (Nagle-like: records
//! coalesce exactly when they would have waited anyway, so coalescing costs no latency).
//!
//! The send window bounds how many requests (counted from the oldest unacked one) may be on the wire of the current
//! call. It is what keeps recovery from spiralling: when a call fails, everything it had not seen acked must go out
//! again, and ingest kept queueing meanwhile. Re-sending that whole backlog in one burst means a single drop before
//! the first ack wastes the entire attempt, and the backlog only grows with every backoff. So after a failure the
//! window shrinks: to half of what the failed call had in flight when that call did see acks, and straight to
//! `MIN_WINDOW` when it saw none (what it risked was too much to earn even one ack). Each ack that makes progress
//! doubles it again, like TCP's slow start after a loss: every attempt first earns an ack on a small part of the
//! backlog before it risks more. Once the window reaches `OPEN_WINDOW` it stops counting. A first call and a
//! reconnect after a close signal (nothing was lost) keep the window they have; a fresh stream starts open.

use super::payload::MergeLimits;
pub use super::payload::Payload;
use crate::error::{Error, Result};
use crate::wire::RecordKind;
use bytes::{Bytes, BytesMut};
use std::collections::VecDeque;

/// Minimum allocation of the outgoing buffer, so producers append without reallocating per record.
const OUTBOX_CHUNK: usize = 64 * 1024;
/// The smallest send window after a failure, in requests.
pub const MIN_WINDOW: usize = 64;
/// A window this large no longer limits anything (the in-flight limits do).
const OPEN_WINDOW: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The logical offset of its first record (of the batch, for a user batch).
    pub logical: i64,
    pub payload: Payload,
    pub bytes: usize,
}

impl Request {
    /// The logical offset the request's ack covers up to.
    pub fn last_logical(&self) -> i64 {
        self.logical + self.payload.units() as i64 - 1
    }
}

/// What an ack did.
#[derive(Debug, PartialEq, Eq)]
pub struct AckOutcome {
    /// Requests newly acked (0 for a stale or repeated ack).
    pub acked: usize,
    pub records: usize,
}

/// The per-stream bounds of the ledger (see the module comment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerLimits {
    pub max_wire_requests: usize,
    pub merge: MergeLimits,
}

pub struct Ledger {
    kind: RecordKind,
    limits: LedgerLimits,
    pending: VecDeque<Request>,
    pending_bytes: usize,
    pending_records: usize,
    next_logical: i64,
    acked: i64,
    /// Logical offset of wire offset 0 on the current call (for messages that name a request).
    wire_base: i64,
    /// Wire offset of `pending[0]` on the current call.
    wire_front: i64,
    /// `pending[..encoded]` are in the outbox or already handed to the transport on the current call.
    encoded: usize,
    /// `pending[..handed]` were handed to the transport on the current call.
    handed: usize,
    outbox: BytesMut,
    /// The current call takes new requests (open and not paused).
    live: bool,
    /// Requests from the front of `pending` that may be encoded on the current call; `usize::MAX` when open.
    window: usize,
    /// Highest logical offset ever handed to a transport: requests at or below it are re-sends.
    sent_up_to: i64,
    /// Unencoded requests were queued since the last merge pass.
    unmerged: bool,
}

/// What `take_outbox` hands to the transport.
pub struct Outgoing {
    pub bytes: Bytes,
    pub requests: usize,
    /// How many of `requests` were sent on an earlier call already.
    pub resent: usize,
}

impl Ledger {
    pub fn new(kind: RecordKind, limits: LedgerLimits) -> Self {
        Ledger {
            kind,
            limits,
            pending: VecDeque::new(),
            pending_bytes: 0,
            pending_records: 0,
            next_logical: 0,
            acked: -1,
            wire_base: 0,
            wire_front: 0,
            encoded: 0,
            handed: 0,
            outbox: BytesMut::new(),
            live: false,
            window: usize::MAX,
            sent_up_to: -1,
            unmerged: false,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// Whether `records` records of `bytes` fit the held limits now. A request larger than the budget is still admitted
    /// when nothing else is pending, so that it cannot block forever.
    pub fn has_room(&self, records: usize, bytes: usize, max_records: usize, max_bytes: usize) -> bool {
        if self.pending.is_empty() {
            return true;
        }
        self.pending_records + records <= max_records && self.pending_bytes + bytes <= max_bytes
    }

    /// How many requests may be encoded on the current call.
    fn wire_limit(&self) -> usize {
        self.window.min(self.limits.max_wire_requests)
    }

    /// Queues a request and returns the logical offset of its first record; encodes it at once when the call is live
    /// and the wire has room.
    pub fn push(&mut self, payload: Payload) -> i64 {
        let logical = self.next_logical;
        self.next_logical += payload.units() as i64;
        let bytes = payload.byte_len();
        self.pending_records += payload.record_count();
        let request = Request { logical, payload, bytes };
        if self.live && self.encoded == self.pending.len() && self.encoded < self.wire_limit() {
            self.encode(&request, self.wire_front + self.encoded as i64);
            self.encoded += 1;
        } else {
            self.unmerged = true;
        }
        self.pending_bytes += bytes;
        self.pending.push_back(request);
        logical
    }

    fn encode(&mut self, request: &Request, wire: i64) {
        if self.outbox.capacity() - self.outbox.len() < request.bytes + 64 {
            self.outbox.reserve(OUTBOX_CHUNK.max(request.bytes + 64));
        }
        request.payload.encode(&mut self.outbox, self.kind, wire);
    }

    /// A new call is open: pending requests are renumbered from wire offset 0 and encoded again, in order, as far as
    /// the send window allows.
    pub fn begin_call(&mut self) {
        self.wire_base = self.pending.front().map_or(self.next_logical, |r| r.logical);
        self.wire_front = 0;
        self.outbox = BytesMut::new();
        self.handed = 0;
        self.encoded = 0;
        self.live = true;
        self.unmerged = true;
        self.fill_window();
    }

    /// Merges runs of single records among the unencoded requests into requests of at most the merge limits. Batches
    /// stay as they are; only requests not on the wire of this call are touched.
    fn merge_unencoded(&mut self) {
        if !self.unmerged {
            return;
        }
        self.unmerged = false;
        let tail = self.pending.split_off(self.encoded);
        for request in tail {
            let Request { logical, payload, bytes } = request;
            let last = if self.pending.len() > self.encoded { self.pending.back_mut() } else { None };
            match last {
                Some(last) => match last.payload.try_absorb(last.bytes, payload, bytes, self.limits.merge) {
                    None => last.bytes += bytes,
                    Some(payload) => self.pending.push_back(Request { logical, payload, bytes }),
                },
                None => self.pending.push_back(Request { logical, payload, bytes }),
            }
        }
    }

    /// Encodes pending requests not yet encoded on this call, up to the window, merging queued single records first.
    fn fill_window(&mut self) {
        if self.encoded >= self.pending.len().min(self.wire_limit()) {
            return;
        }
        self.merge_unencoded();
        let limit = self.pending.len().min(self.wire_limit());
        let pending = std::mem::take(&mut self.pending);
        for (index, request) in pending.range(self.encoded..limit).enumerate() {
            self.encode(request, self.wire_front + (self.encoded + index) as i64);
        }
        self.encoded = limit;
        self.pending = pending;
    }

    /// The call is paused by a close signal: nothing more is handed over; what was encoded but not handed will be
    /// sent on the next call. Acks for handed requests are still taken.
    pub fn pause(&mut self) {
        self.live = false;
        self.outbox = BytesMut::new();
        self.encoded = self.handed;
        self.unmerged = true;
    }

    /// The call failed: the next one starts with half of what this one had in flight, or with the minimum when it
    /// made no progress (see the module comment). Returns whether the window is smaller than what this call could
    /// risk, i.e. whether a retry risks less than the attempt that failed.
    pub fn shrink_window(&mut self, progressed: bool) -> bool {
        let exposed = self.handed.min(self.window);
        self.window = if progressed { (exposed / 2).max(MIN_WINDOW) } else { MIN_WINDOW };
        exposed > self.window
    }

    /// The send window in requests; `usize::MAX` when it does not limit.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The call is gone: nothing is on the wire any more.
    pub fn end_call(&mut self) {
        self.live = false;
        self.outbox = BytesMut::new();
        self.encoded = 0;
        self.handed = 0;
    }

    pub fn is_live(&self) -> bool {
        self.live
    }

    /// Takes every encoded request for the transport.
    pub fn take_outbox(&mut self) -> Option<Outgoing> {
        if !self.live || self.outbox.is_empty() {
            return None;
        }
        let requests = self.encoded - self.handed;
        let last = self.pending[self.encoded - 1].last_logical();
        // Re-sends come first (they are the oldest), so counting stops at the first new request.
        let resent = self.pending.range(self.handed..self.encoded).take_while(|r| r.logical <= self.sent_up_to).count();
        self.sent_up_to = self.sent_up_to.max(last);
        self.handed = self.encoded;
        Some(Outgoing { bytes: self.outbox.split().freeze(), requests, resent })
    }

    /// Applies a cumulative ack for `wire_offset` of the current call; freed requests are appended to `freed` so the
    /// caller can drop them outside its lock.
    pub fn ack(&mut self, wire_offset: i64, freed: &mut Vec<Request>) -> Result<AckOutcome> {
        if wire_offset < 0 {
            return Err(Error::protocol(format!("server acked negative offset {wire_offset}")));
        }
        if wire_offset < self.wire_front {
            return Ok(AckOutcome { acked: 0, records: 0 });
        }
        let count = (wire_offset - self.wire_front + 1) as usize;
        if count > self.handed {
            return Err(Error::protocol(format!(
                "server acked offset {wire_offset}, beyond the last offset sent on this call ({})",
                self.wire_front + self.handed as i64 - 1
            )));
        }
        let mut records = 0;
        for request in self.pending.drain(..count) {
            self.pending_bytes -= request.bytes;
            records += request.payload.record_count();
            self.acked = request.last_logical();
            freed.push(request);
        }
        self.pending_records -= records;
        self.wire_front += count as i64;
        self.handed -= count;
        self.encoded -= count;
        if self.window != usize::MAX {
            self.window = self.window.saturating_mul(2);
            if self.window >= OPEN_WINDOW {
                self.window = usize::MAX;
            }
        }
        if self.live {
            self.fill_window();
        }
        Ok(AckOutcome { acked: count, records })
    }

    /// Encoded bytes waiting for the sender.
    pub fn outbox_len(&self) -> usize {
        self.outbox.len()
    }

    /// Requests handed to the transport and not acked.
    pub fn in_flight(&self) -> usize {
        self.handed
    }

    /// The logical offset of wire offset 0 on the current call (for messages that name a request).
    pub fn wire_base(&self) -> i64 {
        self.wire_base
    }

    pub fn pending_len(&self) -> usize {
        self.pending.len()
    }

    pub fn pending_bytes(&self) -> usize {
        self.pending_bytes
    }

    pub fn pending_records(&self) -> usize {
        self.pending_records
    }

    pub fn pending(&self) -> impl Iterator<Item = &Request> {
        self.pending.iter()
    }

    pub fn last_acked(&self) -> i64 {
        self.acked
    }

    pub fn last_assigned(&self) -> i64 {
        self.next_logical - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::framing::FrameDecoder;
    use crate::wire::messages::*;
    use prost::Message;

    /// (wire offset, records) of every request in `bytes`.
    fn decode(bytes: &[u8]) -> Vec<(i64, Vec<String>)> {
        let mut decoder = FrameDecoder::new();
        decoder.push(bytes);
        let mut out = Vec::new();
        while let Some(message) = decoder.next_message().unwrap() {
            match EphemeralStreamRequest::decode(message).unwrap().payload.unwrap() {
                ephemeral_stream_request::Payload::IngestRecord(r) => match r.record.unwrap() {
                    ingest_record_request::Record::JsonRecord(json) => out.push((r.offset_id.unwrap(), vec![json])),
                    other => panic!("{other:?}"),
                },
                ephemeral_stream_request::Payload::IngestRecordBatch(b) => match b.batch.unwrap() {
                    ingest_record_batch_request::Batch::JsonBatch(batch) => {
                        out.push((b.offset_id.unwrap(), batch.records))
                    }
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            }
        }
        out
    }

    fn single(s: &str) -> Payload {
        Payload::Single(s.as_bytes().to_vec())
    }

    fn batch(items: &[&str]) -> Payload {
        Payload::Batch(items.iter().map(|s| s.as_bytes().to_vec()).collect())
    }

    const LIMITS: LedgerLimits =
        LedgerLimits { max_wire_requests: usize::MAX, merge: MergeLimits { max_records: 1000, max_bytes: 1 << 20 } };

    fn ledger() -> Ledger {
        Ledger::new(RecordKind::Json, LIMITS)
    }

    fn ack(ledger: &mut Ledger, wire: i64) -> Result<AckOutcome> {
        ledger.ack(wire, &mut Vec::new())
    }

    #[test]
    fn offsets_start_at_zero_and_encode_when_live() {
        let mut ledger = ledger();
        assert_eq!(ledger.push(single("{\"a\":0}")), 0, "queued before the call opens");
        ledger.begin_call();
        assert_eq!(ledger.push(batch(&["{\"b\":1}", "{\"b\":2}"])), 1);
        assert_eq!(ledger.push(single("{\"c\":3}")), 2);
        let out = ledger.take_outbox().unwrap();
        let (bytes, count) = (out.bytes, out.requests);
        assert_eq!(count, 3);
        assert_eq!(out.resent, 0);
        assert_eq!(
            decode(&bytes),
            vec![
                (0, vec!["{\"a\":0}".to_string()]),
                (1, vec!["{\"b\":1}".to_string(), "{\"b\":2}".to_string()]),
                (2, vec!["{\"c\":3}".to_string()]),
            ]
        );
        assert!(ledger.take_outbox().is_none());
        assert_eq!(ledger.in_flight(), 3);
    }

    #[test]
    fn cumulative_acks_stale_acks_and_bounds() {
        let mut ledger = ledger();
        ledger.begin_call();
        for i in 0..5 {
            ledger.push(single(&format!("{{\"i\":{i}}}")));
        }
        assert!(ack(&mut ledger, 0).is_err(), "nothing handed yet");
        ledger.take_outbox().unwrap();
        let mut freed = Vec::new();
        assert_eq!(ledger.ack(2, &mut freed).unwrap(), AckOutcome { acked: 3, records: 3 });
        assert_eq!(freed.iter().map(|r| r.logical).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(ledger.last_acked(), 2);
        assert_eq!(ack(&mut ledger, 1).unwrap().acked, 0, "stale");
        assert_eq!(ack(&mut ledger, 2).unwrap().acked, 0, "repeated");
        assert!(ack(&mut ledger, 5).is_err(), "beyond what was sent");
        assert!(ack(&mut ledger, -1).is_err());
        assert_eq!(ack(&mut ledger, 4).unwrap().acked, 2);
        assert_eq!(ledger.pending_len(), 0);
        assert_eq!(ledger.pending_bytes(), 0);
        assert_eq!(ledger.in_flight(), 0);
    }

    #[test]
    fn recovery_resends_unacked_in_order_renumbered_with_same_batches() {
        let mut ledger = ledger();
        ledger.begin_call();
        ledger.push(single("{\"r\":0}"));
        ledger.push(batch(&["{\"r\":1}", "{\"r\":2}"]));
        ledger.push(single("{\"r\":3}"));
        ledger.take_outbox().unwrap();
        ledger.push(single("{\"r\":4}")); // encoded, not handed
        ack(&mut ledger, 0).unwrap();
        ledger.end_call();
        ledger.push(single("{\"r\":5}")); // queued while reconnecting
        ledger.begin_call();
        let out = ledger.take_outbox().unwrap();
        let (bytes, count) = (out.bytes, out.requests);
        assert_eq!(count, 2, "the batch stays whole; the single records after it are coalesced into one request");
        assert_eq!(out.resent, 2, "both start with records handed before");
        let resent = decode(&bytes);
        assert_eq!(resent.iter().map(|(w, _)| *w).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(resent[0].1, vec!["{\"r\":1}".to_string(), "{\"r\":2}".to_string()]);
        assert_eq!(resent[1].1, ["{\"r\":3}", "{\"r\":4}", "{\"r\":5}"].map(String::from).to_vec());
        // Logical offsets never reset, and each coalesced record keeps its own: wire 1 of this call acks up to 4.
        let mut freed = Vec::new();
        ledger.ack(1, &mut freed).unwrap();
        assert_eq!(freed.iter().map(|r| r.logical).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(ledger.last_acked(), 4);
        assert_eq!(ledger.pending_records(), 0);
        assert_eq!(ledger.push(single("{}")), 5);
    }

    #[test]
    fn singles_queued_behind_a_full_wire_coalesce_and_are_acked_together() {
        let limits = LedgerLimits { max_wire_requests: 2, merge: MergeLimits { max_records: 3, max_bytes: 1 << 20 } };
        let mut ledger = Ledger::new(RecordKind::Json, limits);
        ledger.begin_call();
        for i in 0..9 {
            assert_eq!(ledger.push(single(&format!("{{\"q\":{i}}}"))), i);
        }
        ledger.push(batch(&["{\"b\":0}", "{\"b\":1}"]));
        ledger.push(single("{\"q\":10}"));
        let first = decode(&ledger.take_outbox().unwrap().bytes);
        assert_eq!(first.len(), 2, "two requests on the wire at most");
        assert_eq!(ledger.pending_records(), 12);
        assert_eq!(ledger.pending_len(), 11);
        assert_eq!(ack(&mut ledger, 1).unwrap(), AckOutcome { acked: 2, records: 2 });
        let next = decode(&ledger.take_outbox().unwrap().bytes);
        assert_eq!(next[0], (2, ["{\"q\":2}", "{\"q\":3}", "{\"q\":4}"].map(String::from).to_vec()));
        assert_eq!(next[1].1.len(), 3, "at most three records per coalesced request");
        assert_eq!(ledger.pending_len(), 5, "merged: [2-4] [5-7] [8] [batch] [10]");
        assert_eq!(ack(&mut ledger, 2).unwrap().records, 3);
        assert_eq!(ledger.last_acked(), 4, "one ack covers every offset of the coalesced request");
        assert_eq!(ack(&mut ledger, 3).unwrap().records, 3);
        assert_eq!(ledger.last_acked(), 7);
        let rest = decode(&ledger.take_outbox().unwrap().bytes);
        assert_eq!(rest.iter().map(|(_, r)| r.len()).collect::<Vec<_>>(), vec![1, 2], "[8] alone, then the batch");
        ack(&mut ledger, 5).unwrap();
        assert_eq!(ledger.last_acked(), 9, "the batch has one offset");
        let last = decode(&ledger.take_outbox().unwrap().bytes);
        assert_eq!(last, vec![(6, vec!["{\"q\":10}".to_string()])]);
        ack(&mut ledger, 6).unwrap();
        assert_eq!((ledger.last_acked(), ledger.pending_len(), ledger.pending_records()), (10, 0, 0));
    }

    #[test]
    fn pause_keeps_acks_and_defers_unsent() {
        let mut ledger = ledger();
        ledger.begin_call();
        ledger.push(single("{\"p\":0}"));
        ledger.take_outbox().unwrap();
        ledger.push(single("{\"p\":1}"));
        ledger.pause();
        ledger.push(single("{\"p\":2}"));
        assert!(ledger.take_outbox().is_none(), "nothing is sent while paused");
        assert_eq!(ledger.in_flight(), 1);
        assert_eq!(ack(&mut ledger, 0).unwrap().acked, 1);
        assert_eq!(ledger.in_flight(), 0);
        ledger.end_call();
        ledger.begin_call();
        let bytes = ledger.take_outbox().unwrap().bytes;
        let resent = decode(&bytes);
        // Neither was on the wire: the next call sends them coalesced, p1's offset first.
        assert_eq!(resent, vec![(0, vec!["{\"p\":1}".to_string(), "{\"p\":2}".to_string()])]);
    }

    #[test]
    fn limits() {
        let mut ledger = ledger();
        assert!(ledger.has_room(1, 1000, 2, 10), "an oversized request is admitted when nothing is pending");
        ledger.push(single("12345"));
        assert!(ledger.has_room(1, 5, 2, 10));
        assert!(!ledger.has_room(1, 6, 2, 10));
        ledger.push(single("1"));
        assert!(!ledger.has_room(1, 1, 2, 100), "record count limit");
        assert!(!ledger.has_room(2, 1, 3, 100), "a batch counts all of its records");
    }

    #[test]
    fn after_a_failure_the_window_halves_then_doubles_per_ack() {
        // User batches, which are never merged, so that requests are counted as pushed.
        let single = |s: &str| batch(&[s, s]);
        let mut ledger = ledger();
        ledger.begin_call();
        for i in 0..1000 {
            ledger.push(single(&format!("{{\"w\":{i}}}")));
        }
        assert_eq!(ledger.take_outbox().unwrap().requests, 1000, "a fresh stream's window is open");
        assert!(ledger.shrink_window(true));
        ledger.end_call();
        assert_eq!(ledger.window(), 500, "half of what the failed call had in flight");
        for expected in [250, 125] {
            ledger.begin_call();
            ledger.take_outbox().unwrap();
            assert!(ledger.shrink_window(true));
            ledger.end_call();
            assert_eq!(ledger.window(), expected, "failures after progress keep halving");
        }
        ledger.begin_call();
        ledger.take_outbox().unwrap();
        assert!(ledger.shrink_window(false), "125 at risk, now 64");
        ledger.end_call();
        assert_eq!(ledger.window(), MIN_WINDOW, "a call without any ack falls back to the minimum");
        ledger.begin_call();
        ledger.take_outbox().unwrap();
        assert!(!ledger.shrink_window(false), "already at the minimum: a retry risks no less");
        ledger.end_call();
        assert!(!ledger.shrink_window(true), "nothing was in flight");
        assert_eq!(ledger.window(), MIN_WINDOW, "never below the minimum");
        ledger.begin_call();
        let first = ledger.take_outbox().unwrap();
        assert_eq!((first.requests, first.resent), (MIN_WINDOW, MIN_WINDOW), "only the window is risked");
        assert!(ledger.take_outbox().is_none(), "the rest waits for an ack");
        ledger.push(single("{\"new\":1}"));
        assert!(ledger.take_outbox().is_none(), "new requests queue behind the backlog");
        let mut freed = Vec::new();
        ledger.ack(9, &mut freed).unwrap();
        assert_eq!(ledger.window(), 2 * MIN_WINDOW);
        let next = ledger.take_outbox().unwrap();
        assert_eq!(next.requests, 2 * MIN_WINDOW - (MIN_WINDOW - 10), "the window slides and doubles");
        let decoded = decode(&next.bytes);
        assert_eq!(decoded[0].0, MIN_WINDOW as i64, "wire offsets continue where the first chunk stopped");
        // Acks that make progress open the window completely; then everything pending is on the wire.
        let mut acked = 9;
        for _ in 0..20 {
            ledger.push(single("{}"));
            ledger.take_outbox();
            acked += ledger.in_flight() as i64;
            ledger.ack(acked - ledger.wire_base(), &mut freed).unwrap();
        }
        assert_eq!(ledger.window(), usize::MAX);
        for _ in 0..5000 {
            ledger.push(single("{}"));
        }
        ledger.take_outbox();
        assert_eq!(ledger.in_flight(), ledger.pending_len(), "an open window holds nothing back");
    }

    #[test]
    fn proto_kind_encodes_proto_fields() {
        let mut ledger = Ledger::new(RecordKind::Proto, LIMITS);
        ledger.begin_call();
        ledger.push(Payload::Single(vec![8, 1]));
        let bytes = ledger.take_outbox().unwrap().bytes;
        let message = EphemeralStreamRequest::decode(&bytes[5..]).unwrap();
        match message.payload.unwrap() {
            ephemeral_stream_request::Payload::IngestRecord(r) => {
                assert_eq!(r.record, Some(ingest_record_request::Record::ProtoEncodedRecord(vec![8, 1])))
            }
            other => panic!("{other:?}"),
        }
    }
}
