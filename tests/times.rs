//! Times as people read them (#17): the local zone by default (`TZ` honoured), the settings'
//! `time_zone`, the `Z` toggle, the zone named where a time is shown in full; times typed in
//! the zone shown; confirmations with readable times; typed chart windows and the chart's query
//! edited in place.

#![allow(clippy::unwrap_used)] // A test fails by panicking; unwrap says where.

mod common;

use std::collections::HashMap;

use common::{Harness, key, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::tz::TimeZone;
use wf_tui::api::chart::{ChartQuery, Window, parse_query_result};
use wf_tui::app::chart::ChartView;
use wf_tui::app::overlays::confirm::Then;
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{LoginMethod, TokenStatus};
use wf_tui::format::Times;

/// Central European time as a POSIX rule: no time-zone database needed.
fn cet() -> Times {
    let zone = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
    Times::new(zone, TimeZone::UTC)
}

fn command_line(h: &mut Harness, line: &str) {
    h.press(':');
    h.type_text(line);
    h.key(KeyCode::Enter);
}

fn chart(h: &Harness) -> &ChartView {
    match h.state.view() {
        View::Chart(c) => c,
        other => panic!("expected a chart, got {other:?}"),
    }
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

// --- In a pseudo-terminal: the real binary, its zone from TZ or the settings file. ---

#[cfg(unix)]
mod pty {
    use super::common;
    use common::pty::{Step, Then, run_then};

    /// The demo's token pane, `t`, shows full times; `Z` toggles UTC. Japan has no summer
    /// time: the abbreviation is the same whatever the day the test runs. (The screen is
    /// drawn as changes: the blanks between words are cursor moves, so one word is looked for.)
    fn token_pane_times(config: Option<&str>, first: &str, toggled: &str) {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = common::wf_tui_command(home.path());
        cmd.arg("--demo")
            .env("TERM", "xterm-256color")
            .env("TZ", "JST-9");
        if let Some(text) = config {
            let file = home.path().join("config.toml");
            std::fs::write(&file, text).unwrap();
            cmd.arg("--config").arg(file);
        }
        let steps = [
            Step::Keys(b"t"),
            Step::Shown(first),
            Step::Keys(b"Z"),
            Step::Shown(toggled),
            Step::Keys(b"q"),
        ];
        let (status, out, _) = run_then(cmd, Some(("CLOUDWATCH", Then::Steps(&steps))));
        assert!(status.success(), "{status:?}: {out:?}");
    }

    #[test]
    fn times_are_local_by_default_and_z_toggles_utc() {
        token_pane_times(None, "JST", "UTC");
    }

    #[test]
    fn the_settings_can_choose_utc_and_z_goes_local() {
        token_pane_times(Some("time_zone = \"utc\"\n"), "UTC", "JST");
    }
}

// --- Charts: the zone on the axis and in the numbers, typed windows, the query edited. ---

const NOW: i64 = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC, 09:00 CET

fn chart_state(times: Times, size: (u16, u16)) -> State {
    let mut state = State::new("prod", size, NOW);
    state.times = times;
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        instance: "acme.wavefront.com".into(),
        method: Some(LoginMethod::ApiToken),
        ..TokenStatus::default()
    }));
    let mut view =
        ChartView::for_expression("ts(cpu.usage.percentage, env=prod and role=api)", NOW);
    view.set_window(Window::Hour);
    let query: ChartQuery = view.query.clone();
    let params: HashMap<String, String> = query.request().query.into_iter().collect();
    let answer = wf_tui::demo::chart::answer(&params, NOW).unwrap();
    view.data = Some(parse_query_result(&answer).unwrap());
    state.stack.push(View::Chart(Box::new(view)));
    state
}

#[test]
fn the_chart_reads_in_the_zone_shown_and_names_it() {
    let mut state = chart_state(cet(), (100, 30));
    let screen = render(&state);
    assert!(screen.contains("times CET"), "{screen}");
    // The axis ends at 09:00 CET (08:00 UTC) and starts an hour before.
    assert!(
        screen.contains("08:00") && screen.contains("09:00"),
        "{screen}"
    );
    insta::assert_snapshot!("chart_in_cet", screen);
    update(&mut state, Msg::Key(key(KeyCode::Tab)));
    let numbers = render(&state);
    assert!(numbers.contains("TIME (CET)"), "{numbers}");
    assert!(numbers.contains("01-15 08:0"), "{numbers}");
    // Z: the same chart in UTC.
    update(&mut state, Msg::Key(key(KeyCode::Char('Z'))));
    let utc = render(&state);
    assert!(
        utc.contains("TIME (UTC)") && utc.contains("times UTC"),
        "{utc}"
    );
    assert!(utc.contains("01-15 07:0"), "{utc}");
}

