//! HTTPS for the add-in: Office only sideloads add-ins served over HTTPS, so `addin-server serve`
//! can terminate TLS itself (rustls with the `ring` provider) when given a PEM certificate chain
//! and key. [`dev_certificate`] creates a local certificate authority and a `localhost`
//! certificate signed by it, for development machines without `office-addin-dev-certs`.

use crate::Error;
use axum::Router;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The rustls server configuration of a PEM certificate chain and private key (ring provider,
/// TLS 1.2 and 1.3, ALPN `h2` and `http/1.1`).
pub fn server_config(cert_pem: &Path, key_pem: &Path) -> Result<rustls::ServerConfig, Error> {
    let certs = CertificateDer::pem_file_iter(cert_pem)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| Error::Tls(format!("certificate {}: {e}", cert_pem.display())))?;
    if certs.is_empty() {
        return Err(Error::Tls(format!(
            "certificate {}: no PEM certificate in the file",
            cert_pem.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key_pem)
        .map_err(|e| Error::Tls(format!("private key {}: {e}", key_pem.display())))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            Error::Tls(format!(
                "{} and {} do not make a usable certificate: {e}",
                cert_pem.display(),
                key_pem.display()
            ))
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Serves `app` over TLS on `listener` until `shutdown` completes, then drains in-flight requests
/// (for at most ten seconds).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    app: Router,
    config: rustls::ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let handle = axum_server::Handle::<std::net::SocketAddr>::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(
        axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(config)),
    );
    axum_server::Server::from_listener(listener)
        .acceptor(acceptor)
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .await?;
    Ok(())
}

/// The files of a development certificate set.
#[derive(Debug, Clone)]
pub struct DevCertificate {
    /// The local certificate authority to trust (`ca.crt`).
    pub ca_cert: PathBuf,
    /// The `localhost` certificate (`localhost.crt`), signed by the authority.
    pub cert: PathBuf,
    /// Its private key (`localhost.key`).
    pub key: PathBuf,
    /// Whether this call wrote new files (the authority must then be trusted again if it is new).
    pub created: bool,
}

/// Reissue the `localhost` certificate once it is this old (it is valid for 397 days).
const REISSUE_AFTER: Duration = Duration::from_secs(360 * 24 * 3600);

/// Ensures `dir` holds a development certificate authority (`ca.crt`, `ca.key`) and a `localhost`
/// certificate signed by it (`localhost.crt`, `localhost.key`, valid for `localhost`,
/// `127.0.0.1` and `::1` for 397 days). Missing files are created; a `localhost` certificate older
/// than 360 days is reissued by the same authority, so trusting `ca.crt` once is enough.
pub fn dev_certificate(dir: &Path) -> Result<DevCertificate, Error> {
    let paths = DevCertificate {
        ca_cert: dir.join("ca.crt"),
        cert: dir.join("localhost.crt"),
        key: dir.join("localhost.key"),
        created: false,
    };
    let ca_key_path = dir.join("ca.key");
    let fresh = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age < REISSUE_AFTER)
    };
    if fresh(&paths.cert) && paths.key.exists() && paths.ca_cert.exists() {
        return Ok(paths);
    }
    std::fs::create_dir_all(dir)?;
    let tls = |e: rcgen::Error| Error::Tls(format!("generating the development certificate: {e}"));
    let now = time::OffsetDateTime::now_utc();

    let existing_ca = std::fs::read_to_string(&paths.ca_cert)
        .ok()
        .zip(std::fs::read_to_string(&ca_key_path).ok());
    // The issuer needs only the authority's name, key usages and key: the same parameters
    // rebuild it from the stored key.
    let (issuer, new_ca) = match existing_ca {
        Some((_, key_pem)) => {
            let key = rcgen::KeyPair::from_pem(&key_pem).map_err(tls)?;
            (rcgen::Issuer::new(ca_params(now), key), None)
        }
        None => {
            let key = rcgen::KeyPair::generate().map_err(tls)?;
            let params = ca_params(now);
            let cert = params.self_signed(&key).map_err(tls)?;
            let ca_pem = (cert.pem(), key.serialize_pem());
            (rcgen::Issuer::new(params, key), Some(ca_pem))
        }
    };

    let leaf_key = rcgen::KeyPair::generate().map_err(tls)?;
    let mut params = rcgen::CertificateParams::new(vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ])
    .map_err(tls)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(397);
    let leaf = params.signed_by(&leaf_key, &issuer).map_err(tls)?;

    if let Some((ca_cert, ca_key)) = new_ca {
        write_private(&ca_key_path, &ca_key)?;
        std::fs::write(&paths.ca_cert, ca_cert)?;
    }
    write_private(&paths.key, &leaf_key.serialize_pem())?;
    std::fs::write(&paths.cert, leaf.pem())?;
    Ok(DevCertificate {
        created: true,
        ..paths
    })
}

/// The development authority: a CA that may sign end-entity certificates only, valid ten years.
fn ca_params(now: time::OffsetDateTime) -> rcgen::CertificateParams {
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "AISM development CA");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "AISM (local development)");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Constrained(0));
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
        rcgen::KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(3650);
    params
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_certificate_is_created_once_and_loads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = dev_certificate(dir.path()).expect("created");
        assert!(first.created);
        for p in [&first.ca_cert, &first.cert, &first.key] {
            assert!(p.exists(), "{}", p.display());
        }
        server_config(&first.cert, &first.key).expect("usable by rustls");
        let cert = std::fs::read(&first.cert).expect("read");
        let again = dev_certificate(dir.path()).expect("kept");
        assert!(!again.created);
        assert_eq!(std::fs::read(&again.cert).expect("read"), cert);
    }

    #[test]
    fn reissued_leaf_keeps_the_authority() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = dev_certificate(dir.path()).expect("created");
        let ca = std::fs::read(&first.ca_cert).expect("read");
        let leaf = std::fs::read(&first.cert).expect("read");
        std::fs::remove_file(&first.cert).expect("remove");
        let second = dev_certificate(dir.path()).expect("reissued");
        assert!(second.created);
        assert_eq!(std::fs::read(&second.ca_cert).expect("read"), ca);
        assert_ne!(std::fs::read(&second.cert).expect("read"), leaf);
        server_config(&second.cert, &second.key).expect("usable by rustls");
    }

    #[test]
    fn bad_pem_is_a_configuration_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cert = dir.path().join("c.pem");
        let key = dir.path().join("k.pem");
        std::fs::write(&cert, "not a certificate").expect("write");
        std::fs::write(&key, "not a key").expect("write");
        let e = server_config(&cert, &key).expect_err("rejected");
        assert!(e.to_string().contains("c.pem"), "{e}");
        let missing = server_config(&dir.path().join("nope.pem"), &key).expect_err("rejected");
        assert!(missing.to_string().contains("nope.pem"), "{missing}");
    }
}
