//! The command line: `wf-tui [--demo]` runs the TUI, `wf-tui demo-server` the stand-in alone.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::app::WfImport;
use crate::auth::LoginMethod;
use crate::config::accounts::{AccountsFile, SecretsMode};
use crate::config::{Paths, env, wavefront_cli};
use crate::demo::{DemoOptions, DemoServer};
use crate::runtime::{Launch, Start};
use crate::worker::{AccountsLocation, SecretsChoice, WorkerConfig};

mod account;
pub mod actions;
pub mod alerting;
pub mod dashboard;
pub mod dashboard_render;
pub mod docs;
pub mod edit;
pub mod event;
pub mod get;
pub mod history;
mod info;
mod metrics;
mod query;
pub mod sync;

use account::{CliAccount, Who};

#[derive(Debug, Parser)]
#[command(
    name = "wf-tui",
    version,
    about = "A terminal UI for the REST API of VMware Aria Operations for Applications (Wavefront)",
    after_help = "Accounts from the environment: WAVEFRONT_ADDRESS (or WAVEFRONT_ENDPOINT) with \
                  WAVEFRONT_TOKEN, CSP_API_TOKEN, or CSP_APP_ID + CSP_APP_SECRET [+ CSP_ORG_ID]; \
                  CSP_BASE_URL changes the CSP console."
)]
pub struct Cli {
    /// Run against the built-in stand-in instance (no account needed).
    #[arg(long, conflicts_with = "profile")]
    pub demo: bool,

    /// Log in to this saved account (wins over the environment and the default account).
    #[arg(long, short = 'p', value_name = "NAME", global = true)]
    pub profile: Option<String>,

    /// Seconds a request may take in all before it fails (retried when it is a read).
    /// Default 60, or `timeout` in the settings file.
    #[arg(long, value_name = "SECONDS", global = true, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,

    /// Seconds to wait for a connection. Default 10, or `connect_timeout` in the settings file.
    #[arg(long, value_name = "SECONDS", global = true, value_parser = clap::value_parser!(u64).range(1..))]
    pub connect_timeout: Option<u64>,

    /// Seconds between automatic refreshes of a list (0: never). Also `WF_TUI_REFRESH`;
    /// default 30, or `refresh` in the settings file.
    #[arg(long, value_name = "SECONDS", env = "WF_TUI_REFRESH")]
    pub refresh: Option<u64>,

    /// The settings file (default: config.toml in the config folder). Also `WF_TUI_CONFIG`.
    #[arg(long, value_name = "PATH", env = "WF_TUI_CONFIG", global = true)]
    pub config: Option<std::path::PathBuf>,

    /// Refuse every change (tags, snoozes, integrations, maintenance windows) in the TUI and
    /// the CLI: browse production safely. Also `WF_TUI_READONLY=1`.
    #[arg(long, global = true, env = "WF_TUI_READONLY", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    pub readonly: bool,

    /// Do not record the requests sent (`:history`). Also `WF_TUI_HISTORY=off`.
    #[arg(long, global = true)]
    pub no_history: bool,

    /// Play this dashboard on the whole screen for a wall screen: no header or footer, its
    /// sections cycled, live (`wf-tui --demo --tv k8s-cluster-overview`).
    #[arg(long, value_name = "DASHBOARD_ID")]
    pub tv: Option<String>,