#[tokio::test]
async fn a_typed_window_reruns_the_chart() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(
        &mut h,
        "query ts(cpu.usage.percentage, env=prod and role=api)",
    );
    h.settle().await;
    h.press('w');
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.value().to_string()),
        Some("range ".into()),
        "w opens the command line on the window's word"
    );
    h.type_text("3h");
    h.key(KeyCode::Enter);
    h.settle().await;
    let c = chart(&h);
    assert_eq!(c.query.window, Window::Last(3 * 3_600_000));
    assert_eq!(c.query.end_ms - c.query.start_ms(), 3 * 3_600_000);
    assert_eq!(c.data.as_ref().unwrap().series[0].points.len(), 180);
    assert!(h.render().contains("window 3h"), "{}", h.render());
    assert_eq!(h.state.stack.len(), 2, "the same chart, not another");

    // A span between two times, read in the zone shown.
    h.state.times = cet();
    command_line(&mut h, "range 2027-01-15 09:00..12:00");
    h.settle().await;
    let c = chart(&h);
    assert_eq!(
        (c.query.start_ms(), c.query.end_ms),
        (NOW, NOW + 3 * 3_600_000)
    );
    let screen = h.render();
    assert!(
        screen.contains("window 01-15 09:00 – 01-15 12:00"),
        "{screen}"
    );
    assert!(c.request.failed().is_none(), "{:?}", c.request);

    // What cannot be read says how to write it, and the chart stays as it was.
    command_line(&mut h, "range 2027-02-31 09:00..10:00");
    let flash = h.state.flash.as_ref().map(|f| f.text.clone()).unwrap();
    assert!(
        flash.contains("is not a time") && flash.contains("in CET"),
        "{flash}"
    );
    assert_eq!(chart(&h).query.start_ms(), NOW);
}

#[tokio::test]
async fn the_query_is_edited_in_place_and_run_again() {
    let mut h = Harness::start(LoginMethod::CspApiToken).await;
    command_line(
        &mut h,
        "query ts(cpu.usage.percentage, env=prod and role=api)",
    );
    h.settle().await;
    h.press('i');
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.value().to_string()),
        Some("expr ts(cpu.usage.percentage, env=prod and role=api)".into())
    );
    // Back over "api)" and on with "web)".
    for _ in 0.."api)".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("web)");
    h.key(KeyCode::Enter);
    h.settle().await;
    assert_eq!(h.state.stack.len(), 2, "edited in place: no second chart");
    let c = chart(&h);
    assert_eq!(
        c.query.expression,
        "ts(cpu.usage.percentage, env=prod and role=web)"
    );
    let data = c.data.as_ref().expect("the edited query ran");
    assert_eq!(data.series[0].host.as_deref(), Some("web-01"));
    // Outside a chart the words say what they are for.
    h.key(KeyCode::Esc);
    command_line(&mut h, "expr ts(x)");
    let flash = h.state.flash.as_ref().map(|f| f.text.clone()).unwrap();
    assert!(flash.contains("chart"), "{flash}");
}

// --- Forms and confirmations: times typed in the zone shown, and shown back readable. ---

#[tokio::test]
async fn a_window_typed_in_local_time_is_confirmed_in_local_time() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.state.times = cet();
    command_line(&mut h, "maintenancewindow");
    h.settle().await;
    h.press('x');
    h.press('n');
    assert!(h.render().contains("times in CET"), "{}", h.render());
    h.type_text("Kernel patching");
    h.key(KeyCode::Tab);
    h.type_text("CVE-2026-1");
    h.key(KeyCode::Tab);
    h.send(Msg::Key(ctrl('u')));
    h.type_text("2027-01-15 09:00");
    h.key(KeyCode::Tab);
    h.send(Msg::Key(ctrl('u')));
    h.type_text("2027-01-15 10:30");
    h.key(KeyCode::Tab);
    h.type_text("db");
    h.key(KeyCode::Enter);
    let Some(Then::Mutate(m)) = h.state.confirm.as_ref().map(|c| &c.then) else {
        panic!("expected a confirmation: {:?}", h.state.flow);
    };
    let body = m.items[0].1.body.clone().unwrap();
    assert_eq!(body["startTimeInSeconds"], 1_800_000_000, "09:00 CET");
    assert_eq!(body["endTimeInSeconds"], 1_800_005_400);
    let screen = h.render();
    assert!(
        screen.contains("starts 2027-01-15 09:00:00 CET"),
        "{screen}"
    );
    assert!(
        screen.contains("ends   2027-01-15 10:30:00 CET"),
        "{screen}"
    );
    assert!(
        screen.contains("\"startTimeInSeconds\": 1800000000"),
        "{screen}"
    );
}

#[tokio::test]
async fn a_snooze_is_confirmed_with_its_end() {
    let mut h = Harness::start(LoginMethod::ApiToken).await;
    h.state.times = cet();
    command_line(&mut h, "alert");
    h.settle().await;
    h.press('x');
    h.press('f');
    h.type_text("1h 30m");
    h.key(KeyCode::Enter);
    let until = h.state.now_ms + 5_400_000;
    let expected = format!(
        "snoozed until about {} (for 1h30m)",
        h.state.times.full(until)
    );
    assert!(expected.ends_with("CET (for 1h30m)") || expected.contains("CEST"));
    let screen = h.render();
    assert!(screen.contains(&expected), "{expected}\n{screen}");
    assert!(screen.contains("snooze?seconds=5400"), "{screen}");
}

