//! Idle means idle: a list on screen with no input wakes the app only when something visible
//! changes (the token's countdown, the list's age) or a refresh is due, and the worker sends
//! nothing by itself. The runtime draws once per message and never on a bare tick, so counting
//! the wakeups `next_tick_ms` asks for counts the frames. (PERFORMANCE.md measures the CPU time
//! of the real binary; this is the part that can be checked without a clock.)

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::time::Duration;

use common::Harness;
use wf_tui::app::{Msg, update};
use wf_tui::auth::LoginMethod;

/// Follows the app's own timer for `minutes` of simulated time; returns the wakeups. Each one
/// changes what is on screen (else it woke the app for nothing).
fn wakeups_over(h: &mut Harness, minutes: i64) -> Vec<i64> {
    let start = h.state.now_ms;
    let end = start + minutes * 60_000;
    let mut times = Vec::new();
    while let Some(at) = h.state.next_tick_ms() {
        assert!(
            at > h.state.now_ms,
            "a timer that is already due would spin"
        );
        if at > end {
            break;
        }
        let before = h.render();
        h.state.now_ms = at;
        times.push(at - start);
        let _ = update(&mut h.state, Msg::Tick);
        assert_ne!(h.render(), before, "woke at {} for nothing", at - start);
    }
    times
}

/// The wakeups once the list's age reads in minutes: in its first minute it counts by the
/// second ("updated 5s ago", issue #17), each wakeup a change on screen.
fn after_the_first_minute(times: &[i64]) -> Vec<i64> {
    times.iter().copied().filter(|&t| t > 60_000).collect()
}

#[tokio::test]
async fn an_idle_list_wakes_at_most_twice_a_minute_and_the_worker_stays_quiet() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    assert!(!h.table().rows.is_empty());
    // Nothing arrives from the worker while nothing is asked (no polling, no heartbeat): 20
    // minutes of the worker's clock, well before the 30-minute token's refresh (27 min), go
    // by without a word. The clock is paused and moved, so nothing waits on the wall.
    h.transcript = Some(String::new());
    tokio::time::pause();
    for _ in 0..20 {
        tokio::time::advance(Duration::from_secs(60)).await;
        // Room for what a timer started (a request on loopback) to answer; the paused clock
        // jumps ahead when the runtime idles. (28 such minutes do show the refresh.)
        let _ = tokio::time::timeout(Duration::from_secs(5), h.next_event()).await;
    }
    h.drain();
    assert_eq!(
        h.transcript.take().as_deref(),
        Some(""),
        "the worker sent something unasked"
    );

    // Auto-refresh off (the lists' and the firing badge's): only the countdown (a 30-minute
    // token: minutes) and the list's age.
    h.state.refresh_every_ms = None;
    h.state.firing.every_ms = None;
    let times = wakeups_over(&mut h, 11);
    let later = after_the_first_minute(&times);
    assert!(
        later.len() <= 20,
        "{} wakeups in 10 idle minutes: {later:?}",
        later.len()
    );
    // The countdown and the age change on clocks of their own (the token's expiry, the
    // list's load), so two wakeups may fall close together; each changed the screen
    // (`wakeups_over`), none was for nothing.
}

#[tokio::test]
async fn a_list_without_a_countdown_or_refresh_wakes_only_for_its_age() {
    // A service account token does not expire: no countdown. No auto-refresh. The only timer
    // left is the list's age ("loaded 3m ago"), once a minute.
    let mut h = Harness::start(LoginMethod::ServiceAccountToken).await;
    h.state.refresh_every_ms = None;
    h.state.firing.every_ms = None;
    let times = wakeups_over(&mut h, 11);
    let first: Vec<i64> = times.iter().copied().filter(|&t| t <= 60_000).collect();
    assert_eq!(
        first.len(),
        60,
        "by the second in the first minute: {first:?}"
    );
    let later = after_the_first_minute(&times);
    assert!(
        later.len() <= 10,
        "{} wakeups in 10 idle minutes: {later:?}",
        later.len()
    );
}

/// The dashboard player, paused, with every panel on screen answered: it asks for no timer of
/// its own (the header's token countdown is the only wakeup left, as on a list), and live it
/// wakes once a refresh period, not more.
#[tokio::test]
async fn a_paused_player_wakes_for_nothing_and_a_live_one_once_a_refresh() {
    use crossterm::event::KeyCode;
    use wf_tui::app::View;
    use wf_tui::app::views::ViewBehaviour;
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    h.press(':');
    h.type_text("play demo-24-panels");
    h.key(KeyCode::Enter);
    h.settle().await;
    let View::Dashboard(p) = h.state.view() else {
        panic!("the player");
    };
    assert!(p.inflight.is_empty() && p.dashboard.is_some());
    let now = h.state.now_ms;
    let refresh = p.next_refresh_ms().unwrap();
    assert_eq!(
        p.next_tick_ms(now),
        Some(refresh),
        "live: only the refresh is due"
    );
    h.press('p');
    let View::Dashboard(p) = h.state.view() else {
        panic!("the player");
    };
    assert_eq!(p.next_tick_ms(h.state.now_ms), None, "paused: no timer");
    // The alerts badge's first poll is due at once (the app's, not the player's): let it run.
    h.send(Msg::Tick);
    let _ = tokio::time::timeout(Duration::from_secs(5), h.next_event()).await;
    // What is left is the app's own: the token's countdown, each one a change on screen.
    // The header's token countdown reads in minutes: one a minute at most.
    let wakeups = wakeups_over(&mut h, 10);
    assert!(wakeups.len() <= 11, "{wakeups:?}");
    let View::Dashboard(p) = h.state.view() else {
        panic!("the player");
    };
    assert!(
        p.inflight.is_empty(),
        "paused: nothing was run by the clock"
    );
}