    /// Seconds each section stays on screen with `--tv`.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, requires = "tv", value_parser = clap::value_parser!(u64).range(1..))]
    pub tv_interval: u64,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the stand-in instance in the foreground and print its URL and credentials.
    DemoServer(DemoServerArgs),
    /// Print the version, where config, accounts and logs live, and which secret store is used.
    Info,
    /// Print a collection (or one item) for scripts: `wf-tui get alert --all -o json`.
    Get(get::GetArgs),
    /// Open a JSON file (or `-` for standard input) in the inspector: `curl … | wf-tui inspect -`.
    Inspect {
        /// The file; `-` or nothing reads standard input.
        file: Option<std::path::PathBuf>,
    },
    /// The changes: `wf-tui source|alert|cloudintegration|maintenancewindow …`.
    #[command(flatten)]
    Act(actions::Act),
    /// Print a shell completion script: `wf-tui completions bash > /etc/bash_completion.d/wf-tui`.
    Completions {
        /// bash, zsh, fish or powershell.
        #[arg(value_parser = completion_shell())]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `wf-tui man | man -l -`.
    Man,
    /// Run a chart query and print its series: `wf-tui query 'ts(cpu.load)' --window 6h -o csv`.
    Query(query::QueryArgs),
    /// Create, close or wrap a command in an event: `wf-tui event wrap --name deploy -- ./deploy.sh`.
    Event {
        #[command(subcommand)]
        command: event::EventCommand,
    },
    /// Edits: `wf-tui edit|create|clone|delete KIND …`.
    #[command(flatten)]
    Write(edit::WriteCommand),
    /// An alert's, dashboard's or derived metric's versions, or two versions' diff:
    /// `wf-tui history alert 1690000000372 --diff 3 4 -o json`.
    History(history::HistoryArgs),
    /// A dashboard for scripts: `wf-tui dashboard queries ID --var env=prod -o csv`,
    /// `wf-tui dashboard render ID --width 200 --height 60`.
    Dashboard {
        #[command(subcommand)]
        command: dashboard::DashboardCommand,
    },
    /// Metric names under a prefix (namespaces end in `.`): `wf-tui metrics cpu. -o json`.
    Metrics(metrics::MetricsArgs),
    /// Every item of an account as files (one per item, secrets masked), resumable:
    /// `wf-tui dump --kind alert,dashboard ./wf`.
    Dump(sync::DumpArgs),
    /// What differs between a dump and the account, two accounts or two dumps (exit 0 equal,
    /// 1 different, 2 error): `wf-tui diff ./wf`, `wf-tui diff @staging @prod --kind alert`.
    Diff(sync::DiffArgs),
    /// Make the account like a dump: a plan, references mapped, a question, the writes:
    /// `wf-tui apply ./wf --dry-run`.
    Apply(sync::ApplyArgs),
}

/// The four shells by name (clap_complete knows elvish too; the issue names these).
fn completion_shell() -> impl clap::builder::TypedValueParser<Value = clap_complete::Shell> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["bash", "zsh", "fish", "powershell"]).map(|name| {
        docs::SHELLS
            .into_iter()
            .find(|s| s.to_string() == name)
            .expect("one of the possible values")
    })
}

#[derive(Debug, Args)]
pub struct DemoServerArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// How many synthetic sources to serve (for scale tests).
    #[arg(long, default_value_t = DemoOptions::default().sources)]
    pub sources: usize,
    /// Lifetime in seconds of the CSP access tokens it issues.
    #[arg(long, default_value_t = 1800, value_parser = clap::value_parser!(u64).range(1..))]
    pub token_lifetime: u64,
    /// Inject a fault (repeatable): 429[:retry-after=S], 406, 500, 502, 503, cut, latency[:ms=N],
    /// 403, flat, tracking, text; paging that never ends: loop (cursor A→B→A), more (moreItems
    /// forever), ignoreoffset, dup (ids again), nooffset[:echo=N]; hostile servers: hang (never
    /// answers), gzipbomb[:mb=N] (inflates to N MB), redirect[:port=N]; options :every=N, :times=N,
    /// :path=PREFIX, :method=M (PUT, DELETE … or `mutating`: every change).
    #[arg(long = "fault", value_name = "SPEC", value_parser = parse_fault)]
    pub faults: Vec<String>,
    /// Serve only the documented API: no `/chart/metrics/all`, `/chart/autocomplete` or
    /// `/chart/api/keys` (to try the completion's fallback).
    #[arg(long)]
    pub no_undocumented: bool,
    /// How many instances to serve, each on its own port (--port, --port + 1 …), each with
    /// its own credentials: the second and later the same company's other accounts, with
    /// overlapping but different data (for `wf-tui diff` and `apply`).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=9))]
    pub instances: u16,
}

fn parse_fault(spec: &str) -> Result<String, String> {
    crate::demo::faults::parse(spec).map(|_| spec.to_string())
}

/// clap's error in one line: its first paragraph, which names what is missing or wrong and
/// what would be right ("the following required arguments were not provided: <KIND>",
/// "invalid value 'elvish' for '<SHELL>' [possible values: bash, …]"), without its usage and
/// tips.
fn argument_error(rendered: &str) -> String {
    let words: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .filter(|l| !l.starts_with("tip:"))
        .collect();
    let line = words.join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    if line.is_empty() {
        "invalid arguments".into()
    } else {
        line.to_string()
    }
}

