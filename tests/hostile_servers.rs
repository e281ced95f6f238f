//! Servers, proxies and networks that do not play fair (issue #15): a body that inflates to
//! gigabytes, a redirect to another origin, a server that never answers, a proxy in the
//! environment, a password in the address. Each test asserts the bound: bytes held, requests
//! that reached elsewhere, time to the message.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use wf_tui::demo::{DemoOptions, DemoServer};

use common::StandIn;

impl StandIn {
    /// Runs off the test's runtime (the stand-in answers on it meanwhile).
    async fn run(&self, cmd: Command) -> Output {
        let mut cmd = cmd;
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }
}

/// A 1 MB gzip body that inflated to 1 GB took 2.1 GB of memory; a 4 GB one aborted. Reading
/// stops at the limit (counted after decompression) and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gzip_bomb_stops_at_the_limit_with_a_message() {
    let s = StandIn::start(&["gzipbomb:mb=64:path=/api/v2/alert"]).await;
    let config = s.home.path().join("config.toml");
    std::fs::write(&config, "max_response_mb = 8\n").unwrap();
    let mut cmd = s.command(&["--config", config.to_str().unwrap(), "get", "alert"]);
    cmd.env("RUST_BACKTRACE", "0");
    let out = s.run(cmd).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("the answer is larger than 8 MiB"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// The same bound in the client itself: what it held when it stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_holds_no_more_than_the_limit() {
    let s = StandIn::start(&["gzipbomb:mb=32:path=/api/v2/alert"]).await;
    let http = wf_tui::api::client::http_client(wf_tui::api::client::Timeouts {
        max_body: 4 << 20,
        ..Default::default()
    });
    let client =
        wf_tui::api::ApiClient::new(http, wf_tui::api::parse_address(&s.server.url()).unwrap());
    let (result, exchange) = client
        .send_answer(
            &wf_tui::api::ApiRequest::get("/api/v2/alert"),
            &s.server.credentials().api_token,
        )
        .await;
    match result {
        Err(wf_tui::api::ApiError::TooLarge { limit, .. }) => assert_eq!(limit, 4 << 20),
        other => panic!("expected too large, got {:?}", other.map(|a| a.value)),
    }
    assert!(exchange.bytes <= 4 << 20, "held {} bytes", exchange.bytes);
}

/// A redirect to another host, port or scheme was followed and its data shown as the
/// instance's. It is refused, said, and nothing reaches the other origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_that_leaves_the_instance_is_refused() {
    let elsewhere = DemoServer::start(DemoOptions::default()).await.unwrap();
    let port = elsewhere.url().rsplit(':').next().unwrap().to_string();
    let fault = format!("redirect:port={port}:path=/api/v2/alert");
    let s = StandIn::start(&[fault.as_str()]).await;
    let out = s.run(s.command(&["get", "alert"])).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "redirected to http://127.0.0.1:{port}, outside the instance"
        )),
        "{stderr}"
    );
    assert!(
        elsewhere.state().requests().is_empty(),
        "the other origin was asked: {:?}",
        elsewhere.state().requests()
    );
}

/// A server that accepts and never answers kept `get` silent for 308 s by default. With
/// `--timeout 2` it ends in about 2 s, naming the host and port.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_ends_within_the_timeout() {
    let s = StandIn::start(&["hang:path=/api/v2/alert"]).await;
    let started = Instant::now();
    let out = s.run(s.command(&["--timeout", "2", "get", "alert"])).await;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let host = s.server.url().trim_start_matches("http://").to_string();
    assert!(stderr.contains(&host), "names {host}: {stderr}");
    assert!(
        took < Duration::from_millis(4500),
        "took {took:?}: {stderr}"
    );
}

/// A listener standing in for a proxy: counts connections, answers none.
fn fake_proxy() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let mut stream = stream;
            let mut buf = [0u8; 1024];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = stream.read(&mut buf);
        }
    });
    (address, seen)
}

/// With `HTTP_PROXY` or `ALL_PROXY` set, a loopback `http://` instance was sent through the
/// proxy, `Authorization: Bearer …` in the clear. Plain http never goes through a proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_plain_request_reaches_a_proxy() {
    let s = StandIn::start(&[]).await;
    let (proxy, seen) = fake_proxy();
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
    ] {
        let mut cmd = s.command(&["get", "alert"]);
        cmd.env(var, &proxy)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy");
        let out = s.run(cmd).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{var}: {stderr}");
    }
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "a request went to the proxy"
    );
}

/// `user:pass@` in the address replaced the bearer with Basic auth and printed the password
/// in every copied curl: refused, without printing it.
#[test]
fn a_password_in_the_address_is_refused_and_never_printed() {
    let home = tempfile::tempdir().unwrap();
    let out = common::wf_tui_command(home.path())
        .env(
            "WAVEFRONT_ADDRESS",
            "http://admin:hunter2secret@127.0.0.1:9",
        )
        .env("WAVEFRONT_TOKEN", "t")
        .args(["get", "alert"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("user name or password"), "{stderr}");
    assert!(!stderr.contains("hunter2secret"), "{stderr}");
}

/// A wait has a visible reason: each retry of a one-shot command is a line on stderr.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_of_a_one_shot_command_is_said_on_stderr() {
    let s = StandIn::start(&["503:times=1:path=/api/v2/alert"]).await;
    let out = s.run(s.command(&["get", "alert"])).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("wf-tui: /api/v2/alert: retrying in") && stderr.contains("(try 2)"),
        "{stderr}"
    );
}
