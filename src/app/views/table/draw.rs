//! A resource table. Only the visible rows are turned into widgets.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};

use super::TableView;
use super::filter::Mode;
use super::status::Status;
use crate::api::catalog::{CellRef, Format};
use crate::app::drawn::Drawn;
use crate::app::state::AUTO_REFRESH_MAX_ROWS;
use crate::app::{LoginState, State};
use crate::format::{count, relative_time, short_duration, since};
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// Draws the table and says where its rows and columns went.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    table: &TableView,
    theme: &Theme,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(title_line(state, table, theme), title_area);
    // Below the column header: where the rows are (or will be, once loaded).
    let [_, rows_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
    let rows_area = Rect {
        height: rows_area.height.max(1),
        ..rows_area
    };
    let mut drawn = Drawn::top(frame, state, area).with_rows(rows_area, table.offset, Vec::new());

    // Solve the column widths once, so cells can be cut with an ellipsis to exactly fit.
    // The person's widths (`<` `>`) where set. Reported even with no rows: `<` `>` read them.
    // `:diff @account`'s column takes its room at the right.
    let compare = table.compare.as_deref();
    let room = match compare {
        Some(_) => body
            .width
            .saturating_sub(super::compare::WIDTH + COLUMN_SPACING),
        None => body.width,
    };
    let widths: Vec<u16> =
        crate::app::memory::column_widths(table.kind, state.memory.kind(table.kind), room);
    let mut x = body.x;
    drawn.columns = widths
        .iter()
        .map(|&w| {
            let column = (x, w);
            // A column that gave way takes no room (nor its spacing).
            if w > 0 {
                x = x.saturating_add(w + COLUMN_SPACING);
            }
            column
        })
        .collect();

    if table.view.is_empty() {
        let text = if table.rows.is_empty() {
            empty_text(state, table)
        } else {
            no_match_text(table)
        };
        let style = if table.error().is_some() || matches!(state.login, LoginState::Failed { .. }) {
            theme.error
        } else {
            theme.muted
        };
        let [_, mid, _] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(3),
            Constraint::Fill(1),
        ])
        .areas(body);
        frame.render_widget(
            Paragraph::new(text)
                .style(style)
                .alignment(Alignment::Center)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            mid,
        );
        return drawn;
    }

    let height = body.height.saturating_sub(1) as usize;
    let columns = table.kind.columns;
    let chosen = state
        .memory
        .column
        .filter(|(kind, _)| *kind == table.kind.name)
        .map(|(_, c)| c);
    let header = Row::new(
        columns
            .iter()
            .enumerate()
            .filter(|(i, _)| widths[*i] > 0)
            .map(|(i, c)| {
                let title = match table.sort {
                    Some(sort) if sort.column == i => {
                        format!("{}{}", c.title, if sort.ascending { "↑" } else { "↓" })
                    }
                    _ => c.title.to_string(),
                };
                // The column `<` `>` resize, once one was chosen.
                if chosen == Some(i) {
                    ratatui::widgets::Cell::from(Span::styled(title, theme.selected))
                } else {
                    ratatui::widgets::Cell::from(title)
                }
            })
            .chain(compare.map(|c| ratatui::widgets::Cell::from(super::compare::title(c)))),
    )
    .style(theme.column_header);
    let marks = state.marks.of(table.kind);
    if let Some(rows) = drawn.rows.as_mut() {
        rows.items = table.visible(height).map(|(index, _)| index).collect();
    }
    let rows = table.visible(height).map(|(index, row)| {
        let cells = row
            .cells()
            .zip(columns.iter().zip(&widths))
            .filter(|(_, (_, w))| **w > 0)
            .map(|(cell, (col, &w))| cell_text(cell, col.format, w, state.now_ms, theme))
            .chain(compare.map(|c| {
                let (text, style) = super::compare::cell(c, row.id(), theme);
                ratatui::widgets::Cell::from(Span::styled(text, style))
            }));
        let r = Row::new(cells);
        let marked = marks.is_some_and(|m| row.id().is_some_and(|id| m.contains(id)));
        match (index == table.selected, marked) {
            (true, true) => r.style(theme.selected.patch(theme.key)),
            (true, false) => r.style(theme.selected),
            (false, true) => r.style(theme.key),
            (false, false) => r,
        }
    });
    frame.render_widget(
        Table::new(
            rows,
            widths
                .iter()
                .filter(|&&w| w > 0)
                .map(|&w| Constraint::Length(w))
                .chain(compare.map(|_| Constraint::Length(super::compare::WIDTH))),
        )
        .header(header)
        .column_spacing(COLUMN_SPACING),
        body,
    );
    drawn
}