/// Parses arguments, runs, and turns every failure into one line on stderr and a non-zero exit.
pub fn main() -> ExitCode {
    if let Some(code) = jq_child() {
        return code;
    }
    let cli = match parse_arguments() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let runtime = match async_runtime(&cli) {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    let setup = Setup::read(&cli);
    let result = runtime.block_on(dispatch(cli, &setup));
    // Worker tasks may still be waiting on the network: do not wait for them on the way out.
    runtime.shutdown_timeout(Duration::from_millis(100));
    exit_code(result)
}

/// A jq child of this binary (json::jq): before clap, so it starts fast and stays hidden.
fn jq_child() -> Option<ExitCode> {
    let mut args = std::env::args_os().skip(1);
    if args.next().is_none_or(|a| a != crate::json::jq::CHILD_ARG) {
        return None;
    }
    Some(
        match (args.next().and_then(|f| f.into_string().ok()), args.next()) {
            (Some(filter), None) => crate::json::jq::child_main(&filter),
            _ => fail("usage: wf-tui __jq FILTER (the document on stdin)"),
        },
    )
}

/// The arguments, or the exit after help, the version or a usage error (2, one line).
fn parse_arguments() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        use clap::error::ErrorKind;
        if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        let rendered = e.render().to_string();
        let _ = writeln!(
            std::io::stderr(),
            "wf-tui: {} (see wf-tui --help)",
            argument_error(&rendered)
        );
        ExitCode::from(2)
    })
}

fn async_runtime(cli: &Cli) -> std::io::Result<tokio::runtime::Runtime> {
    // `inspect` reads a file and talks to no server: one thread is enough, and starting none
    // saves about a millisecond before its first frame (issue #8's small-file comparison).
    let mut builder = if matches!(cli.command, Some(Command::Inspect { .. })) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    };
    // Deep JSON is dropped and cloned recursively: every thread gets room for it.
    builder.thread_stack_size(crate::json::STACK_SIZE);
    builder.enable_all().build()
}

/// What every command shares: folders, the settings file, and what flags, environment and
/// settings decide together. Precedence everywhere: flag > environment > settings file > default.
struct Setup {
    paths: Option<Paths>,
    config: crate::config::settings::Loaded,
    applied: crate::app::settings::Applied,
    timeouts: crate::api::client::Timeouts,
    refresh: u64,
    default_account: Option<String>,
    read_only: crate::readonly::ReadOnly,
    history: crate::config::state_file::HistorySettings,
}

impl Setup {
    fn read(cli: &Cli) -> Setup {
        let paths = Paths::discover();
        let log = paths
            .as_ref()
            .and_then(|p| crate::logging::init(&p.state_dir));
        if let Some(p) = &paths {
            // A panic leaves its report beside the log.
            crate::terminal::set_crash_dir(p.state_dir.clone());
        }
        tracing::info!(version = env!("CARGO_PKG_VERSION"), log = ?log, "start");
        let mut config = load_settings(cli.config.as_deref(), paths.as_ref());
        // `inspect` shows no times: the system's zone is not looked up for it.
        let shows_times = !matches!(cli.command, Some(Command::Inspect { .. }));
        let applied = crate::app::settings::apply_reading_zone(
            &mut config,
            crate::theme::no_color(std::env::var_os("NO_COLOR")),
            shows_times,
        );
        for problem in &config.problems {
            tracing::warn!(%problem, "settings file");
        }
        let s = &config.settings;
        let timeouts = crate::api::client::Timeouts {
            connect: Duration::from_secs(cli.connect_timeout.or(s.connect_timeout).unwrap_or(10)),
            total: Duration::from_secs(cli.timeout.or(s.timeout).unwrap_or(60)),
            max_body: s.max_response_bytes(),
        };
        // The one read-only decision: the flag, the settings file's `read_only`, and the
        // account's (added once it is known).
        let read_only = crate::readonly::ReadOnly::new(cli.readonly, s.read_only, false);
        let history = s.history.overridden(
            cli.no_history,
            std::env::var("WF_TUI_HISTORY").ok().as_deref(),
        );
        Setup {
            refresh: cli.refresh.or(s.refresh).unwrap_or(30),
            default_account: s.default_account.clone(),
            timeouts,
            read_only,
            history,
            paths,
            config,
            applied,
        }
    }
}

