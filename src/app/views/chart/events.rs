//! Events over a chart, and its time cursor. Each event falls on columns of the plot (one for an
//! instant, a run for a span, to the right edge while it goes on), found as the chart's own
//! canvas places points; it is drawn on the time axis (`●` an event, `◆` several in one column,
//! `━` a span's length) and as a dotted line at its start in the plot's blank cells, coloured by
//! severity as the product colours them (severe red, warn orange, smoke grey, info blue). The
//! series stay on top: nothing drawn here covers a cell they use.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::api::chart_events::ChartEvent;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// How much an event says "look at me": the most severe of a column's events colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Severe,
    Warn,
    Smoke,
    Info,
    /// No severity, or one the product does not list (shown as sent in the readout).
    Other,
}

impl Level {
    pub fn of(event: &ChartEvent) -> Level {
        match event.severity().map(str::to_ascii_lowercase).as_deref() {
            Some("severe") => Level::Severe,
            Some("warn" | "warning") => Level::Warn,
            Some("smoke") => Level::Smoke,
            Some("info") => Level::Info,
            _ => Level::Other,
        }
    }

    pub fn style(self, theme: &Theme) -> Style {
        match self {
            Level::Severe => theme.error,
            Level::Warn => theme.warn,
            Level::Smoke => theme.muted,
            Level::Info => theme.accent,
            Level::Other => theme.title,
        }
    }
}

/// Where one event (or several instants in one column) is drawn, in columns from the plot's
/// left edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub first: u16,
    pub last: u16,
    /// Whether it starts inside the window (a span from before starts at the edge, unmarked).
    pub starts_here: bool,
    pub instant: bool,
    /// Events at this mark: instants in one column share it.
    pub count: usize,
    pub level: Level,
}

/// The column of time `t_ms` on a plot `width` cells wide over `[from_ms, to_ms]`, as the
/// chart's braille canvas rounds it (two dots a cell); `None` outside the window.
pub fn column(t_ms: i64, from_ms: i64, to_ms: i64, width: u16) -> Option<u16> {
    if width == 0 || to_ms <= from_ms || t_ms < from_ms || t_ms > to_ms {
        return None;
    }
    let dots = f64::from(width) * 2.0 - 1.0;
    let dot = ((t_ms - from_ms) as f64 * dots / (to_ms - from_ms) as f64).round() as u16;
    Some((dot / 2).min(width - 1))
}

/// The marks of the events that fall in the window, spans first then instants, each by start.
pub fn layout(events: &[ChartEvent], from_ms: i64, to_ms: i64, width: u16) -> Vec<Mark> {
    let mut spans = Vec::new();
    let mut instants: Vec<Mark> = Vec::new();
    for e in events.iter().filter(|e| e.overlaps(from_ms, to_ms)) {
        let at = |t: i64| column(t.clamp(from_ms, to_ms), from_ms, to_ms, width);
        let (Some(first), Some(last)) = (at(e.start_ms), at(e.end_ms.unwrap_or(to_ms))) else {
            continue;
        };
        let level = Level::of(e);
        if e.is_instant() {
            match instants.iter_mut().find(|m| m.first == first) {
                Some(m) => {
                    m.count += 1;
                    m.level = m.level.min(level);
                }
                None => instants.push(Mark {
                    first,
                    last: first,
                    starts_here: true,
                    instant: true,
                    count: 1,
                    level,
                }),
            }
        } else {
            spans.push(Mark {
                first,
                last,
                starts_here: e.start_ms >= from_ms,
                instant: false,
                count: 1,
                level,
            });
        }
    }
    instants.sort_by_key(|m| m.first);
    spans.extend(instants);
    spans
}

/// The plot inside a drawn chart: right of its value axis, above its time axis (found by the
/// axes' corner, so it is where the chart drew, whatever its labels took).
pub fn find_plot(buf: &Buffer, area: Rect) -> Option<Rect> {
    let corner = ratatui::symbols::line::BOTTOM_LEFT;
    for y in (area.top()..area.bottom()).rev() {
        for x in area.left()..area.right() {
            if buf[(x, y)].symbol() == corner {
                let width = area.right().saturating_sub(x + 1);
                let height = y.saturating_sub(area.top());
                return (width > 0 && height > 0)
                    .then(|| Rect::new(x + 1, area.top(), width, height));
            }
        }
    }
    None
}

