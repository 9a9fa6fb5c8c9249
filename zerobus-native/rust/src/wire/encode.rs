//! Hand-rolled encoders for the hot path: an ingest request is written, gRPC frame header included, straight into
//! the outgoing buffer without building an intermediate message. Tests check the bytes against prost's encoding.

use super::RecordKind;
use bytes::{BufMut, BytesMut};

/// gRPC frame header: compressed flag (1 byte) + big-endian length (4 bytes).
pub const FRAME_HEADER_LEN: usize = 5;

const TAG_OFFSET_ID: u8 = 0x08; // field 1, varint
const TAG_INGEST_RECORD: u8 = 0x12; // EphemeralStreamRequest field 2, length-delimited
const TAG_INGEST_BATCH: u8 = 0x1a; // EphemeralStreamRequest field 3, length-delimited
const TAG_PROTO_PAYLOAD: u8 = 0x12; // field 2, length-delimited (record or batch)
const TAG_JSON_PAYLOAD: u8 = 0x1a; // field 3, length-delimited (record or batch)
const TAG_BATCH_RECORD: u8 = 0x0a; // ProtoEncodedRecordBatch / JsonRecordBatch field 1, repeated

#[inline]
pub fn varint_len(value: u64) -> usize {
    // 1 byte per 7 bits, at least 1.
    let bits = 64 - (value | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

#[inline]
pub fn put_varint(buf: &mut BytesMut, mut value: u64) {
    while value >= 0x80 {
        buf.put_u8((value as u8) | 0x80);
        value >>= 7;
    }
    buf.put_u8(value as u8);
}

#[inline]
fn payload_tag(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Proto => TAG_PROTO_PAYLOAD,
        RecordKind::Json => TAG_JSON_PAYLOAD,
    }
}

#[inline]
fn put_frame_header(buf: &mut BytesMut, message_len: usize) {
    buf.put_u8(0);
    buf.put_u32(message_len as u32);
}

/// Bytes `encode_record` will append for one record.
#[inline]
pub fn record_frame_len(wire_offset: i64, payload_len: usize) -> usize {
    let inner = 1 + varint_len(wire_offset as u64) + 1 + varint_len(payload_len as u64) + payload_len;
    FRAME_HEADER_LEN + 1 + varint_len(inner as u64) + inner
}

/// Appends one framed `EphemeralStreamRequest{ingest_record{offset_id, record}}`.
pub fn encode_record(buf: &mut BytesMut, kind: RecordKind, wire_offset: i64, payload: &[u8]) {
    let inner = 1 + varint_len(wire_offset as u64) + 1 + varint_len(payload.len() as u64) + payload.len();
    let outer = 1 + varint_len(inner as u64) + inner;
    buf.reserve(FRAME_HEADER_LEN + outer);
    put_frame_header(buf, outer);
    buf.put_u8(TAG_INGEST_RECORD);
    put_varint(buf, inner as u64);
    buf.put_u8(TAG_OFFSET_ID);
    put_varint(buf, wire_offset as u64);
    buf.put_u8(payload_tag(kind));
    put_varint(buf, payload.len() as u64);
    buf.put_slice(payload);
}

fn batch_body_len<R: AsRef<[u8]>>(records: &[R]) -> usize {
    records.iter().map(|r| 1 + varint_len(r.as_ref().len() as u64) + r.as_ref().len()).sum()
}

/// Bytes `encode_batch` will append.
pub fn batch_frame_len<R: AsRef<[u8]>>(wire_offset: i64, records: &[R]) -> usize {
    let body = batch_body_len(records);
    let inner = 1 + varint_len(wire_offset as u64) + 1 + varint_len(body as u64) + body;
    FRAME_HEADER_LEN + 1 + varint_len(inner as u64) + inner
}

/// Appends one framed `EphemeralStreamRequest{ingest_record_batch{offset_id, batch{records}}}`.
pub fn encode_batch<R: AsRef<[u8]>>(buf: &mut BytesMut, kind: RecordKind, wire_offset: i64, records: &[R]) {
    let body = batch_body_len(records);
    let inner = 1 + varint_len(wire_offset as u64) + 1 + varint_len(body as u64) + body;
    let outer = 1 + varint_len(inner as u64) + inner;
    buf.reserve(FRAME_HEADER_LEN + outer);
    put_frame_header(buf, outer);
    buf.put_u8(TAG_INGEST_BATCH);
    put_varint(buf, inner as u64);
    buf.put_u8(TAG_OFFSET_ID);
    put_varint(buf, wire_offset as u64);
    buf.put_u8(payload_tag(kind));
    put_varint(buf, body as u64);
    for record in records {
        let record = record.as_ref();
        buf.put_u8(TAG_BATCH_RECORD);
        put_varint(buf, record.len() as u64);
        buf.put_slice(record);
    }
}

/// Appends any prost message as one gRPC frame (used for the rare `create_stream`).
pub fn encode_message<M: prost::Message>(buf: &mut BytesMut, message: &M) {
    let len = message.encoded_len();
    buf.reserve(FRAME_HEADER_LEN + len);
    put_frame_header(buf, len);
    message.encode(buf).expect("buffer reserved");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::messages::*;
    use prost::Message;

    fn prost_frame(message: &EphemeralStreamRequest) -> Vec<u8> {
        let mut buf = BytesMut::new();
        encode_message(&mut buf, message);
        buf.to_vec()
    }

    #[test]
    fn varint_lengths() {
        assert_eq!(varint_len(0), 1);
        assert_eq!(varint_len(127), 1);
        assert_eq!(varint_len(128), 2);
        assert_eq!(varint_len(16_383), 2);
        assert_eq!(varint_len(16_384), 3);
        assert_eq!(varint_len(u64::MAX), 10);
    }

    #[test]
    fn json_record_matches_prost() {
        for offset in [0i64, 1, 127, 128, 300_000, i64::MAX] {
            for size in [0usize, 1, 127, 128, 200, 20_000] {
                let json = "x".repeat(size);
                let expected = prost_frame(&EphemeralStreamRequest {
                    payload: Some(ephemeral_stream_request::Payload::IngestRecord(IngestRecordRequest {
                        offset_id: Some(offset),
                        record: Some(ingest_record_request::Record::JsonRecord(json.clone())),
                    })),
                });
                let mut buf = BytesMut::new();
                encode_record(&mut buf, RecordKind::Json, offset, json.as_bytes());
                assert_eq!(buf.to_vec(), expected, "offset {offset} size {size}");
                assert_eq!(record_frame_len(offset, size), expected.len());
            }
        }
    }

    #[test]
    fn proto_record_matches_prost() {
        let payload = vec![8u8, 150, 1, 18, 3, b'a', b'b', b'c'];
        let expected = prost_frame(&EphemeralStreamRequest {
            payload: Some(ephemeral_stream_request::Payload::IngestRecord(IngestRecordRequest {
                offset_id: Some(42),
                record: Some(ingest_record_request::Record::ProtoEncodedRecord(payload.clone())),
            })),
        });
        let mut buf = BytesMut::new();
        encode_record(&mut buf, RecordKind::Proto, 42, &payload);
        assert_eq!(buf.to_vec(), expected);
    }

    #[test]
    fn batches_match_prost() {
        let records: Vec<Vec<u8>> = vec![b"{\"a\":1}".to_vec(), vec![], "y".repeat(300).into_bytes()];
        let json = prost_frame(&EphemeralStreamRequest {
            payload: Some(ephemeral_stream_request::Payload::IngestRecordBatch(IngestRecordBatchRequest {
                offset_id: Some(7),
                batch: Some(ingest_record_batch_request::Batch::JsonBatch(JsonRecordBatch {
                    records: records.iter().map(|r| String::from_utf8(r.clone()).unwrap()).collect(),
                })),
            })),
        });
        let mut buf = BytesMut::new();
        encode_batch(&mut buf, RecordKind::Json, 7, &records);
        assert_eq!(buf.to_vec(), json);
        assert_eq!(batch_frame_len(7, &records), json.len());

        let proto = prost_frame(&EphemeralStreamRequest {
            payload: Some(ephemeral_stream_request::Payload::IngestRecordBatch(IngestRecordBatchRequest {
                offset_id: Some(200),
                batch: Some(ingest_record_batch_request::Batch::ProtoEncodedBatch(ProtoEncodedRecordBatch {
                    records: records.clone(),
                })),
            })),
        });
        let mut buf = BytesMut::new();
        encode_batch(&mut buf, RecordKind::Proto, 200, &records);
        assert_eq!(buf.to_vec(), proto);
    }

    #[test]
    fn encoded_record_decodes() {
        let mut buf = BytesMut::new();
        encode_record(&mut buf, RecordKind::Json, 5, b"{}");
        let message = EphemeralStreamRequest::decode(&buf[FRAME_HEADER_LEN..]).unwrap();
        match message.payload {
            Some(ephemeral_stream_request::Payload::IngestRecord(r)) => {
                assert_eq!(r.offset_id, Some(5));
                assert_eq!(r.record, Some(ingest_record_request::Record::JsonRecord("{}".into())));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
