//! Requests that get no answer fail in one line naming host and port, saying what to do, and
//! within the timeout the person set: a closed port, TLS to a plain-HTTP server, a server that
//! accepts and never answers. The real binary, as a script runs it.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;

use wf_tui::demo::{DemoOptions, DemoServer};

/// `wf-tui [EXTRA…] get alert` against `address` with an API token; stderr and time taken.
fn get_alert(address: &str, extra: &[&str]) -> (bool, String, Duration) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.env("WAVEFRONT_ADDRESS", address)
        .env("WAVEFRONT_TOKEN", "not-a-real-token")
        .args(extra)
        .args(["get", "alert"]);
    let started = Instant::now();
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    (out.status.success(), stderr, took)
}

fn assert_one_line(stderr: &str) {
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("not-a-real-token"), "{stderr}");
}

#[test]
fn a_closed_port_is_named_and_not_retried_for_seconds() {
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (ok, stderr, took) = get_alert(&format!("http://127.0.0.1:{port}"), &[]);
    assert!(!ok);
    assert_one_line(&stderr);
    assert!(
        stderr.contains(&format!(
            "could not connect to 127.0.0.1:{port} (connection refused)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("is the address right"), "{stderr}");
    assert!(took < Duration::from_secs(3), "took {took:?}: {stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_to_a_plain_http_server_says_so() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let plain = server.url();
    let port = plain
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let https = format!("https://127.0.0.1:{port}");
    let (ok, stderr, took) = tokio::task::spawn_blocking(move || get_alert(&https, &[]))
        .await
        .unwrap();
    assert!(!ok);
    assert_one_line(&stderr);
    assert!(
        stderr.contains(&format!(
            "https://127.0.0.1:{port} answered in plain HTTP, not TLS: use http://"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("InvalidContentType"), "{stderr}");
    assert!(took < Duration::from_secs(3), "not retried: took {took:?}");
}

#[test]
fn a_server_that_never_answers_ends_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts, reads nothing, answers nothing; holds the connections until the test ends.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(16) {
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let (ok, stderr, took) = get_alert(&format!("http://127.0.0.1:{port}"), &["--timeout", "2"]);
    assert!(!ok);
    assert_one_line(&stderr);
    assert!(
        stderr.contains(&format!("timed out after 2 s waiting for 127.0.0.1:{port}")),
        "{stderr}"
    );
    // One deadline for the call and its retries: a bound, not a benchmark.
    assert!(
        took < Duration::from_millis(3_500),
        "took {took:?}: {stderr}"
    );
}

/// A self-signed certificate for 127.0.0.1 and its key (P-256, made for this test only and
/// trusted by nothing), base64 of the DER.
const TEST_CERT: &str = "MIIBkDCCATagAwIBAgIUWjA2usUQNseW4MF4k+NIcYfNVgEwCgYIKoZIzj0EAwIwFDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMTE0NDU0NloYDzIxMjYxMTA3MTQ0NTQ2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQKwiNJ7U/iU3cQJkNZgRRZkMqmqKzEIXygVVnGi7QqmR3+5XP02HQFLnKYSBlXUOMMoYW5+lu+V3GvZI3xl1Bbo2QwYjAdBgNVHQ4EFgQUytJGEj4v/J7LxX/nxHpqzJvvT5IwHwYDVR0jBBgwFoAUytJGEj4v/J7LxX/nxHpqzJvvT5IwDwYDVR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUCIDPTZve+B3Gm4+vHCDmfr5jstlG9UvxOY9Bsl1FVfs6fAiEAhOFJhq3v2cr5nr1D62g/FOnYh5LLKOuizZW/1hQ4FrY=";
const TEST_KEY: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgt44usN3NVAdRJ8ZC06AbDvLhgkWy5uB4jRWPuIsqH6ihRANCAAQKwiNJ7U/iU3cQJkNZgRRZkMqmqKzEIXygVVnGi7QqmR3+5XP02HQFLnKYSBlXUOMMoYW5+lu+V3GvZI3xl1Bb";

#[test]
fn a_certificate_nobody_trusts_is_named_as_such() {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.decode(s).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(b64(TEST_CERT))],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(b64(TEST_KEY))),
    )
    .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8).flatten() {
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, stream);
            // Drives the handshake; the client gives up on the certificate.
            let _ = tls.read(&mut [0u8; 64]);
        }
    });
    let (ok, stderr, took) = get_alert(&format!("https://127.0.0.1:{port}"), &[]);
    assert!(!ok);
    assert_one_line(&stderr);
    assert!(
        stderr.contains(&format!(
            "the TLS certificate of 127.0.0.1:{port} is not accepted"
        )),
        "{stderr}"
    );
    // In words, not rustls's enum ("Other(OtherError(CaUsedAsEndEntity))").
    assert!(
        !stderr.contains("Other(") && !stderr.contains("invalid peer certificate"),
        "{stderr}"
    );
    assert!(
        stderr.contains("SSL_CERT_FILE"),
        "says what to do: {stderr}"
    );
    assert!(took < Duration::from_secs(3), "not retried: took {took:?}");
}

#[test]
fn a_name_that_does_not_resolve_is_named_and_not_retried() {
    // `.invalid` never resolves (RFC 6761).
    let (ok, stderr, _) = get_alert("https://wf-tui-test.invalid", &["--timeout", "20"]);
    assert!(!ok);
    assert_one_line(&stderr);
    assert!(
        stderr.contains("could not find wf-tui-test.invalid (wf-tui-test.invalid:443"),
        "{stderr}"
    );
    assert!(stderr.contains("is the address spelled right?"), "{stderr}");
}
