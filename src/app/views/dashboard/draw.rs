//! The player on screen: the sections' tabs, the variables bar with the window and the
//! refresh, then the grid of panels. In TV mode only the grid and a line naming the section.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::DashboardPlayer;
use super::grid::{self, Placed};
use super::panel::{self, Content};
use crate::api::chart::Window;
use crate::api::dashboard::Selection;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// The lines above the grid: tabs, then variables and status (one line in TV mode).
pub fn chrome_rows(p: &DashboardPlayer) -> u16 {
    if p.tv.is_some() { 1 } else { 2 }
}

/// Where the grid is in the player's `area`.
pub fn grid_area(p: &DashboardPlayer, area: Rect) -> Rect {
    let top = chrome_rows(p).min(area.height);
    Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    }
}

/// The rows of the section shown: each one's height factor and chart count.
pub fn rows_of(p: &DashboardPlayer) -> Vec<(u32, usize)> {
    p.dashboard
        .as_ref()
        .and_then(|d| d.sections.get(p.section))
        .map(|s| {
            s.rows
                .iter()
                .map(|r| (r.height_factor, r.charts.len()))
                .collect()
        })
        .unwrap_or_default()
}

/// The panels on screen in `area` (the player's whole area).
pub fn placed(p: &DashboardPlayer, area: Rect) -> Vec<Placed> {
    grid::place(&rows_of(p), p.scroll, grid_area(p, area))
}

pub fn draw(frame: &mut Frame, area: Rect, p: &DashboardPlayer, times: &Times, theme: &Theme) {
    let Some(d) = &p.dashboard else {
        let text = match p.load.failed() {
            Some(why) => Line::styled(sanitize(why).into_owned(), theme.error),
            None => Line::styled(
                format!("reading dashboard {}…", sanitize(&p.id)),
                theme.muted,
            ),
        };
        frame.render_widget(Paragraph::new(text), area);
        return;
    };
    let [tabs, bar] = if p.tv.is_some() {
        [
            Rect {
                height: 1.min(area.height),
                ..area
            },
            Rect::default(),
        ]
    } else {
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area)
    };
    let tabs_line = line_of(tabs_spans(p, d, tabs.width, theme));
    frame.render_widget(Paragraph::new(tabs_line), tabs);
    if bar.height > 0 {
        let bar_line = line_of(bar_spans(p, bar.width, times, theme));
        frame.render_widget(Paragraph::new(bar_line), bar);
    }
    let placed = placed(p, area);
    if placed.is_empty() {
        let text = if rows_of(p).is_empty() {
            "this section has no charts ([ ] the other sections)"
        } else {
            "the terminal is too small for this section's panels"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.muted)),
            grid_area(p, area),
        );
    }
    for Placed { panel: i, rect } in placed {
        let Some(state) = p.panels.get(i) else {
            continue;
        };
        let title = p.chart(i).map_or("", |c| c.name.as_str());
        let content = Content {
            title,
            look: &state.look,
            status: &state.status,
            series: &state.series,
            secondary: &state.secondary,
            colors: &state.colors,
            events: &state.events,
            window: p.window_ms(),
            tick: p.tick,
            selected: i == p.selected && p.tv.is_none(),
        };
        panel::draw_scrolled(frame, rect, &content, state.scroll, times, theme);
    }
    if let Some(picker) = &p.picker {
        super::picker::draw(frame, grid_area(p, area), picker, theme);
    }
}

/// What a click on the lines above the grid lands on: a section's tab, a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChromeTarget {
    Section(usize),
    /// By its place among the variables shown (as `tab` focuses them).
    Variable(usize),
}

/// The spans of a line above the grid, each with what a click on it does: the line drawn and
/// the places clicked are the same spans.
type Targeted = Vec<(Span<'static>, Option<ChromeTarget>)>;

fn line_of(spans: Targeted) -> Line<'static> {
    Line::from(spans.into_iter().map(|(s, _)| s).collect::<Vec<_>>())
}

