//! What the server sends reaches the screen, the saved file and stdout as it was sent: numbers
//! of any size or spelling with their text unchanged, and items nested far deeper than a
//! recursive decoder allows, in a list page and in a detail.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use wf_tui::app::View;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::DemoServer;
use wf_tui::demo::hostile;

/// An alert whose numbers an f64 (or a normalising writer) would change.
const EXACT: &str = r#"{"id":"exact-1","name":"exact numbers","severity":"WARN","status":["FIRING"],"big":12345678901234567890123,"huge":1e400,"negzero":-0,"one":1.0,"id64":18446744073709551615,"tiny":1.5E-7}"#;
const NUMBERS: [&str; 6] = [
    "12345678901234567890123",
    "1e400",
    "-0",
    "1.0",
    "18446744073709551615",
    "1.5E-7",
];

fn envelope(payload: &str) -> Vec<u8> {
    format!(r#"{{"status":{{"result":"OK","message":"","code":200}},"response":{payload}}}"#)
        .into_bytes()
}

/// Every number appears, as a whole token, in `text`.
fn assert_numbers_exact(text: &str, what: &str) {
    for n in NUMBERS {
        let found = text.match_indices(n).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + n.len()..].chars().next();
            before.is_some_and(|c| c == ' ' || c == ':')
                && after.is_some_and(|c| matches!(c, ',' | '\n' | '}'))
        });
        assert!(found, "{what}: {n} not kept exactly in\n{text}");
    }
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

