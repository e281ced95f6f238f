//! The alert viewer on screen: a title line, the timeline (caption, bars, days, the chosen
//! firing), the chart (the chart view's own drawing, bands and all), and the panes under a tab
//! strip. Server strings are sanitised.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::{AlertViewer, Pane, panes, timeline};
use crate::app::drawn::Drawn;
use crate::app::remote::Remote;
use crate::app::state::State;
use crate::app::views::chart::bands::severity_style;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// Caption, bars, days, the chosen firing.
const TIMELINE_ROWS: u16 = 4;

pub fn draw(frame: &mut Frame, area: Rect, v: &AlertViewer, state: &State, theme: &Theme) -> Drawn {
    let [title_area, timeline_area, chart_area, panes_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(TIMELINE_ROWS),
        Constraint::Fill(11),
        Constraint::Fill(9),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(title_line(v, title_area.width, theme)),
        title_area,
    );
    draw_timeline(frame, timeline_area, v, &state.times, state.now_ms, theme);
    let depth = state.stack.len().saturating_sub(1);
    match &v.chart {
        Some(chart) => {
            crate::app::views::chart::draw::draw(
                frame,
                chart_area,
                chart,
                &state.times,
                theme,
                depth,
            );
        }
        None => frame.render_widget(
            Paragraph::new("nothing to chart: the alert has no display expression or condition")
                .style(theme.muted),
            chart_area,
        ),
    }
    let (rows, offset, shown) = draw_panes(frame, panes_area, v, &state.times, theme);
    Drawn::new(frame.area().as_size(), depth, area).with_rows(
        rows,
        offset,
        (offset..offset + shown).collect(),
    )
}

/// `Alerts › Pricing SLO burn rate  THRESHOLD · SEVERE · FIRING`.
fn title_line(v: &AlertViewer, width: u16, theme: &Theme) -> Line<'static> {
    let text = |key: &str| {
        v.alert
            .get(key)
            .and_then(Value::as_str)
            .map(|s| sanitize(s).into_owned())
    };
    let mut facts: Vec<Span<'static>> = Vec::new();
    if let Some(kind) = text("alertType") {
        facts.push(Span::styled(kind, theme.muted));
    }
    if let Some(sev) = text("severity") {
        facts.push(Span::styled(sev.clone(), severity_style(&sev, theme)));
    }
    let states = v
        .alert
        .get("status")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .map(|s| sanitize(s).into_owned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if !states.is_empty() {
        let firing = states.iter().any(|s| s == "FIRING");
        facts.push(Span::styled(
            states.join(" "),
            if firing { theme.error } else { theme.muted },
        ));
    }
    let title = fit(&sanitize(&v.title), usize::from(width)).into_owned();
    let mut spans = vec![Span::styled(title, theme.title)];
    for (i, f) in facts.into_iter().enumerate() {
        spans.push(Span::styled(if i == 0 { "  " } else { " · " }, theme.muted));
        spans.push(f);
    }
    Line::from(spans)
}

fn draw_timeline(
    frame: &mut Frame,
    area: Rect,
    v: &AlertViewer,
    times: &Times,
    now_ms: i64,
    theme: &Theme,
) {
    let width = usize::from(area.width);
    let [caption, bars, days, chosen] = Layout::vertical([Constraint::Length(1); 4]).areas(area);
    frame.render_widget(Paragraph::new(caption_line(v, theme)), caption);
    if v.firings().is_empty() {
        return;
    }
    let cells = timeline::columns(v.firings(), v.from_ms, v.to_ms, width, v.selected);
    let bar_spans: Vec<Span> = cells
        .iter()
        .enumerate()
        .map(|(col, cell)| match cell {
            None => Span::styled("·", theme.muted),
            Some(i) => {
                let f = &v.firings()[*i];
                let sev = f.severity.as_deref();
                let last = timeline::span_of(f, v.from_ms, v.to_ms, width).map(|s| s.1);
                let symbol = if f.ongoing() && last == Some(col) {
                    "▶"
                } else {
                    timeline::symbol(sev)
                };
                let mut style = sev.map_or(theme.muted, |s| severity_style(s, theme));
                if Some(*i) == v.selected {
                    style = style.add_modifier(Modifier::BOLD);
                }
                Span::styled(symbol, style)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(bar_spans)), bars);
    frame.render_widget(
        Paragraph::new(day_line(times, v.from_ms, v.to_ms, width, theme)),
        days,
    );
    if let Some(line) = chosen_line(v, times, now_ms, width, theme) {
        frame.render_widget(Paragraph::new(line), chosen);
    }
}

/// `Firings, last 7 days: 14`, and what is missing from them.
fn caption_line(v: &AlertViewer, theme: &Theme) -> Line<'static> {
    let head = Span::styled("Firings, last 7 days: ", theme.title);
    match &v.history {
        Remote::NotAsked | Remote::Loading(_) => {
            let retry = v
                .history
                .retrying()
                .map(|r| format!(" ⟳ {}", sanitize(r)))
                .unwrap_or_default();
            Line::from(vec![
                head,
                Span::styled(format!("loading…{retry}"), theme.warn),
            ])
        }
        Remote::Failed(e) => Line::from(vec![
            head,
            Span::styled(format!("not loaded: {}", sanitize(e)), theme.error),
        ]),
        Remote::Loaded(h) if h.firings.is_empty() && h.undated == 0 => Line::from(vec![
            head,
            Span::styled("none — no firings in the last 7 days", theme.muted),
        ]),
        Remote::Loaded(h) => {
            let mut spans = vec![
                head,
                Span::raw(crate::format::count(h.firings.len() as i64)),
            ];
            if h.more {
                spans.push(Span::styled(
                    " (the latest; the server has more)",
                    theme.warn,
                ));
            }
            if h.undated > 0 {
                spans.push(Span::styled(
                    format!(" ({} without a start time, not drawn)", h.undated),
                    theme.warn,
                ));
            }
            Line::from(spans)
        }
    }
}

