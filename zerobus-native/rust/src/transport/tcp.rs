//! TCP connections to a host name: every resolved address is tried, staggered ("happy eyeballs", RFC 8305), so a
//! black-holed first address costs a quarter of a second instead of the whole connection attempt. Name lookups run on
//! a thread of their own (the system resolver blocks), never on the runtime's shared blocking pool, where one hung
//! lookup could hold up every other stream's work.

use crate::error::{Error, Result};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::time::Duration;
use tokio::net::TcpStream;

/// How long the next address waits for the previous one before it is tried too.
const STAGGER: Duration = Duration::from_millis(250);
/// Bound of one name lookup.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to `host:port`; `what` names the peer in errors ("proxy x", "y:443").
pub async fn connect(host: &str, port: u16, what: &str) -> Result<TcpStream> {
    let addresses =
        resolve(host, port).await.map_err(|e| Error::connection(format!("cannot connect to {what}: {e}")))?;
    let stream = connect_any(&addresses, STAGGER).await.map_err(|e| {
        Error::connection(format!("cannot connect to {what} ({} address(es) tried): {e}", addresses.len()))
    })?;
    stream.set_nodelay(true).ok();
    Ok(stream)
}

/// The addresses of `host`, IPv6 and IPv4 interleaved as RFC 8305 suggests.
async fn resolve(host: &str, port: u16) -> std::result::Result<Vec<SocketAddr>, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let name = format!("{host}:{port}");
    let spawned = std::thread::Builder::new().name("zerobus-dns".to_string()).spawn(move || {
        let _ = tx.send(name.to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    if spawned.is_err() {
        return Err("no thread for the name lookup".to_string());
    }
    let found = match tokio::time::timeout(LOOKUP_TIMEOUT, rx).await {
        Ok(Ok(Ok(found))) => found,
        Ok(Ok(Err(e))) => return Err(format!("cannot resolve {host}: {e}")),
        Ok(Err(_)) => return Err(format!("the name lookup of {host} failed")),
        Err(_) => return Err(format!("the name lookup of {host} took longer than {} s", LOOKUP_TIMEOUT.as_secs())),
    };
    if found.is_empty() {
        return Err(format!("{host} has no addresses"));
    }
    Ok(interleave(found))
}

fn interleave(addresses: Vec<SocketAddr>) -> Vec<SocketAddr> {
    let (v6, v4): (Vec<_>, Vec<_>) = addresses.into_iter().partition(SocketAddr::is_ipv6);
    let (mut v6, mut v4) = (v6.into_iter(), v4.into_iter());
    let mut out = Vec::new();
    loop {
        match (v6.next(), v4.next()) {
            (None, None) => return out,
            (a, b) => out.extend(a.into_iter().chain(b)),
        }
    }
}

/// Starts a connection to each address in turn, the next one `stagger` after the previous (or at once when the
/// previous failed); the first to connect wins and the others are dropped.
pub async fn connect_any(addresses: &[SocketAddr], stagger: Duration) -> std::result::Result<TcpStream, String> {
    let attempt = |address: SocketAddr| async move { (address, TcpStream::connect(address).await) };
    let mut attempts = FuturesUnordered::new();
    let mut next = 0;
    let mut last_error = String::from("no address");
    loop {
        if next < addresses.len() && (attempts.is_empty() || next == 0) {
            attempts.push(attempt(addresses[next]));
            next += 1;
        }
        if attempts.is_empty() {
            return Err(last_error);
        }
        let more = next < addresses.len();
        tokio::select! {
            Some((address, result)) = attempts.next() => match result {
                Ok(stream) => return Ok(stream),
                Err(e) => last_error = format!("{address}: {e}"),
            },
            _ = tokio::time::sleep(stagger), if more => {
                attempts.push(attempt(addresses[next]));
                next += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::Instant;

    /// A loopback address whose SYNs are dropped: a listener with a full accept queue never answers new ones.
    fn black_hole() -> (TcpListener, Vec<std::net::TcpStream>, SocketAddr) {
        let listener = socket2_listener();
        let address = listener.local_addr().unwrap();
        let mut fillers = Vec::new();
        // Fill the accept queue (backlog 1 means a couple of connections) until a connect would hang.
        for _ in 0..8 {
            match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
                Ok(s) => fillers.push(s),
                Err(_) => break,
            }
        }
        (listener, fillers, address)
    }

    fn socket2_listener() -> TcpListener {
        // std's listen backlog is 128; a tiny one needs libc's listen on a bound socket.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        use std::os::fd::AsRawFd;
        extern "C" {
            fn listen(fd: i32, backlog: i32) -> i32;
        }
        // SAFETY: listen on our own bound socket's fd.
        assert_eq!(unsafe { listen(listener.as_raw_fd(), 0) }, 0);
        listener
    }

    #[test]
    fn interleaves_families() {
        let a: Vec<SocketAddr> = ["[::1]:1", "[::2]:1", "127.0.0.1:1", "127.0.0.2:1", "127.0.0.3:1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let out: Vec<String> = interleave(a).iter().map(|a| a.to_string()).collect();
        assert_eq!(out, ["[::1]:1", "127.0.0.1:1", "[::2]:1", "127.0.0.2:1", "127.0.0.3:1"]);
    }

    #[test]
    fn a_black_holed_first_address_does_not_cost_the_attempt() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (_hole, _fillers, hole) = black_hole();
        let good = TcpListener::bind("127.0.0.1:0").unwrap();
        let good_address = good.local_addr().unwrap();
        let started = Instant::now();
        let stream = runtime
            .block_on(async {
                tokio::time::timeout(
                    Duration::from_secs(5),
                    connect_any(&[hole, good_address], Duration::from_millis(100)),
                )
                .await
            })
            .expect("connect_any must not wait for the black hole")
            .unwrap();
        assert_eq!(stream.peer_addr().unwrap(), good_address);
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }

    #[test]
    fn a_refused_first_address_moves_on_at_once_and_all_failures_are_reported() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap(); // dropped: refused
        let good = TcpListener::bind("127.0.0.1:0").unwrap();
        let stream =
            runtime.block_on(connect_any(&[closed, good.local_addr().unwrap()], Duration::from_secs(30))).unwrap();
        assert_eq!(stream.peer_addr().unwrap(), good.local_addr().unwrap());
        let error = runtime.block_on(connect_any(&[closed], Duration::from_millis(10))).unwrap_err();
        assert!(error.contains(&closed.to_string()), "{error}");
        let error = runtime.block_on(connect("127.0.0.1", closed.port(), "the peer")).unwrap_err();
        assert!(error.message.starts_with("cannot connect to the peer (1 address(es) tried)"), "{}", error.message);
    }
}
