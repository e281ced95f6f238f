//! Property: whatever the page size, the paging style and the faults on the way, loading a
//! whole collection yields every item exactly once, in server order.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::time::Duration;

use common::Harness;
use proptest::prelude::*;
use wf_tui::api::catalog::{BASE, Kind, SOURCES};
use wf_tui::api::retry::RetryPolicy;
use wf_tui::auth::LoginMethod;
use wf_tui::demo::faults::{Fault, FaultRule};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::WorkerConfig;

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::TooManyRequests { retry_after: None }),
        Just(Fault::NotAcceptable),
        Just(Fault::ServerError(500)),
        Just(Fault::ServerError(503)),
        Just(Fault::CutShort),
    ]
}

/// Cloud integrations seven at a time: 41 items over six offset pages.
static SMALL_PAGES: Kind = Kind {
    page_size: 7,
    ..CLOUD_INTEGRATIONS_LIKE
};

const CLOUD_INTEGRATIONS_LIKE: Kind = Kind {
    name: "cloudintegration",
    title: "Cloud integrations",
    list_path: "/api/v2/cloudintegration",
    ..BASE
};

async fn load_all(
    sources: usize,
    kind: &'static Kind,
    faults: Vec<(Fault, u32, u32)>,
) -> (Vec<String>, Vec<String>) {
    let server = DemoServer::start(DemoOptions {
        sources,
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    for (fault, every, times) in faults {
        server
            .state()
            .add_fault(FaultRule::new(fault).every(every).times(times));
    }
    let account = server.account(LoginMethod::ApiToken);
    let config = WorkerConfig {
        retry: RetryPolicy {
            max_retries: 6,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(5),
        },
        ..WorkerConfig::ephemeral()
    };
    let mut h = Harness::with_account_config(server, account, config, (100, 30));
    h.state = wf_tui::app::State::with_kind(kind, "demo", (100, 30), 0);
    h.settle().await;
    for _ in 0..200 {
        if h.table().next.is_none() && !h.table().is_loading() {
            break;
        }
        h.press('G');
        h.settle().await;
    }
    let got: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    // The server's order, fetched without faults.
    h.server.state().clear_faults();
    h.press('r');
    h.settle().await;
    let truth: Vec<String> = h
        .table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    (got, truth)
}

// At most three rules firing at most twice each: six failures in a row at worst, one fewer
// than the seven attempts the retry policy above allows, so every page gets through.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    #[test]
    fn cursor_paging_survives_faults(
        sources in 1usize..1500,
        faults in prop::collection::vec((fault(), 1u32..5, 1u32..3), 0..4),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (got, truth) = rt.block_on(load_all(sources, &SOURCES, faults));
        prop_assert_eq!(got.len(), sources);
        prop_assert_eq!(got, truth);
    }

    #[test]
    fn offset_paging_survives_faults(
        faults in prop::collection::vec((fault(), 1u32..5, 1u32..3), 0..4),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (got, truth) = rt.block_on(load_all(0, &SMALL_PAGES, faults));
        prop_assert_eq!(got.len(), 41);
        prop_assert_eq!(got, truth);
    }
}

/// The paging faults of issue #15 and whether the list still gets every item.
fn paging_fault() -> impl Strategy<Value = (&'static str, bool)> {
    prop_oneof![
        Just(("loop", false)),
        Just(("more", true)),
        Just(("ignoreoffset", false)),
        Just(("dup", true)),
        Just(("nooffset", true)),
        Just(("nooffset:echo=-1", true)),
    ]
}

/// `G` until the list says it is done, against a stand-in with `fault`: the ids loaded, the
/// ids the server holds, and the list requests sent.
async fn load_all_with(
    sources: usize,
    kind: &'static Kind,
    fault: &str,
) -> (Vec<String>, Vec<String>, usize) {
    let server = DemoServer::start(DemoOptions {
        sources,
        faults: vec![fault.to_string()],
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let account = server.account(LoginMethod::ApiToken);
    let mut h = Harness::with_account_config(server, account, WorkerConfig::ephemeral(), (100, 30));
    h.state = wf_tui::app::State::with_kind(kind, "demo", (100, 30), 0);
    h.settle().await;
    for _ in 0..200 {
        if h.table().next.is_none() && !h.table().is_loading() {
            break;
        }
        h.press('G');
        h.settle().await;
    }
    let got = h
        .table()
        .rows
        .to_rows()
        .map(|r| r.id.as_deref().map(String::from).unwrap())
        .collect();
    let sent = h
        .server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == kind.list_path)
        .count();
    let truth = match kind.paging {
        wf_tui::api::paging::Paging::Cursor => (0..sources)
            .map(|i| {
                wf_tui::demo::synthetic_source(i, 0)["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect(),
        _ => h
            .server
            .state()
            .items("cloudintegration")
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect(),
    };
    (got, truth, sent)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    /// Whatever the server's paging does wrong, loading everything ends, within a page per
    /// item page and a few, and holds each item once, in server order.
    #[test]
    fn paging_always_ends(
        (fault, complete) in paging_fault(),
        cursor in any::<bool>(),
        sources in 1usize..2500,
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (kind, sources): (&'static Kind, usize) =
            if cursor { (&SOURCES, sources) } else { (&SMALL_PAGES, 0) };
        let (got, truth, sent) = rt.block_on(load_all_with(sources, kind, fault));
        let unique: std::collections::HashSet<&String> = got.iter().collect();
        prop_assert_eq!(unique.len(), got.len(), "duplicates");
        let page = kind.page_size as usize;
        prop_assert!(sent <= truth.len().div_ceil(page) + 3, "{} requests for {}", sent, truth.len());
        if complete {
            prop_assert_eq!(&got, &truth);
        } else {
            prop_assert!(got.iter().all(|id| truth.contains(id)));
            prop_assert_eq!(&got[..], &truth[..got.len()], "a prefix of the server's order");
        }
    }
}
