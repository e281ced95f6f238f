//! Shared test helpers: a stand-in server, a real worker, and `update` driven by what the worker
//! sends back, the way the runtime drives it but without a terminal.
#![allow(dead_code)]

pub mod pty;
pub mod schema;
pub mod spec;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use wf_tui::app::{LoginState, Msg, State, View, update};
use wf_tui::auth::{Account, LoginMethod};
use wf_tui::demo::{DemoOptions, DemoServer};
use wf_tui::worker::{self, Command, Event, WorkerConfig};

pub struct Harness {
    pub server: DemoServer,
    pub state: State,
    /// When set, every screen and every command after every message is appended here, for
    /// tests that scan everything the app showed or asked for.
    pub transcript: Option<String>,
    commands: UnboundedSender<Command>,
    events: UnboundedReceiver<Event>,
    /// Runs of the editor the app asked for (the runtime's to carry out), oldest first.
    pub editor_jobs: Vec<wf_tui::editor::EditorJob>,
    /// Where the stand-in editor keeps its files.
    pub edits_dir: tempfile::TempDir,
}

impl Harness {
    /// A stand-in, a worker, and a state logged in with `method` and settled.
    pub async fn start(method: LoginMethod) -> Harness {
        Self::start_with(DemoOptions::default(), method, (100, 30)).await
    }

    pub async fn start_with(
        options: DemoOptions,
        method: LoginMethod,
        size: (u16, u16),
    ) -> Harness {
        let server = DemoServer::start(options)
            .await
            .expect("demo server starts");
        let account = server.account(method);
        let mut h = Self::with_account(server, account, size);
        h.settle().await;
        h
    }

    /// Sends `Login(account)` and returns without waiting.
    pub fn with_account(server: DemoServer, account: Account, size: (u16, u16)) -> Harness {
        Self::with_account_config(server, account, WorkerConfig::ephemeral(), size)
    }

    pub fn with_account_config(
        server: DemoServer,
        account: Account,
        config: WorkerConfig,
        size: (u16, u16),
    ) -> Harness {
        let mut h = Self::logged_out(server, config, size);
        h.state = State::new(&account.name, size, wf_tui::auth::session::wall_ms());
        h.commands.send(Command::Login(Box::new(account))).unwrap();
        h
    }

    /// The first start: nothing configured, the login pane open, a worker with `config`.
    pub fn logged_out(server: DemoServer, config: WorkerConfig, size: (u16, u16)) -> Harness {
        let (commands, events) = worker::spawn(config);
        Harness {
            server,
            transcript: None,
            state: State::logged_out(size, wf_tui::auth::session::wall_ms()),
            commands,
            events,
            editor_jobs: Vec::new(),
            edits_dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn run_command(&mut self, command: Command) {
        self.commands.send(command).unwrap();
    }

    /// Types text as key presses.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(c);
        }
    }

    pub fn send(&mut self, msg: Msg) {
        self.state.now_ms = wf_tui::auth::session::wall_ms();
        if let Some(t) = self.transcript.as_mut() {
            t.push_str(&format!("{msg:?}\n"));
        }
        let commands = update(&mut self.state, msg);
        if let Some(t) = &mut self.transcript {
            t.push_str(&render(&self.state));
            t.push_str(&format!("{commands:?}\n{:?}\n", self.state));
        }
        for c in commands {
            match c {
                // The runtime runs the editor; here the test does (see `Harness::edit`).
                Command::Edit(job) => self.editor_jobs.push(*job),
                c => self.commands.send(c).unwrap(),
            }
        }
    }

