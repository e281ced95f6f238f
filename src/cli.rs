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
use crate::get::Output;
use crate::runtime::{Launch, Start};
use crate::worker::{AccountsLocation, SecretsChoice, WorkerConfig};

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
    #[arg(long, value_name = "SECONDS", global = true, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Seconds to wait for a connection.
    #[arg(long, value_name = "SECONDS", global = true, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub connect_timeout: u64,

    /// Seconds between automatic refreshes of a list (0: never). Also `WF_TUI_REFRESH`.
    #[arg(
        long,
        value_name = "SECONDS",
        env = "WF_TUI_REFRESH",
        default_value_t = 30
    )]
    pub refresh: u64,

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
    Get(GetArgs),
    /// Open a JSON file (or `-` for standard input) in the inspector: `curl … | wf-tui inspect -`.
    Inspect {
        /// The file; `-` or nothing reads standard input.
        file: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// The kind: its API name (alert, source, cloudintegration …) or an alias (alerts, sources …).
    pub kind: String,
    /// One item's id: prints its detail.
    pub id: Option<String>,
    /// Every item, page by page (otherwise the first --limit items).
    #[arg(long)]
    pub all: bool,
    /// How many items (with --all: how many per page, at most 1000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// json: one array of the items; csv: the table's columns with a header; table: aligned text.
    #[arg(short = 'o', long, value_enum, default_value_t = Output::Table)]
    pub output: Output,
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
    /// 403, flat, tracking, text; options :every=N, :times=N, :path=PREFIX.
    #[arg(long = "fault", value_name = "SPEC", value_parser = parse_fault)]
    pub faults: Vec<String>,
}

fn parse_fault(spec: &str) -> Result<String, String> {
    crate::demo::faults::parse(spec).map(|_| spec.to_string())
}

/// Parses arguments, runs, and turns every failure into one line on stderr and a non-zero exit.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("wf-tui: {first} (see wf-tui --help)");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    let paths = Paths::discover();
    let log = paths
        .as_ref()
        .and_then(|p| crate::logging::init(&p.state_dir));
    if let Some(p) = &paths {
        // A panic leaves its report beside the log.
        crate::terminal::set_crash_dir(p.state_dir.clone());
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), log = ?log, "start");
    let timeouts = crate::api::client::Timeouts {
        connect: Duration::from_secs(cli.connect_timeout),
        total: Duration::from_secs(cli.timeout),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::DemoServer(args)) => demo_server(args).await,
            Some(Command::Info) => info(paths.as_ref()).await,
            Some(Command::Inspect { file }) => {
                let file = file.filter(|f| f.as_os_str() != "-");
                if let Some(f) = &file {
                    // Say so before taking over the terminal.
                    std::fs::metadata(f)
                        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", f.display()))?;
                }
                crate::runtime::run_inspect(file).await
            }
            Some(Command::Get(args)) => {
                get(
                    paths.as_ref(),
                    cli.profile.as_deref(),
                    cli.demo,
                    args,
                    timeouts,
                )
                .await
            }
            None if cli.demo => run_demo(refresh_every(cli.refresh), timeouts).await,
            None => {
                let mut launch = launch(paths.as_ref(), cli.profile.as_deref())?;
                launch.refresh_every = refresh_every(cli.refresh);
                launch.worker.timeouts = timeouts;
                crate::runtime::run(launch).await
            }
        }
    });
    // Worker tasks may still be waiting on the network: do not wait for them on the way out.
    runtime.shutdown_timeout(Duration::from_millis(100));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}")),
    }
}

fn fail(message: &str) -> ExitCode {
    // Messages may quote the server: never let its escapes reach the terminal.
    let _ = writeln!(
        std::io::stderr(),
        "wf-tui: {}",
        crate::text::sanitize(message)
    );
    ExitCode::FAILURE
}

fn refresh_every(seconds: u64) -> Option<Duration> {
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// The demo: a stand-in in this process, logged in with a CSP API token; nothing is saved.
async fn run_demo(
    refresh_every: Option<Duration>,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("cannot start the demo instance: {e}"))?;
    let launch = Launch {
        start: Start::Unsaved(Box::new(server.account(LoginMethod::CspApiToken))),
        accounts: AccountsFile::default(),
        wf_import: None,
        worker: WorkerConfig {
            timeouts,
            ..WorkerConfig::ephemeral()
        },
        warning: None,
        refresh_every,
    };
    crate::runtime::run(launch).await
}

/// Chooses the account: `--profile NAME` > the environment > the default saved account > the
/// login pane.
fn launch(paths: Option<&Paths>, profile: Option<&str>) -> anyhow::Result<Launch> {
    let accounts_path = paths.map(Paths::accounts_file);
    let (start, accounts, warning) = resolve(paths, profile)?;
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
        worker: WorkerConfig {
            timeouts: Default::default(),
            retry: Default::default(),
            accounts: location,
            secrets,
            secrets_file: paths.map(Paths::secrets_file),
        },
        warning,
        refresh_every: Some(Duration::from_secs(30)),
    })
}

