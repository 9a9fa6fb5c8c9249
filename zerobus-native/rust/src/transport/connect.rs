//! Opens the byte stream to an endpoint: TCP (directly or through a CONNECT proxy), then TLS when the endpoint is
//! https. Used for both gRPC (ALPN h2) and the token endpoint (ALPN http/1.1).

use super::proxy::{self, Purpose};
use super::tls::{self, TlsConfig};
use super::Endpoint;
use crate::error::{Error, Result};
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// A connected byte stream, plaintext or TLS.
pub enum Io {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// Which ALPN protocol to offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alpn {
    H2,
    Http1,
}

pub async fn connect(target: &Endpoint, tls: &TlsConfig, alpn: Alpn, purpose: Purpose) -> Result<Io> {
    let env = |name: &str| std::env::var(name).ok();
    let tcp = match proxy::proxy_for(target, purpose, &env)? {
        Some(proxy) => proxy::connect_tunnel(&proxy, target).await?,
        None => super::tcp::connect(&target.host, target.port, &target.authority()).await?,
    };
    if !target.tls {
        return Ok(Io::Plain(tcp));
    }
    let config: Arc<rustls::ClientConfig> = match alpn {
        Alpn::H2 => tls.h2.clone(),
        Alpn::Http1 => tls.http1.clone(),
    };
    let name = tls::server_name(&target.host)?;
    let stream =
        TlsConnector::from(config).connect(name, tcp).await.map_err(|e| tls::tls_error(&target.authority(), &e))?;
    if alpn == Alpn::H2 && stream.get_ref().1.alpn_protocol() != Some(b"h2".as_slice()) {
        return Err(Error::connection(format!("{} did not agree to HTTP/2 (ALPN h2)", target.authority())));
    }
    Ok(Io::Tls(Box::new(stream)))
}

impl AsyncRead for Io {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Io {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Io::Plain(s) => s.is_write_vectored(),
            Io::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_flush(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Io::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
