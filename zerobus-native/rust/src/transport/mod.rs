//! Getting bytes to the service: endpoint parsing, TCP (optionally through an HTTP CONNECT proxy), TLS with ALPN,
//! and opening the gRPC call over an HTTP/2 connection.

pub mod connect;
pub mod endpoint;
pub mod grpc;
pub mod proxy;
pub mod tcp;
pub mod tls;

pub use endpoint::Endpoint;