fn title_line<'a>(state: &State, table: &TableView, theme: &Theme) -> Line<'a> {
    let mut spans = vec![
        Span::styled(format!(" {} ", table.kind.title), theme.title),
        Span::styled(format!("[{}]", table.count_label()), theme.accent),
    ];
    if let Some(marked) = state.marks.of(table.kind) {
        spans.push(Span::styled(
            format!("  {} marked", marked.len()),
            theme.key,
        ));
    }
    if let Some(sort) = table.sort {
        let title = table.kind.columns.get(sort.column).map_or("?", |c| c.title);
        let arrow = if sort.ascending { "↑" } else { "↓" };
        spans.push(Span::styled(format!("  by {title}{arrow}"), theme.accent));
    }
    if let Some(search) = &table.search {
        spans.push(Span::styled(
            format!("  server search '{}'", sanitize(search)),
            theme.warn,
        ));
    }
    spans.extend(filter_spans(table, theme));
    if let Some(c) = table.compare.as_deref() {
        spans.push(Span::styled(super::compare::summary(c), theme.accent));
    }
    spans.extend(status_spans(state, table, theme));
    Line::from(spans)
}

/// How the rows are doing: loading (how long the server takes), refreshing under the rows
/// shown, their age, why paging stopped.
fn status_spans(state: &State, table: &TableView, theme: &Theme) -> Vec<Span<'static>> {
    let waited = table.page.describe_wait(state.now_ms);
    let updated = |at: i64| {
        Span::styled(
            format!("  updated {}", relative_time(at, state.now_ms)),
            theme.muted,
        )
    };
    match table.status() {
        // Rows from before the failure stay; the footer carries the whole reason.
        Status::Failed => vec![Span::styled(
            "  ⚠ the last load failed (r retries)",
            theme.error,
        )],
        Status::Retrying(retry) => vec![Span::styled(format!("  ⟳ {retry}"), theme.warn)],
        Status::LoadingAll => {
            let waited = waited.map_or_else(String::new, |w| format!(", {w}"));
            vec![Span::styled(
                format!("  loading all… (esc stops{waited})"),
                theme.warn,
            )]
        }
        Status::Loading => {
            let text = match waited {
                Some(waited) => format!("  loading… {waited}"),
                None => "  loading…".to_string(),
            };
            vec![Span::styled(text, theme.warn)]
        }
        Status::Refreshing(at) => {
            let waited = waited.map_or_else(String::new, |w| format!(" ({w})"));
            vec![
                updated(at),
                Span::styled(format!(" · refreshing…{waited}"), theme.warn),
            ]
        }
        Status::Stopped(why) => vec![Span::styled(
            format!("  ⚠ stopped paging: {}", sanitize(why)),
            theme.warn,
        )],
        Status::Updated(at) => {
            // The console keeps its own period, longer after the server asked to slow down.
            let every = match &table.live {
                Some(_) => state.firing.period_ms(),
                // The merged console: the console's period (each account's slowdown is said
                // in its place on the counts line).
                None if table.fleet.is_some() => state.firing.every_ms,
                None => state.refresh_every_ms,
            };
            let auto = match (every, state.refresh_paused) {
                (None, _) => String::new(),
                (Some(_), true) => " · auto-refresh paused".into(),
                (Some(ms), false) if table.live.is_some() && state.firing.slowed() > 0 => {
                    format!(
                        " · slowed down: auto {}",
                        short_duration((ms / 1000) as u64)
                    )
                }
                (Some(_), false) if table.rows.len() > AUTO_REFRESH_MAX_ROWS => {
                    " · auto-refresh off (large list)".into()
                }
                (Some(ms), false) => format!(" · auto {}", short_duration((ms / 1000) as u64)),
            };
            vec![updated(at), Span::styled(auto, theme.muted)]
        }
        Status::Idle => Vec::new(),
    }
}

