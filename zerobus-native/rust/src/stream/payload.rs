//! What one request carries, and which requests may be merged into one.
//!
//! Logical offsets are per *ingest call*: a user batch is one call (one offset, acked all or nothing), a single record
//! is one call. Single records travel alone or coalesced with their neighbours into one `ingest_record_batch` request
//! that keeps one logical offset per record; such a request is acked as a whole, and its records' offsets with it.
//! User batches are never merged or split, so their all-or-nothing meaning survives recovery; coalesced singles may be
//! regrouped freely, because every one of them keeps its own offset.

use crate::wire::encode;
use crate::wire::RecordKind;
use bytes::BytesMut;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// One single record: one logical offset.
    Single(Vec<u8>),
    /// A user batch: one logical offset for all of its records.
    Batch(Vec<Vec<u8>>),
    /// Single records coalesced into one request: one logical offset each.
    Singles(Vec<Vec<u8>>),
}

/// How large a request made of coalesced single records may grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeLimits {
    pub max_records: usize,
    pub max_bytes: usize,
}

impl Payload {
    pub fn record_count(&self) -> usize {
        self.records().len()
    }

    /// Logical offsets the request covers.
    pub fn units(&self) -> usize {
        match self {
            Payload::Batch(_) => 1,
            other => other.record_count(),
        }
    }

    /// Payload bytes (what the 10 MiB limit and the in-flight byte budget count).
    pub fn byte_len(&self) -> usize {
        self.records().iter().map(Vec::len).sum()
    }

    pub fn records(&self) -> &[Vec<u8>] {
        match self {
            Payload::Single(record) => std::slice::from_ref(record),
            Payload::Batch(records) | Payload::Singles(records) => records,
        }
    }

    /// Made of single records, so it may be merged with neighbours of the same sort.
    pub fn is_coalescable(&self) -> bool {
        !matches!(self, Payload::Batch(_))
    }

    /// Appends `next`'s records when both are made of single records and the result stays within `limits`
    /// (`next_bytes` is its payload size); otherwise gives `next` back.
    pub fn try_absorb(
        &mut self,
        self_bytes: usize,
        next: Payload,
        next_bytes: usize,
        limits: MergeLimits,
    ) -> Option<Payload> {
        let fits = self.is_coalescable()
            && next.is_coalescable()
            && self.record_count() + next.record_count() <= limits.max_records
            && self_bytes + next_bytes <= limits.max_bytes;
        if !fits {
            return Some(next);
        }
        let mut records = match std::mem::replace(self, Payload::Singles(Vec::new())) {
            Payload::Single(record) => vec![record],
            Payload::Singles(records) => records,
            Payload::Batch(_) => unreachable!("checked coalescable"),
        };
        match next {
            Payload::Single(record) => records.push(record),
            Payload::Singles(more) => records.extend(more),
            Payload::Batch(_) => unreachable!("checked coalescable"),
        }
        *self = Payload::Singles(records);
        None
    }

    /// Appends the framed request with `wire_offset`: one record alone as `ingest_record`, more as
    /// `ingest_record_batch`.
    pub fn encode(&self, buf: &mut BytesMut, kind: RecordKind, wire_offset: i64) {
        match self.records() {
            [record] if !matches!(self, Payload::Batch(_)) => encode::encode_record(buf, kind, wire_offset, record),
            records => encode::encode_batch(buf, kind, wire_offset, records),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: MergeLimits = MergeLimits { max_records: 3, max_bytes: 100 };

    fn single(s: &str) -> Payload {
        Payload::Single(s.as_bytes().to_vec())
    }

    #[test]
    fn singles_merge_within_limits_batches_never() {
        let mut merged = single("a");
        assert_eq!(merged.try_absorb(1, single("b"), 1, LIMITS), None);
        assert_eq!(merged.try_absorb(2, Payload::Singles(vec![b"c".to_vec()]), 1, LIMITS), None);
        assert_eq!(merged, Payload::Singles(vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]));
        assert_eq!((merged.units(), merged.record_count(), merged.byte_len()), (3, 3, 3));
        assert_eq!(merged.try_absorb(3, single("d"), 1, LIMITS), Some(single("d")), "record limit");
        let mut one = single("a");
        assert_eq!(one.try_absorb(1, single(&"x".repeat(100)), 100, LIMITS).map(|p| p.byte_len()), Some(100));
        let batch = Payload::Batch(vec![b"x".to_vec(), b"y".to_vec()]);
        assert_eq!(batch.units(), 1);
        assert_eq!(one.try_absorb(1, batch.clone(), 2, LIMITS), Some(batch.clone()), "a user batch stays whole");
        let mut batch_first = batch.clone();
        assert_eq!(batch_first.try_absorb(2, single("z"), 1, LIMITS), Some(single("z")));
        assert_eq!(batch_first, batch);
    }
}