/// Runs the command (none: the TUI).
async fn dispatch(cli: Cli, setup: &Setup) -> anyhow::Result<()> {
    let (timeouts, read_only) = (setup.timeouts, setup.read_only);
    let who = Who {
        paths: setup.paths.as_ref(),
        profile: cli.profile.as_deref(),
        default_account: setup.default_account.as_deref(),
        demo: cli.demo,
    };
    let zone = setup.applied.times.zone().clone();
    let act = |act| act_cli(who, act, timeouts, read_only, zone);
    let play = cli
        .tv
        .clone()
        .map(|id| (id, Some(cli.tv_interval.saturating_mul(1000) as i64)));
    match cli.command {
        // The reads among the alert subcommands: no plan, no read-only check.
        Some(Command::Act(actions::Act::Alert {
            command: actions::AlertCommand::Firing(args),
        })) => alerting::firing(who, args, timeouts).await,
        Some(Command::Act(actions::Act::Alert {
            command: actions::AlertCommand::Summary(args),
        })) => alerting::summary(who, args, timeouts).await,
        Some(Command::Act(command)) => act(command).await,
        Some(Command::DemoServer(args)) => demo_server(args).await,
        Some(Command::Info) => info_in_effect(setup).await,
        Some(Command::Completions { shell }) => print_bytes(&docs::completions(shell)),
        Some(Command::Man) => print_bytes(&docs::man_page()?),
        Some(Command::Inspect { file }) => inspect(file, setup.applied.clone()).await,
        Some(Command::Get(args)) => get::command(who, args, timeouts).await,
        Some(Command::Query(args)) => {
            query::command(who, args, timeouts, setup.applied.times.zone()).await
        }
        Some(Command::Metrics(args)) => metrics::command(who, args, timeouts).await,
        Some(Command::History(args)) => {
            history::command(who, args, timeouts, setup.applied.times.zone()).await
        }
        Some(Command::Event { command }) => {
            let cli = event::EventCli {
                who,
                timeouts,
                read_only,
                zone: setup.applied.times.zone().clone(),
            };
            cli.run(command).await
        }
        Some(Command::Write(command)) => edit::run(who, command, timeouts, read_only).await,
        Some(Command::Dump(args)) => sync::dump(who, args, timeouts).await,
        Some(Command::Diff(args)) => sync::diff(who, args, timeouts).await,
        Some(Command::Apply(args)) => sync::apply(who, args, timeouts, read_only).await,
        Some(Command::Dashboard { command }) => {
            dashboard::command(who, command, timeouts, &setup.applied.times).await
        }
        None if cli.demo => run_demo(setup, play).await,
        None => {
            let mut launch = launch(who.paths, who.profile, who.default_account)?;
            launch.play = play;
            launch.refresh_every = refresh_every(setup.refresh);
            launch.worker.read_only = read_only;
            launch.worker.timeouts = timeouts;
            launch.settings = setup.applied.clone();
            launch.worker.memory.history = setup.history;
            crate::runtime::run(launch).await
        }
    }
}