/// The weekdays where days begin, and `now` at the end.
fn day_line(times: &Times, from_ms: i64, to_ms: i64, width: usize, theme: &Theme) -> Line<'static> {
    let mut text = vec![' '; width];
    let mut free_from = 0;
    let mut put = |col: usize, label: &str, text: &mut Vec<char>| {
        let n = label.chars().count();
        if col >= free_from && col + n <= width {
            for (i, c) in label.chars().enumerate() {
                text[col + i] = c;
            }
            free_from = col + n + 1;
        }
    };
    for (col, name) in timeline::day_ticks(times, from_ms, to_ms, width) {
        if col + 3 + 4 <= width {
            put(col, &format!("╵{name}"), &mut text);
        }
    }
    put(width.saturating_sub(4), " now", &mut text);
    Line::styled(text.into_iter().collect::<String>(), theme.muted)
}

/// `▲ 3 of 14 · SEVERE · Mon 09:12 → Mon 10:03 (51m)`, the marker under the firing's start.
fn chosen_line(
    v: &AlertViewer,
    times: &Times,
    now_ms: i64,
    width: usize,
    theme: &Theme,
) -> Option<Line<'static>> {
    let i = v.selected?;
    let f = v.firings().get(i)?;
    let start = f.start_ms?;
    let (col, _) = timeline::span_of(f, v.from_ms, v.to_ms, width)?;
    let sev = f
        .severity
        .as_deref()
        .map(|s| sanitize(&s.to_ascii_uppercase()).into_owned());
    let when = if f.ongoing() {
        let secs = u64::try_from((now_ms - start).max(0) / 1000).unwrap_or(0);
        format!(
            "since {}, ongoing for {}",
            times.weekday_clock(start),
            crate::format::length(secs)
        )
    } else {
        let end = f.end_or(now_ms).unwrap_or(start);
        let secs = u64::try_from((end - start) / 1000).unwrap_or(0);
        format!(
            "{} → {} ({})",
            times.weekday_clock(start),
            times.weekday_clock(end),
            crate::format::length(secs)
        )
    };
    let n = v.firings().len();
    let desc = format!("{} of {n}", i + 1);
    let style = f
        .severity
        .as_deref()
        .map_or(theme.muted, |s| severity_style(s, theme));
    let mut parts = vec![Span::raw(desc)];
    if let Some(sev) = sev {
        parts.push(Span::raw(" · "));
        parts.push(Span::styled(sev, style));
    }
    parts.push(Span::raw(format!(" · {when}")));
    let len: usize = parts.iter().map(|s| s.content.width()).sum();
    let marker = Span::styled("▲", style.add_modifier(Modifier::BOLD));
    let line = if col + 2 + len <= width {
        let mut spans = vec![Span::raw(" ".repeat(col)), marker, Span::raw(" ")];
        spans.extend(parts);
        spans
    } else {
        let lead = (col + 1).saturating_sub(len + 2);
        let mut spans = vec![Span::raw(" ".repeat(lead))];
        spans.extend(parts);
        spans.extend([Span::raw(" "), marker]);
        spans
    };
    Some(Line::from(line))
}

/// The tab strip and the focused pane's lines; returns where they are, the first shown and
/// how many.
fn draw_panes(
    frame: &mut Frame,
    area: Rect,
    v: &AlertViewer,
    times: &Times,
    theme: &Theme,
) -> (Rect, usize, usize) {
    let [strip, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let width = usize::from(body.width);
    let lines = panes::lines(v, v.pane, width, times, theme);
    let height = usize::from(body.height);
    let offset = v
        .pane_scroll(v.pane)
        .min(lines.len().saturating_sub(height));
    let shown = lines.len().saturating_sub(offset).min(height);
    let mut tabs: Vec<Span> = Vec::new();
    for (i, pane) in Pane::ALL.into_iter().enumerate() {
        if i > 0 {
            tabs.push(Span::styled(" │ ", theme.muted));
        }
        let label = match panes::count(v, pane) {
            Some(n) => format!(" {} ({n}) ", pane.title()),
            None => format!(" {} ", pane.title()),
        };
        let style = if pane == v.pane {
            theme.selected
        } else {
            theme.muted
        };
        tabs.push(Span::styled(label, style));
    }
    if lines.len() > height {
        tabs.push(Span::styled(
            format!("   {}–{} of {}", offset + 1, offset + shown, lines.len()),
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(tabs)), strip);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible), body);
    (body, offset, shown)
}
