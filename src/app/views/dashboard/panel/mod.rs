//! A dashboard panel: a bordered box titled with the chart's name, drawn by its type (lines,
//! stacks, a single stat, a table, markdown, a gauge, or a labelled box for what a terminal does
//! not draw). Pure draw functions over the panel's series and [`Look`]; every server string is
//! sanitised here or in the renderer.

pub mod digits;
pub mod gauge;
pub mod lines;
pub mod look;
pub mod markdown;
pub mod stat;
pub mod table;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::api::chart::Series;
use crate::api::chart_events::ChartEvent;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;
pub use look::{Look, Renderer, Stat, parse_color};

/// The braille spinner a running panel shows, one frame per tick.
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Where a panel's queries are.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Status {
    /// Not asked (off screen, or a panel without queries).
    #[default]
    Idle,
    /// Running (the series shown, if any, are the last answer's).
    Loading,
    /// A query failed: why.
    Failed(String),
    Ready,
}

/// Everything one panel's drawing reads.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    pub title: &'a str,
    pub look: &'a Look,
    pub status: &'a Status,
    /// The enabled sources' series, in source order.
    pub series: &'a [Series],
    /// Per series: whether its source is on the secondary (right) axis.
    pub secondary: &'a [bool],
    /// Per series: its source's own colour (`sourceColor`), else the palette's by position.
    pub colors: &'a [Option<ratatui::style::Color>],
    pub events: &'a [ChartEvent],
    /// The window, epoch ms.
    pub window: (i64, i64),
    /// The spinner's frame.
    pub tick: usize,
    pub selected: bool,
}

/// Draws a panel into `area`.
pub fn draw(frame: &mut Frame, area: Rect, content: &Content, times: &Times, theme: &Theme) {
    draw_scrolled(frame, area, content, 0, times, theme);
}

/// The rows a table panel (`table`, `top-k`, `status-list`) drawn in `area` lists, and how
/// many of them fit; `None` for other panels (or no room).
pub fn table_extent(area: Rect, content: &Content) -> Option<(usize, usize)> {
    let renderer = content.look.renderer();
    // The border's lines, as `block` draws them.
    let inner = Block::bordered().inner(area);
    matches!(
        renderer,
        Renderer::Table | Renderer::TopK | Renderer::StatusList
    )
    .then(|| table::extent(content, &renderer, inner.height))
}

/// [`draw`], a table panel scrolled down by `scroll` rows.
pub fn draw_scrolled(
    frame: &mut Frame,
    area: Rect,
    content: &Content,
    scroll: usize,
    times: &Times,
    theme: &Theme,
) {
    let renderer = content.look.renderer();
    let block = block(content, area.width, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    match &renderer {
        Renderer::Markdown => return markdown::draw(frame, inner, &content.look.markdown, theme),
        Renderer::Unsupported(name) => return unsupported(frame, inner, name, theme),
        _ => {}
    }
    if let Status::Failed(why) = content.status {
        return message(frame, inner, why, theme.error);
    }
    if content.series.iter().all(|s| s.points.is_empty()) {
        return empty(frame, inner, content, theme);
    }
    match renderer {
        Renderer::Line | Renderer::Scatter | Renderer::StackedArea | Renderer::StackedColumn => {
            lines::draw(frame, inner, content, &renderer, times, theme);
        }
        Renderer::SingleStat => stat::draw(frame, inner, content, theme),
        Renderer::Gauge => gauge::draw(frame, inner, content, theme),
        Renderer::Table | Renderer::TopK | Renderer::StatusList => {
            table::draw(frame, inner, content, &renderer, scroll, theme);
        }
        Renderer::Markdown | Renderer::Unsupported(_) => {}
    }
}

/// The box: the chart's name, a spinner while it runs; the selected panel's border stands out.
fn block<'a>(content: &Content, width: u16, theme: &Theme) -> Block<'a> {
    let spinner =
        matches!(content.status, Status::Loading).then(|| SPINNER[content.tick % SPINNER.len()]);
    let room = (width as usize).saturating_sub(4 + if spinner.is_some() { 2 } else { 0 });
    let mut spans = vec![Span::styled(
        fit(&sanitize(content.title), room).into_owned(),
        theme.title,
    )];
    if let Some(s) = spinner {
        spans.push(Span::styled(format!(" {s}"), theme.warn));
    }
    let (border, kind) = if content.selected {
        (theme.accent, BorderType::Thick)
    } else {
        (theme.muted, BorderType::Plain)
    };
    Block::bordered()
        .border_type(kind)
        .border_style(border)
        .title(Line::from(spans))
}

/// No series: the spinner while the queries run, the error when one failed, else "no data".
fn empty(frame: &mut Frame, area: Rect, content: &Content, theme: &Theme) {
    match content.status {
        Status::Loading => {
            let s = SPINNER[content.tick % SPINNER.len()];
            message(frame, area, &format!("{s} loading…"), theme.warn);
        }
        Status::Failed(why) => message(frame, area, why, theme.error),
        Status::Idle if !content.look.renderer().queries() => {}
        Status::Idle => message(frame, area, "not run yet", theme.muted),
        Status::Ready => message(frame, area, "no data", theme.muted),
    }
}

fn message(frame: &mut Frame, area: Rect, text: &str, style: Style) {
    frame.render_widget(
        Paragraph::new(sanitize(text).into_owned())
            .style(style)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// A type the terminal does not draw: named, with where to see it.
fn unsupported(frame: &mut Frame, area: Rect, name: &str, theme: &Theme) {
    let name = sanitize(name);
    let lines = vec![
        Line::styled(format!("{name} chart"), theme.title),
        Line::styled("not drawn in a terminal: i shows its queries", theme.muted),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
