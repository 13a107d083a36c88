//! The certificates a client trusts: the system's (which `SSL_CERT_FILE` and `SSL_CERT_DIR`
//! replace), the bundled Mozilla roots, and the CA files it is given.
//!
//! Reading the system's store parses a few hundred kilobytes of PEM, which would cost every
//! client milliseconds; it is read once per process, and again only when `SSL_CERT_FILE` or
//! `SSL_CERT_DIR` has changed.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, Result};

/// The variables the system store is read by, as they were when it was read.
type StoreKey = (Option<OsString>, Option<OsString>);

/// The TLS settings of a client that trusts the shared roots and `ca_files`.
pub(crate) fn client_config(ca_files: &[PathBuf]) -> Result<ClientConfig> {
    let mut roots = shared_roots();
    if !ca_files.is_empty() {
        let mut own = RootCertStore::clone(&roots);
        for path in ca_files {
            for certificate in read_ca_file(path)? {
                own.add(certificate).map_err(|e| {
                    Error::validation("ca_file", format!("{}: {e}", path.display()))
                })?;
            }
        }
        roots = Arc::new(own);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// The system's roots and the Mozilla ones, read once for the current `SSL_CERT_FILE` and
/// `SSL_CERT_DIR`.
fn shared_roots() -> Arc<RootCertStore> {
    static CACHE: Mutex<Option<(StoreKey, Arc<RootCertStore>)>> = Mutex::new(None);
    let key = (
        std::env::var_os("SSL_CERT_FILE"),
        std::env::var_os("SSL_CERT_DIR"),
    );
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((read_with, roots)) = cache.as_ref() {
        if *read_with == key {
            return Arc::clone(roots);
        }
    }
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    // A store that cannot be read, or a certificate in it that cannot be parsed, leaves the
    // Mozilla roots: the same a machine without a store has.
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    let roots = Arc::new(roots);
    *cache = Some((key, Arc::clone(&roots)));
    roots
}

/// The certificates of a PEM bundle, each a root to trust.
fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let refuse =
        |reason: String| Error::validation("ca_file", format!("{}: {reason}", path.display()));
    let pem = std::fs::read(path).map_err(|e| refuse(e.to_string()))?;
    let certificates = CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| refuse(e.to_string()))?;
    if certificates.is_empty() {
        return Err(refuse("holds no PEM certificate".to_owned()));
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_store_is_read_once() {
        let first = shared_roots();
        let second = shared_roots();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(first.len() >= webpki_roots::TLS_SERVER_ROOTS.len());
    }
}