/// The exit: 0, the signal's, 2 for a usage error, the read-only refusal's, or 1 with one line.
fn exit_code(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The terminal is restored by now; exit as the signal would have, quietly.
        Err(e) if e.downcast_ref::<crate::signals::Signalled>().is_some() => e
            .downcast_ref::<crate::signals::Signalled>()
            .map_or(ExitCode::FAILURE, |s| ExitCode::from(s.exit_code())),
        // The reader went away (`| head`): a normal end, quietly, as `ls | head` ends.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<NothingToRead>().is_some() => {
            let _ = writeln!(std::io::stderr(), "wf-tui: {e}");
            ExitCode::from(2)
        }
        // `event wrap`: the command's own exit code, which the command has explained.
        Err(e) if e.downcast_ref::<event::Exited>().is_some() => e
            .downcast_ref::<event::Exited>()
            .map_or(ExitCode::FAILURE, |exited| ExitCode::from(exited.0)),
        // `wf-tui diff`: 1 when the sides differ (the output said how), 2 when it failed.
        Err(e) if e.downcast_ref::<sync::Different>().is_some() => ExitCode::from(1),
        Err(e) if e.downcast_ref::<sync::DiffFailed>().is_some() => {
            fail(&format!("{e:#}"));
            ExitCode::from(2)
        }
        Err(e) if e.downcast_ref::<actions::Refused>().is_some() => {
            let _ = writeln!(std::io::stderr(), "wf-tui: {e:#}");
            ExitCode::from(crate::readonly::EXIT_READ_ONLY)
        }
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// `wf-tui info`: the folders and settings, then what is in effect after flags and environment.
async fn info_in_effect(setup: &Setup) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    info::write(
        setup.paths.as_ref(),
        &setup.config,
        &setup.applied,
        &mut out,
    )
    .await?;
    let refresh = setup.refresh;
    writeln!(
        out,
        "  in effect: refresh {} · timeout {}s · connect timeout {}s",
        if refresh == 0 {
            "off".to_string()
        } else {
            format!("{refresh}s")
        },
        setup.timeouts.total.as_secs(),
        setup.timeouts.connect.as_secs()
    )?;
    out.flush()?;
    Ok(())
}

/// `wf-tui inspect [FILE]`: a file, or standard input when it is not a terminal.
async fn inspect(
    file: Option<std::path::PathBuf>,
    applied: crate::app::settings::Applied,
) -> anyhow::Result<()> {
    let file = file.filter(|f| f.as_os_str() != "-");
    if file.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        // Reading a terminal would wait for input the TUI then owns: nobody could
        // type it, and `q` and ctrl-c would not reach the inspector yet.
        return Err(NothingToRead.into());
    }
    if let Some(f) = &file {
        // Say so before taking over the terminal.
        std::fs::metadata(f).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", f.display()))?;
    }
    crate::runtime::run_inspect(file, applied, own_exe()).await
}

/// `wf-tui inspect` with nothing piped in and no file: a usage error.
#[derive(Debug, thiserror::Error)]
#[error("nothing to read: give a file, or pipe JSON into wf-tui inspect")]
struct NothingToRead;

fn fail(message: &str) -> ExitCode {
    // Messages may quote the server: never let its escapes reach the terminal.
    let _ = writeln!(
        std::io::stderr(),
        "wf-tui: {}",
        crate::text::sanitize(message)
    );
    ExitCode::FAILURE
}

/// The settings file named by `--config` / `WF_TUI_CONFIG`, or the config folder's.
fn load_settings(
    flag: Option<&std::path::Path>,
    paths: Option<&Paths>,
) -> crate::config::settings::Loaded {
    use crate::config::settings;
    let config_dir = paths.map(|p| p.config_dir.as_path());
    match settings::locate(flag, None, config_dir) {
        Some(path) => settings::load(&path, flag.is_some()),
        None => settings::Loaded::defaults(),
    }
}

fn refresh_every(seconds: u64) -> Option<Duration> {
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// The demo: a stand-in in this process, logged in with a CSP API token; nothing is saved.
async fn run_demo(setup: &Setup, play: Option<(String, Option<i64>)>) -> anyhow::Result<()> {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("cannot start the demo instance: {e}"))?;
    let launch = Launch {
        start: Start::Unsaved(Box::new(server.account(LoginMethod::CspApiToken))),
        accounts: AccountsFile::default(),
        wf_import: None,
        saved_queries: saved_queries(),
        worker: WorkerConfig {
            timeouts: setup.timeouts,
            read_only: setup.read_only,
            // Nothing is saved in the demo; its requests are still listed in `:history`.
            memory: crate::config::state_file::MemoryConfig {
                dir: None,
                history: setup.history,
            },
            jq_exe: own_exe(),
            ..WorkerConfig::ephemeral()
        },
        warning: None,
        refresh_every: refresh_every(setup.refresh),
        settings: setup.applied.clone(),
        play,
    };
    crate::runtime::run(launch).await
}

/// This binary, to run jq filters in children that can be killed (`None`: in-process).
pub(crate) fn own_exe() -> Option<std::path::PathBuf> {
    std::env::current_exe().ok()
}