/// Which account to start with, the saved accounts, and a problem reading them (if any).
fn resolve(
    paths: Option<&Paths>,
    profile: Option<&str>,
) -> anyhow::Result<(Start, AccountsFile, Option<String>)> {
    let accounts_path = paths.map(Paths::accounts_file);
    let (accounts, warning) = match accounts_path.as_deref().map(AccountsFile::load) {
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
    } else if let Some(saved) = accounts.default_account() {
        Start::Saved(Box::new(saved.clone()))
    } else {
        Start::FirstRun
    };
    Ok((start, accounts, warning))
}

/// `wf-tui get`: logs in as the TUI would (or to the demo), prints, and exits.
async fn get(
    paths: Option<&Paths>,
    profile: Option<&str>,
    demo: bool,
    args: GetArgs,
    timeouts: crate::api::client::Timeouts,
) -> anyhow::Result<()> {
    use crate::auth::Session;
    let kind = crate::get::find_kind(&args.kind)?;
    let http = crate::api::client::http_client(timeouts);
    let mut _server = None;
    let account = if demo {
        let server = DemoServer::start(DemoOptions::default()).await?;
        let account = server.account(LoginMethod::CspApiToken);
        _server = Some(server);
        account
    } else {
        match resolve(paths, profile)? {
            (Start::Unsaved(account), _, _) => *account,
            (Start::Saved(saved), accounts, _) => {
                let vault = match (accounts.secrets, paths) {
                    (SecretsMode::File, Some(p)) => crate::auth::store::Vault::new(
                        std::sync::Arc::new(crate::auth::store::FileStore::new(p.secrets_file())),
                    ),
                    _ => crate::auth::store::Vault::open_os().await,
                };
                let secret = vault.get(&saved.name).await?.ok_or_else(|| {
                    anyhow::anyhow!("no secret is stored for account {}", saved.name)
                })?;
                saved.with_secret(secret)?
            }
            (Start::FirstRun, _, warning) => anyhow::bail!(
                "no account{}: set WAVEFRONT_ADDRESS and WAVEFRONT_TOKEN (or CSP_API_TOKEN, or \
                 CSP_APP_ID and CSP_APP_SECRET), save one in the TUI, or add --demo",
                warning.map(|w| format!(" ({w})")).unwrap_or_default()
            ),
        }
    };
    let session = Session::login(http, account).await?;
    let request = crate::get::GetRequest {
        kind,
        id: args.id,
        all: args.all,
        limit: args.limit,
        output: args.output,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match crate::get::run(&session, &request, &mut out).await {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

async fn demo_server(args: DemoServerArgs) -> anyhow::Result<()> {
    let options = DemoOptions {
        port: args.port,
        sources: args.sources,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        credentials: None,
        faults: args.faults,
    };
    let server = DemoServer::start(options).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on 127.0.0.1:{}: {}",
            args.port,
            io_reason(&e)
        )
    })?;
    let c = server.credentials();
    // The stand-in's credentials are printed on purpose: they exist only for this run.
    println!("wf-tui demo instance listening on {}", server.url());
    println!();
    println!("  WAVEFRONT_ADDRESS={}", server.url());
    println!(
        "  API token (user {}):            WAVEFRONT_TOKEN={}",
        c.user,
        c.api_token.expose()
    );
    println!(
        "  API token (service account {}): {}",
        c.service_account,
        c.service_account_token.expose()
    );
    println!(
        "  CSP base URL:                   CSP_BASE_URL={}",
        server.url()
    );
    println!(
        "  CSP API token:                  CSP_API_TOKEN={}",
        c.csp_api_token.expose()
    );
    println!("  CSP server-to-server app:       CSP_APP_ID={}", c.app_id);
    println!(
        "                                  CSP_APP_SECRET={}",
        c.app_secret.expose()
    );
    println!("                                  CSP_ORG_ID={}", c.org_id);
    println!();
    println!("Serving until stopped (ctrl-c).");
    let _ = std::io::stdout().flush();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = server.wait() => {}
    }
    Ok(())
}

async fn info(paths: Option<&Paths>) -> anyhow::Result<()> {
    println!("wf-tui {}", env!("CARGO_PKG_VERSION"));
    let Some(paths) = paths else {
        println!("no home folder: nothing is saved, logs are off");
        return Ok(());
    };
    let accounts_path = paths.accounts_file();
    println!("config folder:  {}", paths.config_dir.display());
    println!("accounts:       {}", accounts_path.display());
    println!("log file:       {}", paths.log_file().display());
    let file = AccountsFile::load(&accounts_path);
    match &file {
        Ok(f) => println!(
            "saved accounts: {} (default: {})",
            f.accounts.len(),
            f.default.as_deref().unwrap_or("none")
        ),
        Err(e) => println!("saved accounts: unreadable: {e}"),
    }
    let vault = match file.map(|f| f.secrets).unwrap_or_default() {
        SecretsMode::File => crate::auth::store::Vault::new(std::sync::Arc::new(
            crate::auth::store::FileStore::new(paths.secrets_file()),
        )),
        SecretsMode::Keyring => crate::auth::store::Vault::open_os().await,
    };
    match vault.describe() {
        Ok(name) => println!("secret store:   {name}"),
        Err(why) => println!("secret store:   none: {why}"),
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => "the address is already in use".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