/// A dotted line down column `x` of the plot where nothing else is drawn.
fn line_down(buf: &mut Buffer, plot: Rect, x: u16, symbol: &str, style: Style) {
    for y in plot.top()..plot.bottom() {
        let cell = &mut buf[(x, y)];
        if cell.symbol() == " " {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}

/// The marks on the time axis (the row under the plot) and their lines in the plot; the lines
/// only while they are few (a line in most columns would hide the chart: the axis says it).
pub fn draw_marks(buf: &mut Buffer, plot: Rect, marks: &[Mark], theme: &Theme) {
    let axis = plot.bottom();
    if axis >= buf.area.bottom() {
        return;
    }
    let starts = marks.iter().filter(|m| m.starts_here).count();
    let lines = starts <= usize::from(plot.width / 4);
    for m in marks {
        let style = m.level.style(theme);
        if !m.instant {
            for x in m.first..=m.last.min(plot.width - 1) {
                buf[(plot.x + x, axis)].set_symbol("━").set_style(style);
            }
        }
        if m.starts_here {
            let x = plot.x + m.first;
            let symbol = if m.count > 1 { "◆" } else { "●" };
            buf[(x, axis)].set_symbol(symbol).set_style(style);
            if lines {
                line_down(buf, plot, x, "┊", style);
            }
        }
    }
}

/// The cursor: a line down its column, its cell of the axis marked (or, over an event's mark,
/// reversed).
pub fn draw_cursor(buf: &mut Buffer, plot: Rect, column: u16, theme: &Theme) {
    let x = plot.x + column.min(plot.width.saturating_sub(1));
    for y in plot.top()..plot.bottom() {
        let cell = &mut buf[(x, y)];
        if matches!(cell.symbol(), " " | "┊") {
            cell.set_symbol("│").set_style(theme.key);
        }
    }
    let axis = plot.bottom();
    if axis < buf.area.bottom() {
        let cell = &mut buf[(x, axis)];
        if cell.symbol() == ratatui::symbols::line::HORIZONTAL {
            cell.set_symbol("┴").set_style(theme.key);
        } else {
            cell.set_style(cell.style().add_modifier(Modifier::REVERSED));
        }
    }
}

/// The events at `cursor_ms`, give or take `slack_ms` (half a column: an instant is hit when
/// the cursor is on its column).
pub fn under(events: &[ChartEvent], cursor_ms: i64, slack_ms: i64) -> Vec<&ChartEvent> {
    events
        .iter()
        .filter(|e| e.overlaps(cursor_ms - slack_ms, cursor_ms + slack_ms))
        .collect()
}

/// The events that start in row `i` of the numbers (`stamps` in epoch seconds): from its time
/// to the next row's; the first row also takes those that began before it.
pub fn in_row<'a>(events: &'a [ChartEvent], stamps: &[i64], i: usize) -> Vec<&'a ChartEvent> {
    let Some(&t) = stamps.get(i) else {
        return Vec::new();
    };
    let from = if i == 0 {
        i64::MIN
    } else {
        t.saturating_mul(1000)
    };
    let to = stamps
        .get(i + 1)
        .map_or(i64::MAX, |n| n.saturating_mul(1000));
    events
        .iter()
        .filter(|e| e.start_ms >= from && e.start_ms < to)
        .collect()
}

/// `2027-01-15 09:00:05 CET` as its parts: the date, the time, the zone.
fn parts(times: &Times, ms: i64) -> (String, String, String) {
    let full = times.full(ms);
    let mut p = full.split(' ').map(str::to_string);
    let date = p.next().unwrap_or_default();
    let time = p.next().unwrap_or_default();
    (date, time, p.collect::<Vec<_>>().join(" "))
}

/// `2027-01-15 09:00:05 – 09:12:40 CET` (the end's date only when it is another day); an
/// instant is its start; one going on says so.
pub fn when(times: &Times, e: &ChartEvent) -> String {
    let (date, time, zone) = parts(times, e.start_ms);
    match e.end_ms {
        _ if e.is_instant() => format!("{date} {time} {zone}"),
        None => format!("{date} {time} {zone} – going on"),
        Some(end) => {
            let (end_date, end_time, _) = parts(times, end);
            let end = if end_date == date {
                end_time
            } else {
                format!("{end_date} {end_time}")
            };
            format!("{date} {time} – {end} {zone}")
        }
    }
}

/// What an event says besides its name and times: type and severity, tags, hosts, details.
fn particulars(e: &ChartEvent) -> String {
    let mut out = Vec::new();
    let said: Vec<&str> = [e.kind(), e.severity()].into_iter().flatten().collect();
    if !said.is_empty() {
        out.push(said.join(" "));
    }
    if !e.tags.is_empty() {
        out.push(format!("tags {}", e.tags.join(" ")));
    }
    if let Some(first) = e.hosts.first() {
        let more = match e.hosts.len() - 1 {
            0 => String::new(),
            n => format!(" +{n}"),
        };
        out.push(format!("on {first}{more}"));
    }
    if let Some(details) = e.annotation("details") {
        out.push(details.to_string());
    }
    if e.summarized > 1 {
        out.push(format!("{} events summarised", e.summarized));
    }
    sanitize(&out.join(" · ")).into_owned()
}