/// Chooses the account: `--profile NAME` > the environment > the default saved account > the
/// login pane.
fn launch(
    paths: Option<&Paths>,
    profile: Option<&str>,
    default_account: Option<&str>,
) -> anyhow::Result<Launch> {
    let accounts_path = paths.map(Paths::accounts_file);
    let (start, accounts, warning) = resolve(paths, profile, default_account)?;
    let secrets = match (accounts.secrets, paths) {
        (SecretsMode::File, Some(p)) => SecretsChoice::File(p.secrets_file()),
        _ => SecretsChoice::OsKeyring,
    };
    let location = match accounts_path {
        Some(path) => AccountsLocation::File(path),
        None => AccountsLocation::Memory(Default::default()),
    };
    let wf_import = wavefront_cli::default_path().and_then(|path| {
        let names: Vec<String> = wavefront_cli::read(&path)
            .ok()?
            .into_iter()
            .filter(|p| p.token.is_some())
            .map(|p| p.name)
            .collect();
        (!names.is_empty()).then_some(WfImport { path, names })
    });
    Ok(Launch {
        start,
        accounts,
        wf_import,
        saved_queries: saved_queries(),
        worker: WorkerConfig {
            timeouts: Default::default(),
            retry: Default::default(),
            accounts: location,
            secrets,
            secrets_file: paths.map(Paths::secrets_file),
            read_only: Default::default(),
            memory: crate::config::state_file::MemoryConfig {
                dir: paths.map(|p| p.state_dir.clone()),
                history: Default::default(),
            },
            jq_exe: own_exe(),
        },
        warning,
        refresh_every: Some(Duration::from_secs(30)),
        settings: Default::default(),
        play: None,
    })
}

/// The query aliases of `~/.wavefront`, if it is there.
fn saved_queries() -> Vec<crate::config::wavefront_cli::SavedQuery> {
    wavefront_cli::default_path()
        .map(|p| wavefront_cli::read_queries(&p))
        .unwrap_or_default()
}

/// Which account to start with, the saved accounts, and a problem reading them (if any).
fn resolve(
    paths: Option<&Paths>,
    profile: Option<&str>,
    default_account: Option<&str>,
) -> anyhow::Result<(Start, AccountsFile, Option<String>)> {
    let accounts_path = paths.map(Paths::accounts_file);
    let (accounts, mut warning) = match accounts_path.as_deref().map(AccountsFile::load) {
        Some(Ok(file)) => (file, None),
        Some(Err(e)) => (AccountsFile::default(), Some(e.to_string())),
        None => (AccountsFile::default(), None),
    };
    let start = if let Some(name) = profile {
        let saved = accounts.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = accounts.accounts.iter().map(|a| a.name.as_str()).collect();
            anyhow::anyhow!(
                "no saved account named {name} (saved: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )
        })?;
        Start::Saved(Box::new(saved))
    } else if let Some(account) = env::account_from(|k| std::env::var(k).ok())? {
        Start::Unsaved(Box::new(account))
    } else if let Some(saved) = default_account.and_then(|name| {
        // The settings file's default_account; a name not saved falls back, and says so.
        let found = accounts.get(name);
        if found.is_none() {
            warning.get_or_insert(format!(
                "default_account = \"{name}\": no saved account has that name"
            ));
        }
        found
    }) {
        Start::Saved(Box::new(saved.clone()))
    } else if let Some(saved) = accounts.default_account() {
        Start::Saved(Box::new(saved.clone()))
    } else {
        Start::FirstRun
    };
    Ok((start, accounts, warning))
}

/// A session for a one-shot command: the token only. Who is logged in is not asked: the
/// command sends just the requests its work needs (issue #14).
async fn open_session(
    http: reqwest::Client,
    account: crate::auth::Account,
) -> anyhow::Result<crate::api::Executor> {
    let retry = crate::api::retry::RetryPolicy::default();
    Ok(crate::auth::Session::open(http, account, retry).await?.1)
}

/// Writes generated text to stdout (a closed pipe ends quietly in [`main`]).
fn print_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    Ok(out.write_all(bytes).and_then(|()| out.flush())?)
}

/// Whether the error is stdout's reader having gone away, however it was wrapped: directly,
/// or inside serde_json's error (`to_writer`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}