/// What the click at screen cell (`x`, `y`) lands on among the tabs and the variables bar of
/// the player drawn in `area`.
pub fn chrome_target(p: &DashboardPlayer, area: Rect, x: u16, y: u16) -> Option<ChromeTarget> {
    let d = p.dashboard.as_ref()?;
    let theme = Theme::default();
    let spans = match y.checked_sub(area.y)? {
        0 => tabs_spans(p, d, area.width, &theme),
        1 if p.tv.is_none() => bar_spans(p, area.width, &Times::default(), &theme),
        _ => return None,
    };
    let mut left = area.x;
    for (span, target) in spans {
        let width = unicode_width::UnicodeWidthStr::width(span.content.as_ref()) as u16;
        if (left..left.saturating_add(width)).contains(&x) {
            return target;
        }
        left = left.saturating_add(width);
    }
    None
}

/// The dashboard's name (★ when a favourite) and its sections, the one shown marked.
fn tabs_spans(
    p: &DashboardPlayer,
    d: &crate::api::dashboard::Dashboard,
    width: u16,
    theme: &Theme,
) -> Targeted {
    let mut spans = vec![(
        Span::styled(
            fit(&sanitize(&d.name), (width / 3).max(8) as usize).into_owned(),
            theme.title,
        ),
        None,
    )];
    if d.favorite {
        spans.push((Span::styled(" ★", theme.warn), None));
    }
    spans.push((Span::styled(" │", theme.muted), None));
    for (i, s) in d.sections.iter().enumerate() {
        let name = if s.name.trim().is_empty() {
            format!("section {}", i + 1)
        } else {
            fit(&sanitize(&s.name), 24).into_owned()
        };
        let style = if i == p.section {
            theme.selected
        } else {
            theme.muted
        };
        spans.push((Span::raw(" "), None));
        let tab = Span::styled(format!(" {name} "), style);
        spans.push((tab, Some(ChromeTarget::Section(i))));
    }
    spans
}

/// The variables (the focused one marked), then the window, the refresh and what runs.
fn bar_spans(p: &DashboardPlayer, width: u16, times: &Times, theme: &Theme) -> Targeted {
    let mut spans: Targeted = Vec::new();
    if let Some(d) = &p.dashboard {
        for (n, &i) in p.visible_variables().iter().enumerate() {
            let var = &d.variables[i];
            let value = match p.bindings.get(&var.name) {
                Some(Selection::All) | None => "*".to_string(),
                Some(Selection::Values(v)) => v.join(","),
            };
            let text = format!(
                "{}={}",
                fit(&sanitize(var.title()), 20),
                fit(&sanitize(&value), 24)
            );
            let style = if n == p.variable {
                theme.key
            } else {
                theme.accent
            };
            spans.push((Span::styled(text, style), Some(ChromeTarget::Variable(n))));
            spans.push((Span::raw("  "), None));
        }
    }
    let window = match p.window {
        Window::Between { start_ms, end_ms } => format!(
            "{} – {}",
            times.month_day_minute(start_ms),
            times.month_day_minute(end_ms)
        ),
        w => w.label(),
    };
    spans.push((Span::raw("window "), None));
    spans.push((Span::styled(window, theme.key), None));
    let refresh = if p.paused {
        "  paused".to_string()
    } else {
        format!(
            "  live {}",
            crate::format::short_duration((p.refresh_ms / 1000) as u64)
        )
    };
    spans.push((Span::styled(refresh, theme.muted), None));
    let running = p.inflight.len();
    if running > 0 {
        spans.push((
            Span::styled(format!("  {running} running"), theme.warn),
            None,
        ));
    }
    if let Some(n) = &p.notice {
        let notice = format!("  ⟳ {}", sanitize(n));
        spans.push((Span::styled(notice, theme.warn), None));
    }
    // Cut to the width: what does not fit is left out rather than wrapped.
    let mut used = 0usize;
    spans.retain(|(s, _)| {
        used += unicode_width::UnicodeWidthStr::width(s.content.as_ref());
        used <= width as usize
    });
    spans
}
