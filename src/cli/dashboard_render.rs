//! `wf-tui dashboard render ID`: one frame of the player as text, every panel on it answered
//! first (the same draw code the TUI uses), for scripts and tests.

use std::io::Write;

use super::account::{CliAccount, Who};

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The dashboard's id (its url name).
    pub id: String,
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: u16,
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(5..=1000))]
    pub height: u16,
    /// The section shown, from 1.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
    pub section: u16,
    /// A variable's value (repeatable): `--var env=prod`, `--var host=*`, `--var host=a,b`.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// The window, as the chart keys' (1h, 6h, 1d, 1w) or a length (3h); default the
    /// dashboard's own.
    #[arg(long, value_parser = parse_window)]
    pub window: Option<crate::api::chart::Window>,
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: NAME=VALUE"))?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

fn parse_window(s: &str) -> Result<crate::api::chart::Window, String> {
    crate::api::chart::Window::parse(s)
        .ok_or_else(|| format!("`{s}`: one of 1h, 6h, 1d, 1w, or a length like 3h or 2d"))
}

pub(super) async fn render(
    who: Who<'_>,
    args: RenderArgs,
    timeouts: crate::api::client::Timeouts,
    times: &crate::format::Times,
) -> anyhow::Result<()> {
    // The target lives as long as the session: with --demo it holds the stand-in.
    let target = CliAccount::resolve(who).await?;
    let account = target.with_secret(who.paths).await?;
    let http = crate::api::client::http_client(timeouts);
    let session = super::open_session(http, account).await?;
    let quiet = |_: &crate::api::retry::RetryNotice| {};
    let path = crate::api::catalog::DASHBOARDS
        .detail_path_for(&args.id)
        .ok_or_else(|| anyhow::anyhow!("no dashboard path for {}", args.id))?;
    let answer = session
        .execute(&crate::api::ApiRequest::get(path), &quiet)
        .await?;
    let value = crate::api::envelope::unwrap_envelope(answer)
        .map_err(|e| anyhow::anyhow!("unexpected dashboard answer: {e}"))?;
    let now = crate::auth::session::wall_ms();
    let frame = render_frame(&value, &args, now, times, |queries| {
        let session = &session;
        async move {
            use futures_util::StreamExt;
            // A few at a time, as the player's pool runs them.
            futures_util::stream::iter(queries)
                .map(|q: crate::app::dashboard::runs::SourceQuery| async move {
                    let result = crate::api::chart::interpret(
                        session.execute(&q.query.request(), &quiet).await,
                    )
                    .map_err(|e| crate::app::present::in_view(&e).message);
                    (q.panel, q.source, result)
                })
                .buffer_unordered(RENDER_CONCURRENCY)
                .collect::<Vec<_>>()
                .await
        }
    })
    .await?;
    let mut out = std::io::stdout().lock();
    out.write_all(frame.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// How many queries `render` runs at once.
const RENDER_CONCURRENCY: usize = 8;

/// An answer of one panel's source.
pub type Answered = (usize, usize, Result<crate::api::chart::ChartData, String>);

/// The frame of dashboard `value` as `args` asks, the panels on it answered by `run` first:
/// the text of a `TestBackend` buffer, lines without trailing blanks.
pub async fn render_frame<F, Fut>(
    value: &serde_json::Value,
    args: &RenderArgs,
    now_ms: i64,
    times: &crate::format::Times,
    run: F,
) -> anyhow::Result<String>
where
    F: FnOnce(Vec<crate::app::dashboard::runs::SourceQuery>) -> Fut,
    Fut: std::future::Future<Output = Vec<Answered>>,
{
    use crate::api::dashboard::{Dashboard, Selection};
    use crate::app::dashboard::DashboardPlayer;
    let mut p = DashboardPlayer::loading(args.id.clone(), 0, now_ms);
    p.load = crate::app::remote::Remote::Loaded(());
    let dashboard = Dashboard::read(value);
    let sections = dashboard.sections.len();
    p.set_dashboard(dashboard, value);
    let section = usize::from(args.section) - 1;
    if section >= sections.max(1) {
        anyhow::bail!("the dashboard has {sections} sections: --section 1 to {sections}");
    }
    p.show_section(section);
    for (name, value) in &args.vars {
        let Some(var) = p.dashboard.as_ref().and_then(|d| d.variable(name)).cloned() else {
            anyhow::bail!("the dashboard has no variable {name}");
        };
        let selection = if value == "*" {
            Selection::All
        } else {
            Selection::Values(value.split(',').map(|v| var.value_of(v.trim())).collect())
        };
        p.bindings.insert(var.name.clone(), selection);
    }
    p.fill_markdown();
    if let Some(w) = args.window {
        p.window = w;
    }
    // The frame is the player alone: no header or footer.
    let area = ratatui::layout::Rect::new(0, 0, args.width, args.height);
    if p.window.ends_now() {
        p.end_ms = now_ms;
    }
    let shown: Vec<usize> = crate::app::dashboard::draw::placed(&p, area)
        .into_iter()
        .map(|pl| pl.panel)
        .collect();
    let mut queries = p.queries_of(&shown);
    for q in &queries {
        if let Some(panel) = p.panels.get_mut(q.panel) {
            panel.status = crate::app::dashboard::panel::Status::Loading;
        }
    }
    // The dashboard's event query, as the player runs it: its events marked on every panel.
    if let Some(query) = p.event_query() {
        queries.push(crate::app::dashboard::runs::SourceQuery {
            panel: crate::app::dashboard::runs::EVENT_QUERY_PANEL,
            source: 0,
            query,
        });
    }
    let answers = run(queries).await;
    let (events, answers): (Vec<Answered>, Vec<Answered>) = answers
        .into_iter()
        .partition(|(panel, _, _)| *panel == crate::app::dashboard::runs::EVENT_QUERY_PANEL);
    // First the dashboard's events, so that every panel's answer merges them in.
    for (_, _, result) in events {
        p.receive_dashboard_events(result);
    }
    for (panel, source, result) in answers {
        p.receive(panel, source, result, now_ms);
    }
    for panel in &mut p.panels {
        if panel.status == crate::app::dashboard::panel::Status::Loading {
            panel.status = crate::app::dashboard::panel::Status::Ready;
        }
    }
    Ok(draw_text(&p, area, times))
}

/// The player drawn on a buffer of `area`'s size, as text.
pub fn draw_text(
    p: &crate::app::dashboard::DashboardPlayer,
    area: ratatui::layout::Rect,
    times: &crate::format::Times,
) -> String {
    let backend = ratatui::backend::TestBackend::new(area.width, area.height);
    // The test backend cannot fail (its error is `Infallible`).
    let Ok(mut terminal) = ratatui::Terminal::new(backend);
    let theme = crate::theme::Theme::default();
    let _ = terminal.draw(|f| crate::app::dashboard::draw::draw(f, f.area(), p, times, &theme));
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
