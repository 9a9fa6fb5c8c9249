//! The protobuf messages of `databricks.zerobus.Zerobus` (proto2), written by hand with prost's derive so no protoc
//! is needed. Field numbers follow the protocol; the hot ingest path encodes by hand in `encode` and its tests check
//! that it matches these definitions byte for byte.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum RecordType {
    Unspecified = 0,
    Proto = 1,
    Json = 2,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EphemeralStreamRequest {
    #[prost(oneof = "ephemeral_stream_request::Payload", tags = "1, 2, 3")]
    pub payload: Option<ephemeral_stream_request::Payload>,
}

pub mod ephemeral_stream_request {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Payload {
        #[prost(message, tag = "1")]
        CreateStream(super::CreateIngestStreamRequest),
        #[prost(message, tag = "2")]
        IngestRecord(super::IngestRecordRequest),
        #[prost(message, tag = "3")]
        IngestRecordBatch(super::IngestRecordBatchRequest),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CreateIngestStreamRequest {
    #[prost(string, optional, tag = "1")]
    pub table_name: Option<String>,
    #[prost(bytes = "vec", optional, tag = "3")]
    pub descriptor_proto: Option<Vec<u8>>,
    #[prost(enumeration = "RecordType", optional, tag = "4")]
    pub record_type: Option<i32>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct IngestRecordRequest {
    #[prost(int64, optional, tag = "1")]
    pub offset_id: Option<i64>,
    #[prost(oneof = "ingest_record_request::Record", tags = "2, 3")]
    pub record: Option<ingest_record_request::Record>,
}

pub mod ingest_record_request {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Record {
        #[prost(bytes, tag = "2")]
        ProtoEncodedRecord(Vec<u8>),
        #[prost(string, tag = "3")]
        JsonRecord(String),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct IngestRecordBatchRequest {
    #[prost(int64, optional, tag = "1")]
    pub offset_id: Option<i64>,
    #[prost(oneof = "ingest_record_batch_request::Batch", tags = "2, 3")]
    pub batch: Option<ingest_record_batch_request::Batch>,
}

pub mod ingest_record_batch_request {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Batch {
        #[prost(message, tag = "2")]
        ProtoEncodedBatch(super::ProtoEncodedRecordBatch),
        #[prost(message, tag = "3")]
        JsonBatch(super::JsonRecordBatch),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ProtoEncodedRecordBatch {
    #[prost(bytes = "vec", repeated, tag = "1")]
    pub records: Vec<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct JsonRecordBatch {
    #[prost(string, repeated, tag = "1")]
    pub records: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EphemeralStreamResponse {
    #[prost(oneof = "ephemeral_stream_response::Payload", tags = "1, 2, 3")]
    pub payload: Option<ephemeral_stream_response::Payload>,
}

pub mod ephemeral_stream_response {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Payload {
        #[prost(message, tag = "1")]
        CreateStreamResponse(super::CreateIngestStreamResponse),
        #[prost(message, tag = "2")]
        IngestRecordResponse(super::IngestRecordResponse),
        #[prost(message, tag = "3")]
        CloseStreamSignal(super::CloseStreamSignal),
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CreateIngestStreamResponse {
    #[prost(string, optional, tag = "1")]
    pub stream_id: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct IngestRecordResponse {
    #[prost(int64, optional, tag = "1")]
    pub durability_ack_up_to_offset: Option<i64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CloseStreamSignal {
    #[prost(message, optional, tag = "1")]
    pub duration: Option<Duration>,
}

/// `google.protobuf.Duration`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Duration {
    #[prost(int64, optional, tag = "1")]
    pub seconds: Option<i64>,
    #[prost(int32, optional, tag = "2")]
    pub nanos: Option<i32>,
}

impl Duration {
    /// The duration in milliseconds, negative values clamped to zero.
    pub fn as_millis(&self) -> u64 {
        let seconds = self.seconds.unwrap_or(0).max(0) as u64;
        let nanos = self.nanos.unwrap_or(0).max(0) as u64;
        seconds.saturating_mul(1000).saturating_add(nanos / 1_000_000)
    }
}