async fn demo_server(args: DemoServerArgs) -> anyhow::Result<()> {
    let mut servers = Vec::new();
    for instance in 0..args.instances {
        let port = match args.port {
            0 => 0,
            p => p
                .checked_add(instance)
                .ok_or_else(|| anyhow::anyhow!("no port after {p}"))?,
        };
        let options = DemoOptions {
            port,
            sources: args.sources,
            token_lifetime: Duration::from_secs(args.token_lifetime),
            credentials: None,
            faults: args.faults.clone(),
            instance: usize::from(instance),
            undocumented: !args.no_undocumented,
        };
        let server = DemoServer::start(options)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {}", io_reason(&e)))?;
        servers.push(server);
    }
    let many = servers.len() > 1;
    let mut text = String::new();
    for (n, server) in servers.iter().enumerate() {
        let label = if many {
            format!(" {} of {}", n + 1, servers.len())
        } else {
            String::new()
        };
        if n > 0 {
            text.push('\n');
        }
        text.push_str(&demo_banner(server, &label));
    }
    text.push_str("\nServing until stopped (ctrl-c).\n");
    // A reader that took what it needed (`| head -3`) and left does not stop the server.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    drop(out);
    let waits = futures_util::future::select_all(servers.into_iter().map(|s| Box::pin(s.wait())));
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = waits => {}
    }
    Ok(())
}

/// What `demo-server` prints of one instance: its URL and credentials.
fn demo_banner(server: &DemoServer, label: &str) -> String {
    let c = server.credentials();
    // The stand-in's credentials are printed on purpose: they exist only for this run.
    format!(
        "wf-tui demo instance{label} listening on {url}\n\n  WAVEFRONT_ADDRESS={url}\n  \
         API token (user {user}):            WAVEFRONT_TOKEN={api}\n  \
         API token (service account {sa}): {sa_token}\n  \
         CSP base URL:                   CSP_BASE_URL={url}\n  \
         CSP API token:                  CSP_API_TOKEN={csp}\n  \
         CSP server-to-server app:       CSP_APP_ID={app}\n                                  \
         CSP_APP_SECRET={secret}\n                                  \
         CSP_ORG_ID={org}\n",
        url = server.url(),
        user = c.user,
        api = c.api_token.expose(),
        sa = c.service_account,
        sa_token = c.service_account_token.expose(),
        csp = c.csp_api_token.expose(),
        app = c.app_id,
        secret = c.app_secret.expose(),
        org = c.org_id,
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => "the address is already in use".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// `wf-tui source|alert|cloudintegration|maintenancewindow …`: the account as `wf-tui get`
/// resolves it; `--curl` prints the request without logging in (closing a window excepted).
async fn act_cli(
    who: Who<'_>,
    act: actions::Act,
    timeouts: crate::api::client::Timeouts,
    mut read_only: crate::readonly::ReadOnly,
    zone: jiff::tz::TimeZone,
) -> anyhow::Result<()> {
    let now_s = crate::auth::session::wall_ms() / 1000;
    let plan = act.plan(now_s, &zone)?;
    // --curl needs only the address: no token, no login (closing a window excepted).
    if plan.opts.curl && !plan.reads_first() && !who.demo && who.profile.is_none() {
        let address = ["WAVEFRONT_ADDRESS", "WAVEFRONT_ENDPOINT"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
        if let Some(address) = address {
            let base = crate::api::parse_address(address.trim())?;
            let stdout = std::io::stdout();
            actions::print_curl(&plan.requests, &base, &mut stdout.lock())?;
            return Ok(());
        }
    }
    let target = CliAccount::resolve(who).await?;
    read_only.account = target.readonly();
    let base = target.address()?;
    // --curl needs no token, unless the request is built from the item (closing a window).
    let needs_session = !plan.opts.curl || plan.reads_first();
    let refused_early = !plan.opts.curl
        && (plan.requests.iter().any(|r| read_only.refusal(r).is_some())
            || (plan.reads_first() && read_only.is_on()));
    let session = if needs_session && !refused_early {
        let account = target.with_secret(who.paths).await?;
        Some(open_session(crate::api::client::http_client(timeouts), account).await?)
    } else {
        None
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    actions::run(session.as_ref(), &base, plan, read_only, now_s, &mut out).await
}
