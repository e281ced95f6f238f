//! The dashboard player's data over real HTTP to the stand-in: the pool's limit counted at the
//! stand-in, a new generation dropping the old one's queries, throttling reported and got over,
//! every demo dashboard's panels answered, DYNAMIC variables resolved, and favourites (refused
//! in read-only mode). The pool's timing itself is tested on paused time beside its code.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use wf_tui::api::chart::{ChartQuery, Window};
use wf_tui::api::chart_events::ShowEvents;
use wf_tui::api::dashboard::queries::plan;
use wf_tui::api::dashboard::{Dashboard, default_bindings, substitute};
use wf_tui::auth::LoginMethod;
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::dashboard::{PanelKey, PanelQuery};
use wf_tui::worker::{self, Command, Event, WorkerConfig};

struct Player {
    server: DemoServer,
    commands: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
}

async fn player(faults: &[&str], config: WorkerConfig) -> Player {
    let server = DemoServer::start(DemoOptions {
        faults: faults.iter().map(ToString::to_string).collect(),
        ..Default::default()
    })
    .await
    .unwrap();
    let (commands, mut events) = worker::spawn(config);
    let account = server.account(LoginMethod::ApiToken);
    commands.send(Command::Login(Box::new(account))).unwrap();
    loop {
        match next(&mut events).await {
            Event::LoggedIn(_) => break,
            Event::LoginFailed { error, .. } => panic!("login failed: {error}"),
            _ => {}
        }
    }
    server.state().take_most_in_flight();
    Player {
        server,
        commands,
        events,
    }
}

async fn next(events: &mut UnboundedReceiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(30), events.recv())
        .await
        .expect("an event within 30 s")
        .expect("the worker is alive")
}

fn dashboard(p: &Player, id: &str) -> Dashboard {
    let items = p.server.state().items("dashboard");
    Dashboard::read(items.iter().find(|d| d["id"] == id).unwrap())
}

/// The queries the player runs for a dashboard at its defaults, over the last hour.
fn panel_queries(d: &Dashboard, generation: u64) -> Vec<PanelQuery> {
    panel_queries_with(d, generation, ShowEvents::default())
}

fn panel_queries_with(d: &Dashboard, generation: u64, events: ShowEvents) -> Vec<PanelQuery> {
    let now = wf_tui::auth::session::wall_ms();
    plan(d, &default_bindings(&d.variables))
        .into_iter()
        .filter(wf_tui::api::dashboard::queries::PlannedQuery::runs)
        .map(|q| PanelQuery {
            key: PanelKey {
                generation,
                place: q.place,
            },
            query: ChartQuery {
                events,
                ..ChartQuery::new(q.query, Window::Hour, now)
            },
        })
        .collect()
}

/// Chart requests answered (the stand-in logs a request when it answers it).
fn chart_requests(p: &Player) -> usize {
    p.server
        .state()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v2/chart/api")
        .count()
}

/// Answers until `n` of `generation` came; the others' generations, and throttle notices.
async fn answers(p: &mut Player, generation: u64, n: usize) -> (usize, Vec<u64>, Vec<String>) {
    let (mut ok, mut others, mut notices) = (0, Vec::new(), Vec::new());
    let mut got = 0;
    while got < n {
        match next(&mut p.events).await {
            Event::DashboardAnswer { key, result } if key.generation == generation => {
                got += 1;
                let data = result.unwrap_or_else(|e| panic!("{key:?}: {e}"));
                assert!(
                    data.series.iter().any(|s| !s.points.is_empty()),
                    "{key:?}: a live-looking answer"
                );
                ok += 1;
            }
            Event::DashboardAnswer { key, .. } => others.push(key.generation),
            Event::DashboardThrottled(t) => notices.push(format!("throttled {}", t.reason)),
            Event::DashboardResumed { .. } => notices.push("resumed".into()),
            _ => {}
        }
    }
    (ok, others, notices)
}

