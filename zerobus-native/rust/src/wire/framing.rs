//! Incremental decoding of gRPC length-prefixed messages from DATA chunks that may split a message anywhere.

use crate::error::{Error, Result};
use bytes::{Buf, Bytes, BytesMut};

use super::encode::FRAME_HEADER_LEN;

/// Largest response message accepted; responses are tiny, so anything bigger is a broken peer.
pub const MAX_RESPONSE_MESSAGE: usize = 4 * 1024 * 1024;

#[derive(Default)]
pub struct FrameDecoder {
    buf: BytesMut,
}

impl FrameDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a DATA chunk as received.
    pub fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// Takes the next complete message, `None` if more data is needed.
    pub fn next_message(&mut self) -> Result<Option<Bytes>> {
        if self.buf.len() < FRAME_HEADER_LEN {
            return Ok(None);
        }
        let compressed = self.buf[0];
        let len = u32::from_be_bytes([self.buf[1], self.buf[2], self.buf[3], self.buf[4]]) as usize;
        if compressed != 0 {
            return Err(Error::protocol("server sent a compressed gRPC message, but no compression was negotiated"));
        }
        if len > MAX_RESPONSE_MESSAGE {
            return Err(Error::protocol(format!("server sent a gRPC message of {len} bytes")));
        }
        if self.buf.len() < FRAME_HEADER_LEN + len {
            return Ok(None);
        }
        self.buf.advance(FRAME_HEADER_LEN);
        Ok(Some(self.buf.split_to(len).freeze()))
    }

    /// Bytes of an incomplete message still buffered (non-zero at end of stream means a truncated message).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::encode::encode_message;
    use crate::wire::messages::*;
    use prost::Message;

    fn ack_frame(offset: i64) -> Vec<u8> {
        let mut buf = BytesMut::new();
        encode_message(
            &mut buf,
            &EphemeralStreamResponse {
                payload: Some(ephemeral_stream_response::Payload::IngestRecordResponse(IngestRecordResponse {
                    durability_ack_up_to_offset: Some(offset),
                })),
            },
        );
        buf.to_vec()
    }

    fn decode_acks(decoder: &mut FrameDecoder) -> Vec<i64> {
        let mut out = Vec::new();
        while let Some(message) = decoder.next_message().unwrap() {
            match EphemeralStreamResponse::decode(message).unwrap().payload {
                Some(ephemeral_stream_response::Payload::IngestRecordResponse(r)) => {
                    out.push(r.durability_ack_up_to_offset.unwrap())
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        out
    }

    #[test]
    fn decodes_messages_split_at_every_position() {
        let mut stream = Vec::new();
        for offset in [0i64, 1, 200, 70_000] {
            stream.extend(ack_frame(offset));
        }
        for split in 0..=stream.len() {
            let mut decoder = FrameDecoder::new();
            decoder.push(&stream[..split]);
            let mut acks = decode_acks(&mut decoder);
            decoder.push(&stream[split..]);
            acks.extend(decode_acks(&mut decoder));
            assert_eq!(acks, vec![0, 1, 200, 70_000], "split at {split}");
            assert_eq!(decoder.buffered(), 0);
        }
    }

    #[test]
    fn decodes_byte_by_byte() {
        let stream: Vec<u8> = (0..10).flat_map(ack_frame).collect();
        let mut decoder = FrameDecoder::new();
        let mut acks = Vec::new();
        for byte in stream {
            decoder.push(&[byte]);
            acks.extend(decode_acks(&mut decoder));
        }
        assert_eq!(acks, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn empty_message_is_a_message() {
        let mut decoder = FrameDecoder::new();
        decoder.push(&[0, 0, 0, 0, 0]);
        assert_eq!(decoder.next_message().unwrap().unwrap().len(), 0);
        assert!(decoder.next_message().unwrap().is_none());
    }

    #[test]
    fn rejects_compressed_and_oversized() {
        let mut decoder = FrameDecoder::new();
        decoder.push(&[1, 0, 0, 0, 1, 0]);
        assert!(decoder.next_message().is_err());
        let mut decoder = FrameDecoder::new();
        decoder.push(&[0, 0x7f, 0, 0, 0]);
        assert!(decoder.next_message().is_err());
    }
}