/// Moves the table's cursor to the row with `id`.
fn select(h: &mut Harness, id: &str) {
    let at = h
        .table()
        .rows
        .to_rows()
        .position(|r| r.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no row {id}"));
    for _ in 0..at {
        h.press('j');
    }
}

/// Runs `wf-tui get ARGS` against `server` off the test's runtime.
async fn get(server: &DemoServer, args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::wf_tui_command(home.path());
    cmd.env("WAVEFRONT_ADDRESS", server.url())
        .env("WAVEFRONT_TOKEN", server.credentials().api_token.expose())
        .arg("get")
        .args(args);
    tokio::task::spawn_blocking(move || {
        let out = cmd.output().unwrap();
        drop(home);
        out
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_reach_the_inspector_the_saved_file_and_stdout_exactly() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let item = wf_tui::json::parse_str(EXACT).unwrap();
    h.server
        .state()
        .edit_items("alert", |items| items.insert(0, item));
    // The detail as the server's bytes: the stand-in itself would re-spell `1e400`.
    h.server.state().add_fault(hostile::serve(
        "/api/v2/alert/exact-1",
        200,
        envelope(EXACT),
    ));
    command_line(&mut h, "alerts");
    h.settle().await;
    select(&mut h, "exact-1");
    h.press('i');
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("expected the inspector: {}", h.render())
    };
    let doc = d.doc().expect("the detail opened as JSON");
    assert_numbers_exact(&String::from_utf8_lossy(&doc.text), "document");
    let screen = h.render();
    assert!(screen.contains("12345678901234567890123"), "{screen}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("exact.json");
    command_line(&mut h, &format!("w {}", file.display()));
    h.next_event().await;
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_numbers_exact(&saved, ":w file");

    let out = get(&h.server, &["alert", "exact-1", "-o", "json"]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_numbers_exact(&stdout, "get -o json");
}

/// The page holding one item nested `depth` levels deep, among ordinary ones.
fn deep_page(depth: usize) -> Vec<u8> {
    envelope(&format!(
        r#"{{"items":[{{"id":"deep-1","name":"deep","severity":"WARN","status":["FIRING"],"v":{}}},{{"id":"flat-1","name":"flat","severity":"INFO","status":["FIRING"]}}],"moreItems":false,"totalItems":2}}"#,
        hostile::deep_json(depth)
    ))
}

fn deep_detail(depth: usize) -> Vec<u8> {
    envelope(&format!(
        r#"{{"id":"deep-1","name":"deep","severity":"WARN","v":{}}}"#,
        hostile::deep_json(depth)
    ))
}

/// Runs `f` as the binary runs its body: on threads with the app's stack size.
fn on_app_threads<F, Fut>(f: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    std::thread::Builder::new()
        .stack_size(wf_tui::json::STACK_SIZE)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_stack_size(wf_tui::json::STACK_SIZE)
                .enable_all()
                .build()
                .unwrap()
                .block_on(f());
        })
        .unwrap()
        .join()
        .unwrap();
}

async fn deep_item_loads_everywhere(depth: usize) {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    let state = h.server.state().clone();
    // The detail first: the list's rule would match its path too.
    state.add_fault(hostile::serve("/api/v2/alert/", 200, deep_detail(depth)));
    state.add_fault(hostile::serve("/api/v2/alert", 200, deep_page(depth)));
    command_line(&mut h, "alerts");
    h.settle().await;
    let table = h.table();
    assert!(table.error().is_none(), "{:?}", table.error());
    let ids: Vec<_> = table
        .rows
        .to_rows()
        .filter_map(|r| r.id.as_deref().map(String::from))
        .collect();
    assert_eq!(ids, ["deep-1", "flat-1"], "the list loads: {}", h.render());

    h.press('i');
    h.settle().await;
    let View::Detail(d) = h.state.view() else {
        panic!("expected the inspector: {}", h.render())
    };
    let doc = d.doc().expect("the deep detail opens as JSON");
    assert!(doc.len() > depth, "{} nodes", doc.len());
    h.press('G');
    let _ = h.render();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.json");
    command_line(&mut h, &format!("w {}", file.display()));
    h.next_event().await;
    let saved = std::fs::read(&file).unwrap();
    assert!(
        wf_tui::json::Doc::parse(saved).is_ok(),
        "the saved document is JSON"
    );

    for args in [
        &["alert", "-o", "json"][..],
        &["alert", "deep-1", "-o", "json"][..],
    ] {
        let out = get(&h.server, args).await;
        assert!(
            out.status.success(),
            "get {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = wf_tui::json::Doc::parse(out.stdout).expect("stdout is one JSON document");
        assert!(doc.len() > depth, "get {args:?}: {} nodes", doc.len());
    }
}

#[test]
fn an_item_2000_levels_deep_loads_in_the_list_the_inspector_and_get() {
    on_app_threads(|| deep_item_loads_everywhere(2_000));
}

#[test]
fn an_item_100000_levels_deep_loads_in_the_list_the_inspector_and_get() {
    on_app_threads(|| deep_item_loads_everywhere(100_000));
}

/// The login's own call follows the same rule as every other: a 2xx with a `response` logs in
/// whatever `status.result` says; an `ERROR` with no payload is an error in its own words.
#[tokio::test]
async fn the_login_call_follows_the_http_status() {
    use wf_tui::app::LoginState;
    let server = DemoServer::start(Default::default()).await.unwrap();
    let odd = r#"{"status":{"result":"ERROR","message":"ignored","code":200},"response":[]}"#;
    let rule = server
        .state()
        .add_fault(hostile::serve("/api/v2/apitoken", 200, odd.as_bytes().to_vec()).times(1));
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    assert_eq!(rule.fired(), 1);
    assert!(
        matches!(h.state.login, LoginState::LoggedIn(_)),
        "{:?}",
        h.state.login
    );

    let server = DemoServer::start(Default::default()).await.unwrap();
    let refused = r#"{"status":{"result":"ERROR","message":"token is disabled","code":200}}"#;
    server.state().add_fault(hostile::serve(
        "/api/v2/apitoken",
        200,
        refused.as_bytes().to_vec(),
    ));
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account(server, account, (100, 30));
    h.settle().await;
    // An error, in the server's words; identity is a nicety (only a 401 or no answer fails
    // the login), so it shows as the reason the identity is unknown.
    match &h.state.login {
        LoginState::LoggedIn(status) => {
            let reason = status.identity_unknown.as_deref().unwrap_or_default();
            assert!(reason.contains("token is disabled"), "{reason}");
        }
        other => panic!("expected a login with the identity unknown, got {other:?}"),
    }
}