#[tokio::test]
async fn the_24_panels_answer_with_never_more_than_the_limit_at_the_stand_in() {
    let mut p = player(
        &["latency:ms=40:path=/api/v2/chart/api"],
        WorkerConfig::ephemeral(),
    )
    .await;
    let d = dashboard(&p, "demo-24-panels");
    let queries = panel_queries(&d, 1);
    assert_eq!(queries.len(), 24);
    p.commands
        .send(Command::DashboardQueries {
            generation: 1,
            limit: 3,
            queries,
        })
        .unwrap();
    let (ok, others, _) = answers(&mut p, 1, 24).await;
    assert_eq!(ok, 24);
    assert!(others.is_empty());
    assert_eq!(
        p.server.state().take_most_in_flight(),
        3,
        "the limit, used and kept"
    );
    assert_eq!(chart_requests(&p), 24);
}

#[tokio::test]
async fn every_panel_of_every_demo_dashboard_gets_a_live_answer() {
    let mut p = player(&[], WorkerConfig::ephemeral()).await;
    let ids: Vec<String> = p
        .server
        .state()
        .items("dashboard")
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    for (generation, id) in (1..).zip(ids) {
        let d = dashboard(&p, &id);
        // Without the events: 500 queries, each event lookup costs a debug build's stand-in.
        let queries = panel_queries_with(&d, generation, ShowEvents::Off);
        let n = queries.len();
        if id.starts_with("demo-") {
            assert!(n > 10, "{id}");
        }
        p.commands
            .send(Command::DashboardQueries {
                generation,
                limit: 8,
                queries,
            })
            .unwrap();
        let (ok, _, _) = answers(&mut p, generation, n).await;
        assert_eq!(ok, n, "{id}");
    }
}

#[tokio::test]
async fn a_new_generation_drops_the_queued_and_cancel_drops_everything() {
    let mut p = player(
        &["latency:ms=1500:path=/api/v2/chart/api"],
        WorkerConfig::ephemeral(),
    )
    .await;
    let state = p.server.state().clone();
    let received_at_login = state.received();
    let sent = || state.received() - received_at_login;
    let d = dashboard(&p, "demo-24-panels");
    p.commands
        .send(Command::DashboardQueries {
            generation: 1,
            limit: 4,
            queries: panel_queries(&d, 1),
        })
        .unwrap();
    // Wait until the four are at the stand-in (no timing is asserted).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while state.in_flight() < 4 {
        assert!(tokio::time::Instant::now() < deadline, "four in flight");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut second = panel_queries(&d, 2);
    second.truncate(2);
    p.commands
        .send(Command::DashboardQueries {
            generation: 2,
            limit: 4,
            queries: second,
        })
        .unwrap();
    let (ok, others, _) = answers(&mut p, 2, 2).await;
    assert_eq!(ok, 2);
    assert!(
        others.is_empty(),
        "no answer of the old generation: {others:?}"
    );
    assert_eq!(sent(), 4 + 2, "the old generation's queue was dropped");
    assert_eq!(chart_requests(&p), 2, "its four in flight were given up on");

    p.commands
        .send(Command::DashboardQueries {
            generation: 3,
            limit: 4,
            queries: panel_queries(&d, 3),
        })
        .unwrap();
    while sent() < 10 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    p.commands.send(Command::DashboardCancel).unwrap();
    // A request after the cancel: its answer comes after the cancel took effect.
    p.commands
        .send(Command::DashboardFavorite {
            id: 9,
            dashboard: "demo-24-panels".into(),
            favorite: true,
        })
        .unwrap();
    loop {
        match next(&mut p.events).await {
            Event::DashboardFavorited { .. } => break,
            Event::DashboardAnswer { key, .. } => panic!("an answer after the cancel: {key:?}"),
            _ => {}
        }
    }
    // Longer than the stand-in's latency: an answer not aborted would have come by now.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    while let Ok(e) = p.events.try_recv() {
        assert!(!matches!(e, Event::DashboardAnswer { .. }), "{e:?}");
    }
    assert_eq!(sent(), 10 + 1, "nothing queued was sent after the cancel");
    assert_eq!(chart_requests(&p), 2);
}