    /// Plays the editor on the last text the app opened it on: `change` gives the text saved
    /// (or an error, as an editor that exits with a failure), then the app hears of it.
    pub async fn edit(
        &mut self,
        change: impl FnOnce(&str) -> Result<String, wf_tui::editor::EditorError>,
    ) {
        let job = self.editor_jobs.pop().expect("the app opened the editor");
        let dir = self.edits_dir.path().to_path_buf();
        let now = wf_tui::auth::session::wall_ms();
        let edited = wf_tui::editor::run_with(job, &dir, now, |file| async move {
            let text = std::fs::read_to_string(&file).unwrap();
            let new = change(&text)?;
            std::fs::write(&file, new).unwrap();
            Ok(())
        })
        .await;
        self.send(Msg::Edited(Box::new(edited)));
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(key(code)));
    }

    pub fn press(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }

    /// Feeds worker events into `update` until nothing is loading any more.
    pub async fn settle(&mut self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while self.busy() {
            let ev = tokio::time::timeout_at(deadline, self.events.recv())
                .await
                .expect("the worker answers within 20 s")
                .expect("the worker is alive");
            self.send(Msg::Worker(ev));
        }
    }

    /// Feeds whatever the worker has already sent, without waiting.
    pub fn drain(&mut self) {
        while let Ok(ev) = self.events.try_recv() {
            self.send(Msg::Worker(ev));
        }
    }

    /// Waits for the next worker event and feeds it.
    pub async fn next_event(&mut self) {
        let ev = tokio::time::timeout(Duration::from_secs(20), self.events.recv())
            .await
            .expect("an event within 20 s")
            .expect("the worker is alive");
        self.send(Msg::Worker(ev));
    }

    pub fn busy(&self) -> bool {
        matches!(self.state.login, LoginState::Pending { .. })
            || self.state.switching.is_some()
            || self.state.query_cache.is_asking()
            || self.state.stack.iter().any(|v| match v {
                View::Table(t) => t.is_loading(),
                View::Detail(d) => d.request().is_some(),
                View::Form(f) => f.testing,
                View::Chart(c) => c.request.is_loading(),
                View::Alert(a) => a.is_loading(),
                View::Edit(e) => e.waiting().is_some(),
                View::Versions(v) => v.is_loading(),
                View::Metrics(m) => m.is_loading(),
                View::Dashboard(p) => p.is_loading(),
                _ => false,
            })
    }

    pub fn token(&self) -> &wf_tui::auth::TokenStatus {
        match &self.state.login {
            LoginState::LoggedIn(t) => t,
            other => panic!("not logged in: {other:?}"),
        }
    }

    pub fn table(&self) -> &wf_tui::app::table::TableView {
        match self.state.view() {
            View::Table(t) => t,
            other => panic!("expected a table, got {other:?}"),
        }
    }

    pub fn render(&self) -> String {
        render(&self.state)
    }
}

/// A saved account (API token) for a stand-in, as the multi-account tests save them.
pub fn saved_account(name: &str, server: &DemoServer) -> wf_tui::config::accounts::SavedAccount {
    wf_tui::config::accounts::SavedAccount {
        name: name.into(),
        address: server.url(),
        method: LoginMethod::ApiToken,
        csp_url: None,
        client_id: None,
        org_id: None,
        readonly: false,
    }
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

/// Draws the state on a `TestBackend` of the state's size and returns the screen as text.
pub fn render(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            wf_tui::ui::draw(f, state);
        })
        .unwrap();
    buffer_text(terminal.backend().buffer())
}

pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The real binary with its config, state and data folders in `home` and no account in the
/// environment, so a test never touches the person's files or credentials.
pub fn wf_tui_command(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_wf-tui"));
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
    ] {
        cmd.env(var, home.join(var.to_lowercase()));
    }
    cmd.env("HOME", home);
    // Windows's known folders ignore the variables above: name the folders outright (the
    // same ones, so tests that write files there work everywhere).
    cmd.env(
        "WF_TUI_CONFIG_DIR",
        home.join("xdg_config_home").join("wf-tui"),
    );
    cmd.env(
        "WF_TUI_STATE_DIR",
        home.join("xdg_state_home").join("wf-tui"),
    );
    for (var, _) in std::env::vars_os() {
        let name = var.to_string_lossy();
        if name.starts_with("WAVEFRONT_") || name.starts_with("CSP_") {
            cmd.env_remove(&var);
        }
    }
    // The person's settings never reach a test: only the folders above, or what a test names.
    for var in ["WF_TUI_CONFIG", "WF_TUI_REFRESH", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A stand-in in this process with `faults` from the start, and the binary logging in to it
/// with an API token from the environment: the stand-in's request record is the test's to read.
pub struct StandIn {
    pub server: DemoServer,
    pub home: tempfile::TempDir,
}

impl StandIn {
    pub async fn start(faults: &[&str]) -> StandIn {
        let options = wf_tui::demo::DemoOptions {
            faults: faults.iter().map(ToString::to_string).collect(),
            ..Default::default()
        };
        Self::start_with(options).await
    }

    pub async fn start_with(options: wf_tui::demo::DemoOptions) -> StandIn {
        StandIn {
            server: DemoServer::start(options).await.unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// The binary, isolated in `home`, with the stand-in's address and token in its
    /// environment.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = wf_tui_command(self.home.path());
        cmd.env("WAVEFRONT_ADDRESS", self.server.url());
        cmd.env(
            "WAVEFRONT_TOKEN",
            self.server.credentials().api_token.expose(),
        );
        cmd.args(args);
        cmd
    }
}
