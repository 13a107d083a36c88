//! The TLS listener: a test CA made at start and a certificate for 127.0.0.1 and `localhost`
//! signed by it. Each connection's handshake is recorded; a connection that completes it is
//! decrypted and relayed to the main port, so that every scenario also answers over https.

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};

use crate::exchange::STALL_MAX;
use crate::records::{TlsConnectionRecord, TlsHandshake};
use crate::relay::{self, End, Plain};
use crate::server::Context;

/// The largest TLS record, with room for its header and tag.
const MAX_RECORD: usize = 16 * 1024 + 512;

/// What the TLS listener presents, made fresh at every start.
pub(crate) struct Identity {
    /// The test CA's certificate, which a client must trust to connect.
    pub(crate) ca_pem: String,
    pub(crate) config: Arc<ServerConfig>,
}

pub(crate) fn make_identity() -> io::Result<Identity> {
    let mut ca_params = CertificateParams::default();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "chatwire-hostile test CA");
    let ca_key = KeyPair::generate().map_err(io::Error::other)?;
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).map_err(io::Error::other)?;

    // A string that parses as an IP address becomes an IP address name.
    let names = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
    let mut leaf_params = CertificateParams::new(names).map_err(io::Error::other)?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().map_err(io::Error::other)?;
    let leaf = leaf_params
        .signed_by(&leaf_key, &ca)
        .map_err(io::Error::other)?;

    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key)
        .map_err(io::Error::other)?;
    // What is relayed is HTTP/1.1; a client that offers only h2 is refused in the handshake.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Identity {
        ca_pem: ca.pem(),
        config: Arc::new(config),
    })
}

/// One TLS connection: the handshake (recorded), then the relay to the main port.
pub(crate) fn serve(socket: TcpStream, context: Arc<Context>) {
    let deadline = Instant::now() + STALL_MAX;
    let Ok(mut connection) = ServerConnection::new(Arc::clone(&context.tls_config)) else {
        return;
    };
    let (handshake, error) = match handshake(&mut connection, &socket, deadline) {
        Ok(()) => (TlsHandshake::Ok, None),
        Err(error) => (TlsHandshake::Failed, Some(error)),
    };
    let records = &context.records;
    records.add_tls_connection(TlsConnectionRecord {
        at_ms: records.now_ms(),
        handshake,
        error,
    });
    if handshake == TlsHandshake::Failed {
        return;
    }
    let main = SocketAddr::from(([127, 0, 0, 1], context.main_port));
    let Ok(upstream) = TcpStream::connect(main) else {
        return;
    };
    let _ = upstream.set_nodelay(true);
    let client = TlsEnd {
        connection: Mutex::new(connection),
        socket,
        deadline,
    };
    let upstream = Plain {
        socket: upstream,
        deadline,
    };
    relay::relay(&client, &upstream, deadline);
}

/// Runs the handshake to its end; an error says why it failed.
fn handshake(
    connection: &mut ServerConnection,
    mut socket: &TcpStream,
    deadline: Instant,
) -> Result<(), String> {
    let timed_out = || "the handshake did not end within STALL_MAX".to_owned();
    while connection.is_handshaking() {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(timed_out());
        }
        socket
            .set_read_timeout(Some(remaining))
            .and_then(|()| socket.set_write_timeout(Some(remaining)))
            .map_err(|error| error.to_string())?;
        // On a TLS error this also sends the alert that names it.
        connection
            .complete_io(&mut socket)
            .map_err(|error| match error.kind() {
                io::ErrorKind::UnexpectedEof => {
                    "the client closed the connection during the handshake".to_owned()
                }
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => timed_out(),
                _ => error.to_string(),
            })?;
    }
    Ok(())
}

/// The client side of a TLS relay. Every TLS record goes through `connection` under its lock,
/// so the records the two directions write stay in order.
struct TlsEnd {
    connection: Mutex<ServerConnection>,
    socket: TcpStream,
    deadline: Instant,
}

impl TlsEnd {
    fn lock(&self) -> MutexGuard<'_, ServerConnection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes the TLS records rustls has queued.
    fn flush(&self, connection: &mut ServerConnection) -> io::Result<()> {
        while connection.wants_write() {
            relay::set_write_wait(&self.socket, self.deadline)?;
            match connection.write_tls(&mut &self.socket) {
                Ok(_) => {}
                Err(error)
                    if relay::is_timeout(&error) || error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

impl End for TlsEnd {
    fn socket(&self) -> &TcpStream {
        &self.socket
    }

    fn receive(&self, into: &mut Vec<u8>) -> io::Result<usize> {
        let start = into.len();
        let mut records = [0u8; MAX_RECORD];
        loop {
            // Plaintext may be waiting already: the request often comes with the handshake's
            // last flight.
            let closed = take_plaintext(&mut self.lock(), into)?;
            if into.len() > start || closed {
                return Ok(into.len() - start);
            }
            let read = (&self.socket).read(&mut records)?;
            if read == 0 {
                // A TCP close without close_notify ends the relay all the same.
                return Ok(0);
            }
            let mut connection = self.lock();
            let mut pending = &records[..read];
            while !pending.is_empty() {
                connection.read_tls(&mut pending)?;
                if let Err(error) = connection.process_new_packets() {
                    let _ = self.flush(&mut connection);
                    return Err(io::Error::new(io::ErrorKind::InvalidData, error));
                }
                // rustls holds a bounded amount of plaintext; move it out before reading more.
                if take_plaintext(&mut connection, into)? {
                    break;
                }
            }
            // A key update, say, wants an answer.
            self.flush(&mut connection)?;
        }
    }

    fn send(&self, mut bytes: &[u8]) -> io::Result<()> {
        let mut connection = self.lock();
        while !bytes.is_empty() {
            let accepted = connection.writer().write(bytes)?;
            self.flush(&mut connection)?;
            if accepted == 0 {
                // Nothing is queued after a flush, so rustls refuses only after close_notify.
                return Err(io::ErrorKind::WriteZero.into());
            }
            bytes = &bytes[accepted..];
        }
        Ok(())
    }

    fn close_sending(&self) {
        let mut connection = self.lock();
        connection.send_close_notify();
        let _ = self.flush(&mut connection);
        drop(connection);
        let _ = self.socket.shutdown(Shutdown::Write);
    }
}

/// Moves the plaintext rustls has decrypted into `into`; true once the client has sent
/// close_notify and all of it has been taken.
fn take_plaintext(connection: &mut ServerConnection, into: &mut Vec<u8>) -> io::Result<bool> {
    let mut chunk = [0u8; MAX_RECORD];
    loop {
        match connection.reader().read(&mut chunk) {
            Ok(0) => return Ok(true),
            Ok(read) => into.extend_from_slice(&chunk[..read]),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(false),
            Err(error) => return Err(error),
        }
    }
}