#[tokio::test]
async fn throttling_is_reported_then_every_panel_answers() {
    let mut p = player(
        &["429:times=3:path=/api/v2/chart/api"],
        WorkerConfig::ephemeral(),
    )
    .await;
    let d = dashboard(&p, "demo-24-panels");
    p.commands
        .send(Command::DashboardQueries {
            generation: 1,
            limit: 8,
            queries: panel_queries(&d, 1),
        })
        .unwrap();
    let (ok, _, notices) = answers(&mut p, 1, 24).await;
    assert_eq!(ok, 24);
    assert!(
        notices.first().is_some_and(|n| n.starts_with("throttled")),
        "{notices:?}"
    );
    assert!(notices.contains(&"resumed".to_string()), "{notices:?}");
}

#[tokio::test]
async fn dynamic_variables_resolve_through_the_api() {
    let mut p = player(&[], WorkerConfig::ephemeral()).await;
    let d = dashboard(&p, "demo-player-tour");
    let bindings = default_bindings(&d.variables);
    let now = wf_tui::auth::session::wall_ms();
    let dynamic: Vec<_> = d.variables.iter().filter(|v| v.dynamic.is_some()).collect();
    assert_eq!(dynamic.len(), 5);
    for (id, v) in (100..).zip(&dynamic) {
        let dy = v.dynamic.clone().unwrap();
        let query = substitute(dy.query.as_deref().unwrap(), &bindings).query;
        p.commands
            .send(Command::DashboardVariable {
                id,
                name: v.name.clone(),
                dynamic: dy,
                query: ChartQuery::new(query, Window::Hour, now),
            })
            .unwrap();
    }
    let mut values = std::collections::BTreeMap::new();
    while values.len() < dynamic.len() {
        if let Event::DashboardVariable { name, result, .. } = next(&mut p.events).await {
            values.insert(name, result.unwrap());
        }
    }
    assert!(values["host"].len() >= 2, "{values:?}");
    assert_eq!(values["zone"], ["us-east-1a", "us-east-1b", "us-west-2a"]);
    assert_eq!(values["metric"], ["jvm.memory.used"]);
    for tag in [
        "canary",
        "region.us-east-1",
        "role.api",
        "role.db",
        "role.web",
    ] {
        assert!(values["tier"].iter().any(|t| t == tag), "{values:?}");
    }
    assert_eq!(values["region"], values["tier"]);
}

#[tokio::test]
async fn favourites_flip_and_read_only_refuses_them() {
    let mut p = player(&[], WorkerConfig::ephemeral()).await;
    let before = dashboard_json(&p, "demo-player-tour");
    for (id, on) in [(1, true), (2, true), (3, false)] {
        p.commands
            .send(Command::DashboardFavorite {
                id,
                dashboard: "demo-player-tour".into(),
                favorite: on,
            })
            .unwrap();
        loop {
            if let Event::DashboardFavorited {
                id: got, result, ..
            } = next(&mut p.events).await
            {
                assert_eq!(got, id);
                result.unwrap();
                break;
            }
        }
        let now = dashboard_json(&p, "demo-player-tour");
        assert_eq!(now["favorite"], on);
    }
    let after = dashboard_json(&p, "demo-player-tour");
    assert_eq!(after["numFavorites"], before["numFavorites"]);

    let config = WorkerConfig {
        read_only: wf_tui::readonly::ReadOnly::new(true, false, false),
        ..WorkerConfig::ephemeral()
    };
    let mut ro = player(&[], config).await;
    ro.commands
        .send(Command::DashboardFavorite {
            id: 4,
            dashboard: "demo-player-tour".into(),
            favorite: true,
        })
        .unwrap();
    loop {
        if let Event::DashboardFavorited { result, .. } = next(&mut ro.events).await {
            let e = result.unwrap_err();
            assert!(e.to_string().starts_with("read-only: POST"), "{e}");
            break;
        }
    }
    assert!(
        !ro.server
            .state()
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/favorite")),
        "nothing was sent"
    );
}

fn dashboard_json(p: &Player, id: &str) -> serde_json::Value {
    let items = p.server.state().items("dashboard");
    items.iter().find(|d| d["id"] == id).unwrap().clone()
}