#[test]
fn the_token_pane_names_the_zone() {
    let mut state = State::new("prod", (100, 30), NOW);
    state.times = cet();
    state.login = LoginState::LoggedIn(Box::new(TokenStatus {
        account: "prod".into(),
        issued_at_ms: Some(NOW - 180_000),
        expires_at_ms: Some(NOW + 1_620_000),
        ..TokenStatus::default()
    }));
    state.stack.push(View::Token);
    let screen = render(&state);
    assert!(
        screen.contains("2027-01-15 08:57:00 CET (3m ago)"),
        "{screen}"
    );
    assert!(
        screen.contains("2027-01-15 09:27:00 CET (in 27m)"),
        "{screen}"
    );
}

// --- The command line: --start/--end in the zone (TZ, or the settings'), and the one duration
// parser behind --for. ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_times_are_read_in_the_zone_and_bad_ones_are_usage_errors() {
    let server = wf_tui::demo::DemoServer::start(Default::default())
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], config: Option<&str>| {
        let mut cmd = common::wf_tui_command(home.path());
        cmd.env("WAVEFRONT_ADDRESS", server.url())
            .env("WAVEFRONT_TOKEN", "unused-with-curl")
            .env("TZ", "JST-9");
        if let Some(text) = config {
            let file = home.path().join("config.toml");
            std::fs::write(&file, text).unwrap();
            cmd.arg("--config").arg(file);
        }
        cmd.args(args).output().unwrap()
    };
    let window = |start: &str, end: &str| {
        [
            "maintenancewindow",
            "create",
            "--title",
            "t",
            "--reason",
            "r",
            "--tag",
            "db",
            "--start",
            start,
            "--end",
            end,
            "--curl",
        ]
        .map(str::to_string)
    };
    let body = |out: std::process::Output| -> String {
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let args = window("2027-01-15 09:00", "2027-01-15 10:00");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // 09:00 in Japan is midnight UTC.
    let local = body(run(&args, None));
    assert!(
        local.contains("\"startTimeInSeconds\":1799971200"),
        "{local}"
    );
    assert!(local.contains("\"endTimeInSeconds\":1799974800"), "{local}");
    // The settings' zone wins over the system's.
    let utc = body(run(&args, Some("time_zone = \"utc\"\n")));
    assert!(utc.contains("\"startTimeInSeconds\":1800003600"), "{utc}");
    // An offset says its own zone.
    let args = window("2027-01-15T08:00:00Z", "2027-01-15T10:00:00+01:00");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(body(run(&args, None)).contains("\"startTimeInSeconds\":1800000000"));

    let args = window("2027-02-31 09:00", "+1h");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, None);
    assert_eq!(out.status.code(), Some(2), "no 31 February: {out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--start") && err.contains("is not a time"),
        "{err}"
    );

    let snooze = |d: &str| run(&["alert", "snooze", "42", "--for", d, "--curl"], None);
    let out = snooze("1h 30m");
    assert!(body(out).contains("snooze?seconds=5400"));
    let out = snooze("0m");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be more than zero"));
}

/// `Z`, `w` and `i` are the keymap's: the settings file moves them, and help lists them.
#[test]
fn the_new_keys_can_be_rebound() {
    use wf_tui::app::{Action, Scope};
    let text = "[keys.global]\ntoggle_utc = [\"U\"]\n[keys.chart]\ntype_window = [\"R\"]\nedit_query = [\"E\"]\n";
    let (settings, problems) = wf_tui::config::settings::parse(text);
    assert!(problems.is_empty(), "{problems:?}");
    let mut loaded = wf_tui::config::settings::Loaded {
        settings,
        ..wf_tui::config::settings::Loaded::defaults()
    };
    let applied = wf_tui::app::settings::apply(&mut loaded, false);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut state = chart_state(cet(), (100, 30));
    applied.keymap.clone_into(&mut state.keymap);
    assert_eq!(
        state.keymap.labels(Scope::Global, Action::ToggleUtc),
        vec!["U"]
    );
    update(&mut state, Msg::Key(key(KeyCode::Char('Z'))));
    assert!(render(&state).contains("times CET"), "Z no longer toggles");
    update(&mut state, Msg::Key(key(KeyCode::Char('U'))));
    assert!(render(&state).contains("times UTC"));
    update(&mut state, Msg::Key(key(KeyCode::Char('R'))));
    assert_eq!(
        state.prompt.as_ref().map(|p| p.value().to_string()),
        Some("range ".into())
    );
    update(&mut state, Msg::Key(key(KeyCode::Esc)));
    update(&mut state, Msg::Key(key(KeyCode::Char('E'))));
    let line = state
        .prompt
        .as_ref()
        .map(|p| p.value().to_string())
        .unwrap();
    assert!(line.starts_with("expr ts(cpu.usage.percentage"), "{line}");
    update(&mut state, Msg::Key(key(KeyCode::Esc)));
    update(&mut state, Msg::Key(key(KeyCode::Char('?'))));
    let help = render(&state);
    assert!(help.contains("edit the query (enter reruns it)"), "{help}");
}