/// The filter's text, its mode when a regex, why it does not filter, and what it sees.
fn filter_spans<'a>(table: &TableView, theme: &Theme) -> Vec<Span<'a>> {
    let Some(f) = &table.filter else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    // While typed, a bar where the cursor is (word motions move it).
    let text = if f.editing {
        f.input.with_bar(40)
    } else {
        sanitize(f.input.value()).into_owned()
    };
    spans.push(Span::styled(
        format!("  /{text}"),
        if f.editing { theme.key } else { theme.accent },
    ));
    if f.mode == Mode::Regex {
        spans.push(Span::styled("  regex", theme.warn));
    }
    if let Some(err) = &f.error {
        spans.push(Span::styled(
            format!("  ✗ {}", sanitize(&err.to_string())),
            theme.error,
        ));
    }
    if table.filtering() && table.next.is_some() && !table.load_all {
        // The filter sees only what is loaded; nothing more loads by itself while it applies.
        spans.push(Span::styled(
            "  (over the rows loaded: G loads all)",
            theme.muted,
        ));
    }
    spans
}

/// Rows are loaded but none shows: the filter matches none, or does not compile.
fn no_match_text(table: &TableView) -> String {
    match table.filter.as_ref().and_then(|f| f.error.as_ref()) {
        Some(err) => format!("{err}\n\nno row is shown until it is fixed (esc clears it)"),
        None => "no row matches the filter (esc clears it)".to_string(),
    }
}

fn empty_text(state: &State, table: &TableView) -> String {
    if let Some(err) = table.error() {
        return format!("{err}\n\npress r to try again");
    }
    match &state.login {
        LoginState::LoggedOut | LoginState::Standalone(_) => {
            "not logged in: press A for accounts, or : then login".into()
        }
        LoginState::Pending { account } => format!("logging in to {account}…"),
        LoginState::Failed { message, .. } => format!("login failed: {message}"),
        LoginState::LoggedIn(_) if table.is_loading() || table.loaded_at_ms.is_none() => {
            format!("loading {}…", table.kind.title.to_lowercase())
        }
        LoginState::LoggedIn(_) => format!("no {}", table.kind.title.to_lowercase()),
    }
}

const COLUMN_SPACING: u16 = 1;

fn cell_text<'a>(
    cell: CellRef<'a>,
    format: Format,
    width: u16,
    now_ms: i64,
    theme: &Theme,
) -> ratatui::widgets::Cell<'a> {
    let (text, style): (std::borrow::Cow<'a, str>, Style) = match (cell, format) {
        (CellRef::Empty, _) => ("".into(), Style::new()),
        (CellRef::Flag(true), Format::EnabledUnlessTrue) => ("disabled".into(), theme.warn),
        (CellRef::Flag(false), Format::EnabledUnlessTrue) => ("enabled".into(), theme.ok),
        (CellRef::Flag(true), _) => ("yes".into(), Style::new()),
        (CellRef::Flag(false), _) => ("no".into(), theme.muted),
        (CellRef::Int(n), _) => (count(n).into(), Style::new()),
        (CellRef::Time(ms), Format::Since) => (since(ms, now_ms).into(), Style::new()),
        (CellRef::Time(ms), _) => (relative_time(ms, now_ms).into(), Style::new()),
        (CellRef::Text(s), Format::Error) => (s.into(), theme.error),
        // A list of states is coloured by its first, the most important (`FIRING +MAINT`).
        (CellRef::Text(s), Format::Enum | Format::States) => {
            let first = s.split([' ', ',']).next().unwrap_or_default();
            (s.into(), enum_style(first, theme))
        }
        (CellRef::Text(s), _) => (s.into(), Style::new()),
    };
    let text = match fit(&text, width as usize) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(cut) => cut.into(),
    };
    ratatui::widgets::Cell::from(Span::styled(text, style))
}

/// Colours that carry meaning across kinds: trouble in red, caution in yellow, health in green.
pub(crate) fn enum_style(value: &str, theme: &Theme) -> Style {
    match value {
        "FIRING" | "SEVERE" | "ERROR" | "INVALID" | "TOKEN_EXPIRED" | "STOPPED_BY_SERVER" => {
            theme.error
        }
        "WARN" | "SNOOZED" | "NO_DATA" | "PENDING" | "STOPPED_UNKNOWN" | "IN_MAINTENANCE" => {
            theme.warn
        }
        "ACTIVE" | "OK" | "ONGOING" => theme.ok,
        _ => theme.accent,
    }
}