/// The cursor's time: without the date in a window of a day or less (the axis has none).
fn cursor_time(times: &Times, cursor_ms: i64, with_date: bool) -> String {
    let (date, time, zone) = parts(times, cursor_ms);
    if with_date {
        format!("{date} {time} {zone}")
    } else {
        format!("{time} {zone}")
    }
}

/// The two lines under the chart while the cursor is on: its time and the (first) event under
/// it by name and start–end in the zone shown; then what else that event says.
pub fn cursor_lines(
    cursor_ms: i64,
    hit: &[&ChartEvent],
    times: &Times,
    (width, with_date): (usize, bool),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let at = format!("│ {}  ", cursor_time(times, cursor_ms, with_date));
    let mut first_line = vec![Span::styled(at.clone(), theme.key)];
    let Some(e) = hit.first() else {
        first_line.push(Span::styled(
            "no event here (H L: to the events)",
            theme.muted,
        ));
        return vec![Line::from(first_line)];
    };
    let style = Level::of(e).style(theme);
    let mark = if e.is_instant() { "● " } else { "━ " };
    let more = match hit.len() {
        1 => String::new(),
        n => format!("  (+{} more here)", n - 1),
    };
    let room = width.saturating_sub(at.chars().count() + 2);
    let name = fit(&sanitize(&e.name), room).into_owned();
    let room = room.saturating_sub(name.chars().count() + 2);
    first_line.extend([
        Span::styled(mark, style),
        Span::styled(name, style.add_modifier(Modifier::BOLD)),
        Span::styled(
            fit(&format!("  {}{more}", when(times, e)), room).into_owned(),
            theme.muted,
        ),
    ]);
    let indent = " ".repeat(at.chars().count() + 2);
    let rest = fit(&particulars(e), width.saturating_sub(indent.len())).into_owned();
    vec![
        Line::from(first_line),
        Line::from(vec![Span::raw(indent), Span::styled(rest, theme.muted)]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(name: &str, start: i64, end: Option<i64>, severity: &str) -> ChartEvent {
        ChartEvent {
            name: name.into(),
            start_ms: start,
            end_ms: end,
            annotations: vec![("severity".into(), severity.into())],
            tags: Vec::new(),
            hosts: Vec::new(),
            summarized: 0,
        }
    }

    #[test]
    fn columns_round_as_the_canvas_does() {
        // 10 cells, 19 dot gaps over 1900 ms: 100 ms a dot, two dots a cell.
        assert_eq!(column(0, 0, 1_900, 10), Some(0));
        assert_eq!(column(149, 0, 1_900, 10), Some(0));
        assert_eq!(column(150, 0, 1_900, 10), Some(1));
        assert_eq!(column(1_900, 0, 1_900, 10), Some(9));
        assert_eq!(column(1_901, 0, 1_900, 10), None);
        assert_eq!(column(-1, 0, 1_900, 10), None);
        assert_eq!(column(5, 0, 0, 10), None);
        assert_eq!(column(5, 0, 10, 0), None);
    }

    #[test]
    fn instants_share_a_column_and_the_worst_colours_it() {
        let events = [
            ev("a", 100, Some(101), "info"),
            ev("b", 120, Some(121), "SEVERE"),
            ev("c", 1_000, Some(1_001), "smoke"),
            ev("outside", 5_000, Some(5_001), "severe"),
        ];
        let marks = layout(&events, 0, 1_900, 10);
        assert_eq!(marks.len(), 2);
        assert_eq!((marks[0].first, marks[0].count), (0, 2));
        assert_eq!(marks[0].level, Level::Severe);
        assert!(marks[0].instant && marks[0].starts_here);
        assert_eq!((marks[1].first, marks[1].level), (5, Level::Smoke));
    }

    #[test]
    fn spans_cover_their_columns_and_are_cut_at_the_edges() {
        let events = [
            ev("inside", 400, Some(900), "warn"),
            ev("from before", -500, Some(300), "critical"),
            ev("going on", 1_500, None, "info"),
        ];
        let marks = layout(&events, 0, 1_900, 10);
        let got: Vec<(u16, u16, bool)> = marks
            .iter()
            .map(|m| (m.first, m.last, m.starts_here))
            .collect();
        assert_eq!(got, [(2, 4, true), (0, 1, false), (7, 9, true)]);
        assert_eq!(
            marks[1].level,
            Level::Other,
            "an unknown severity is its own"
        );
        assert!(marks.iter().all(|m| !m.instant));
    }

    #[test]
    fn the_plot_found_is_where_the_chart_draws() {
        use ratatui::symbols::Marker;
        use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Widget};
        // One point at each corner of the window: the plot's corner cells hold them.
        let points = [(0.0, 0.0), (100.0, 10.0)];
        let chart = Chart::new(vec![
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Scatter)
                .data(&points),
        ])
        .x_axis(
            Axis::default()
                .bounds([0.0, 100.0])
                .labels(["00:00", "01:00"]),
        )
        .y_axis(Axis::default().bounds([0.0, 10.0]).labels(["0", "12.5k"]));
        let area = Rect::new(2, 1, 40, 12);
        let mut buf = Buffer::empty(Rect::new(0, 0, 50, 15));
        chart.render(area, &mut buf);
        let plot = find_plot(&buf, area).unwrap();
        let braille = |x: u16, y: u16| {
            ('\u{2801}'..='\u{28ff}').contains(&buf[(x, y)].symbol().chars().next().unwrap())
        };
        assert!(braille(plot.left(), plot.bottom() - 1), "{plot:?}");
        assert!(braille(plot.right() - 1, plot.top()), "{plot:?}");
        assert_eq!(plot.right(), area.right());
        assert_eq!(column(100, 0, 100, plot.width), Some(plot.width - 1));
        assert_eq!(
            find_plot(&Buffer::empty(area), area),
            None,
            "no chart, no plot"
        );
    }

    #[test]
    fn lines_are_drawn_while_the_marks_are_few() {
        let plot = Rect::new(0, 0, 20, 3);
        let theme = Theme::default();
        let dotted = |marks: &[Mark]| {
            let mut buf = Buffer::empty(Rect::new(0, 0, 20, 4));
            draw_marks(&mut buf, plot, marks, &theme);
            let lines = (0..20).filter(|&x| buf[(x, 0)].symbol() == "┊").count();
            let marked = (0..20).filter(|&x| buf[(x, 3)].symbol() == "●").count();
            (lines, marked)
        };
        let mark = |first: u16| Mark {
            first,
            last: first,
            starts_here: true,
            instant: true,
            count: 1,
            level: Level::Info,
        };
        let few: Vec<Mark> = [2, 9, 15].into_iter().map(mark).collect();
        assert_eq!(dotted(&few), (3, 3));
        let many: Vec<Mark> = (0..12).map(mark).collect();
        assert_eq!(dotted(&many), (0, 12), "the axis alone says them");
    }

    #[test]
    fn what_is_under_the_cursor() {
        let events = [
            ev("a", 100, Some(101), "info"),
            ev("b", 300, Some(900), "warn"),
        ];
        let names = |c: i64, slack: i64| -> Vec<String> {
            under(&events, c, slack)
                .iter()
                .map(|e| e.name.clone())
                .collect()
        };
        assert_eq!(names(140, 50), ["a"]);
        assert!(names(200, 50).is_empty());
        assert_eq!(names(600, 0), ["b"]);
        assert_eq!(names(880, 30), ["b"]);
    }

    #[test]
    fn numbers_rows_take_the_events_that_start_in_them() {
        let events = [
            ev("before", -5_000, None, "info"),
            ev("first", 500, Some(501), "info"),
            ev("second", 60_000, Some(70_000), "warn"),
            ev("late", 200_000, None, "info"),
        ];
        let stamps = [0, 60, 120];
        let names = |i: usize| -> Vec<String> {
            in_row(&events, &stamps, i)
                .iter()
                .map(|e| e.name.clone())
                .collect()
        };
        assert_eq!(names(0), ["before", "first"]);
        assert_eq!(names(1), ["second"]);
        assert_eq!(names(2), ["late"], "the last row runs to the end");
        assert!(names(3).is_empty());
    }

    #[test]
    fn times_are_said_in_the_zone_shown() {
        let times = Times::default();
        let at = 1_800_000_000_000; // 2027-01-15 08:00:00 UTC
        assert_eq!(
            when(&times, &ev("x", at, Some(at + 1), "info")),
            "2027-01-15 08:00:00 UTC"
        );
        assert_eq!(
            when(&times, &ev("x", at, Some(at + 754_000), "info")),
            "2027-01-15 08:00:00 – 08:12:34 UTC"
        );
        assert_eq!(
            when(&times, &ev("x", at, Some(at + 86_400_000), "info")),
            "2027-01-15 08:00:00 – 2027-01-16 08:00:00 UTC"
        );
        assert_eq!(
            when(&times, &ev("x", at, None, "info")),
            "2027-01-15 08:00:00 UTC – going on"
        );
    }
}
