//! The chart view: a line chart of a query's series with a time axis (in the zone shown, named
//! in the title), a value axis and a legend, or the numbers (time × series). Server strings (labels, hosts, tags, messages) are
//! sanitised and cut to fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table};

use super::{ChartView, MAX_DRAWN};
use crate::api::chart::{ChartData, Series, Window, short_value};
use crate::app::drawn::Drawn;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// One colour per drawn series, distinct on dark and light terminals.
pub const PALETTE: [Color; MAX_DRAWN] = [
    Color::Cyan,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::LightBlue,
    Color::LightRed,
    Color::LightGreen,
    Color::Gray,
];

/// Width of a value column in the numbers view.
const VALUE_WIDTH: u16 = 14;
const TIME_WIDTH: u16 = 11;

/// Draws the chart (or its numbers) and says where the numbers' rows are.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    times: &Times,
    theme: &Theme,
    depth: usize,
) -> Drawn {
    let notes = notes(view, theme);
    let [title_area, expr_area, notes_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(notes.len() as u16),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(title_line(view, times, theme), title_area);
    frame.render_widget(Paragraph::new(expression_line(view, theme)), expr_area);
    frame.render_widget(Paragraph::new(notes), notes_area);
    // Below the numbers' info line and column header (`draw_numbers`): a page of numbers.
    let rows = Rect {
        y: body.y + NUMBERS_CHROME,
        height: body.height.saturating_sub(NUMBERS_CHROME).max(1),
        ..body
    };
    let drawn =
        Drawn::new(frame.area().as_size(), depth, area).with_rows(rows, view.scroll, Vec::new());

    let Some(data) = &view.data else {
        let text = if view.request.is_loading() {
            "running the query…"
        } else {
            "no result (r runs the query again)"
        };
        frame.render_widget(Paragraph::new(text).style(theme.muted), body);
        return drawn;
    };
    if data.series.is_empty() {
        // Over a firing (the alert viewer) the window follows the firing: its keys are elsewhere.
        let text = if view.bands.span.is_some() {
            "no series over this firing (c opens the chart, whose window can change)"
        } else if view.is_panel() && view.total_series > 0 {
            "no series match the filter (esc clears it; e shows the next source)"
        } else {
            "no series in this window (1 2 3 4 or w change it)"
        };
        frame.render_widget(Paragraph::new(text).style(theme.muted), body);
        return drawn;
    }
    if view.numbers {
        draw_numbers(frame, body, view, data, times, theme);
        drawn
    } else {
        let plot = draw_chart(frame, body, view, data, times, theme);
        Drawn { plot, ..drawn }
    }
}

/// Where in the query its error is, when the server's message says.
fn error_at(view: &ChartView) -> Option<usize> {
    let message = match view.edited_source() {
        Some(s) if view.is_panel() => view.sources[s].request.failed()?,
        _ if view.is_panel() => return None,
        _ => view.request.failed()?,
    };
    crate::wql::position::error_position(message, &view.query.expression)
}

/// The query in colour, the char its error points at marked.
fn expression_line(view: &ChartView, theme: &Theme) -> Line<'static> {
    if view.is_panel() {
        return sources_line(view, theme);
    }
    crate::app::widgets::query::highlight(&view.query.expression, theme, error_at(view))
}

/// A zoom's sources: the one shown alone with its query, or each named with its query in
/// colour (the line runs off when long).
fn sources_line(view: &ChartView, theme: &Theme) -> Line<'static> {
    let charted = view.charted_sources().count();
    let highlight =
        |expression: &str, at| crate::app::widgets::query::highlight(expression, theme, at).spans;
    if let Some(s) = view.solo.and_then(|s| view.sources.get(s)) {
        let mut spans = vec![Span::styled(
            format!("{} alone (e: the next) · ", sanitize(&s.name)),
            theme.key,
        )];
        spans.extend(highlight(&s.query.expression, error_at(view)));
        return Line::from(spans);
    }
    if charted == 1 {
        return Line::from(highlight(&view.query.expression, error_at(view)));
    }
    let mut spans = vec![Span::styled(
        format!("{charted} sources (e: one alone) · "),
        theme.key,
    )];
    for (n, (_, s)) in view.charted_sources().enumerate() {
        if n > 0 {
            spans.push(Span::styled("  │  ", theme.muted));
        }
        spans.push(Span::styled(
            format!("{}: ", sanitize(&s.name)),
            theme.muted,
        ));
        spans.extend(highlight(&s.query.expression, None));
    }
    Line::from(spans)
}

/// What is said above the chart: its error (and where it is), a retry, the query's
/// statistics, the server's warnings, points left out (three lines at most).
fn notes(view: &ChartView, theme: &Theme) -> Vec<Line<'static>> {
    let mut notes: Vec<Line<'static>> = Vec::new();
    for (name, err) in view.failed_sources() {
        notes.push(Line::from(vec![
            Span::styled(format!("{} failed: ", sanitize(name)), theme.muted),
            Span::styled(sanitize(err).into_owned(), theme.error),
        ]));
    }
    if let Some(err) = view.request.failed() {
        // The place first: a long message runs off the line.
        let place = match error_at(view) {
            Some(at) => format!("at char {} (marked above): ", at + 1),
            None if view.is_panel() => String::new(),
            None => "no position given: ".to_string(),
        };
        notes.push(Line::from(vec![
            Span::styled(place, theme.muted),
            Span::styled(sanitize(err).into_owned(), theme.error),
        ]));
    }
    if let Some(r) = view.request.retrying() {
        notes.push(Line::styled(format!("⟳ {}", sanitize(r)), theme.warn));
    }
    if let Some(data) = &view.data {
        if let Some(stats) = &data.stats {
            notes.push(Line::styled(stats.summary(data.series.len()), theme.muted));
        }
        for w in &data.warnings {
            notes.push(Line::styled(
                format!("warning: {}", sanitize(w)),
                theme.warn,
            ));
        }
        if let Some(note) = &data.events_note {
            notes.push(Line::styled(
                format!("events: {}", sanitize(note)),
                theme.warn,
            ));
        }
        if data.skipped_points > 0 {
            notes.push(Line::styled(
                match data.skipped_points {
                    1 => "1 point without a number was left out".to_string(),
                    n => format!("{n} points without a number were left out"),
                },
                theme.muted,
            ));
        }
    }
    notes.extend(view.bands.key_line(theme));
    notes.truncate(3);
    notes
}

fn title_line<'a>(view: &'a ChartView, times: &Times, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        sanitize(&view.title).into_owned(),
        theme.title,
    )];
    if view.is_panel() {
        // Its sources are named on the line below.
    } else if view.expressions.len() > 1 {
        spans.push(Span::styled(
            format!(" · {} (e: the other)", view.expression_name()),
            theme.muted,
        ));
    }
    spans.extend([
        Span::raw("  window "),
        Span::styled(window_text(view, times), theme.key),
        Span::raw("  granularity "),
        Span::styled(view.query.granularity.letter(), theme.key),
        Span::styled(
            format!("  times {}", times.name(view.query.end_ms)),
            theme.muted,
        ),
    ]);
    if view.live_ms.is_some() && view.query.window.ends_now() {
        spans.push(Span::styled(
            if view.paused { "  paused" } else { "  live" },
            theme.muted,
        ));
    }
    if view.request.is_loading() {
        spans.push(Span::styled("  loading…", theme.warn));
    } else if let Some(data) = &view.data {
        let n = data.series.len();
        let events = match (view.query.events, view.events().len()) {
            (crate::api::chart_events::ShowEvents::Off, _) => " · events off".to_string(),
            (_, 0) => String::new(),
            (_, 1) => " · 1 event".to_string(),
            (_, n) => format!(" · {n} events"),
        };
        let count = if view.is_panel() && n != view.total_series {
            format!("{n} of {} series", view.total_series)
        } else {
            format!("{n} series")
        };
        spans.push(Span::styled(
            format!(
                "  {count}{events}{}",
                if view.numbers { " · numbers" } else { "" }
            ),
            theme.muted,
        ));
    }
    if let Some(f) = view.filter.as_ref().filter(|f| !f.editing) {
        spans.push(Span::styled(
            format!("  /{}", sanitize(f.input.value())),
            theme.key,
        ));
    }
    Line::from(spans)
}

/// `1h`; a span between two times by its ends: `01-15 09:00 – 01-15 12:00`.
fn window_text(view: &ChartView, times: &Times) -> String {
    match view.query.window {
        Window::Between { start_ms, end_ms } => format!(
            "{} – {}",
            times.month_day_minute(start_ms),
            times.month_day_minute(end_ms)
        ),
        w => w.label(),
    }
}

/// An axis label: the time of day up to a day, the weekday and time up to eight days, the
/// date beyond.
fn axis_time(times: &Times, span_ms: i64, ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    if span_ms <= DAY {
        times.clock(ms)
    } else if span_ms <= 8 * DAY {
        times.weekday_clock(ms)
    } else {
        times.month_day(ms)
    }
}

/// The plot, the line of the cursor (when it is on) and the legend; says where the plot is.
fn draw_chart(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    data: &ChartData,
    times: &Times,
    theme: &Theme,
) -> Option<Rect> {
    let drawn = data.series.len().min(MAX_DRAWN);
    let more = data.series.len() - drawn;
    let legend_rows = (drawn + usize::from(more > 0)).min((area.height / 3).max(1) as usize);
    let cursor_rows = if view.cursor.is_some() { 2 } else { 0 };
    let [chart_area, cursor_area, legend_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(cursor_rows),
        Constraint::Length(legend_rows as u16),
    ])
    .areas(area);
    let plot = draw_plot(frame, chart_area, view, data, times, theme);
    if let (Some(at), Some(plot)) = (view.cursor, plot) {
        let (from, to) = view.window_ms();
        // Half a cell either side: an instant is under the cursor when on its column.
        let slack = (to - from) / i64::from(plot.width.max(1)) / 2;
        let hit = super::events::under(view.events(), at, slack);
        const DAY_MS: i64 = 86_400_000;
        let shape = (cursor_area.width as usize, to - from > DAY_MS);
        let lines = super::events::cursor_lines(at, &hit, times, shape, theme);
        frame.render_widget(Paragraph::new(lines), cursor_area);
    }
    draw_legend(frame, legend_area, view, data, legend_rows, theme);
    plot
}

/// The series over the window with their axes, then the events and the cursor over them.
fn draw_plot(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    data: &ChartData,
    times: &Times,
    theme: &Theme,
) -> Option<Rect> {
    if let Some(look) = &view.look {
        return draw_panel_plot(frame, area, view, look, data, times, theme);
    }
    let drawn = data.series.len().min(MAX_DRAWN);
    let points = series_points(&data.series[..drawn]);
    let mut datasets = line_datasets(&points, &PALETTE, GraphType::Line, Marker::Braille);
    let (x0, x1) = (
        view.query.start_ms().div_euclid(1000),
        view.query.end_ms.div_euclid(1000),
    );
    let level_points = view.bands.level_points(x0, x1, area.width);
    datasets.extend(view.bands.datasets(&level_points, theme));
    let y = view.bands.widen(y_bounds(data));
    let axes = Axes {
        x: (x0, x1),
        span_ms: view.query.window.millis(),
        y,
        y_label: &short_value,
        y_middle: true,
        x_middle: true,
    };
    let chart = axis_chart(datasets, &axes, times, theme);
    frame.render_widget(chart, area);
    // The firing's span and the thresholds under the events, which stay on top.
    super::bands::shade(frame.buffer_mut(), area, &view.bands, x0, x1, theme);
    let plot = super::events::find_plot(frame.buffer_mut(), area)?;
    // The canvas spans the window in whole seconds: so do the marks.
    let (from, to) = (x0 * 1000, x1 * 1000);
    let marks = super::events::layout(view.events(), from, to, plot.width);
    super::events::draw_marks(frame.buffer_mut(), plot, &marks, theme);
    let column = view
        .cursor
        .and_then(|at| super::events::column(at, from, to, plot.width));
    if let Some(column) = column {
        super::events::draw_cursor(frame.buffer_mut(), plot, column, theme);
    }
    Some(plot)
}

/// A zoomed panel's plot: drawn as the dashboard draws the panel (its type, units, range,
/// right-hand scale and events), the first series in their colours, then the cursor.
fn draw_panel_plot(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    look: &crate::app::views::dashboard::panel::Look,
    data: &ChartData,
    times: &Times,
    theme: &Theme,
) -> Option<Rect> {
    use crate::app::views::dashboard::panel::{Content, Status, lines};
    let drawn = data.series.len().min(MAX_DRAWN);
    let secondary: Vec<bool> = (0..drawn).map(|i| view.on_right(i)).collect();
    let colors: Vec<Option<Color>> = (0..drawn).map(|i| view.source_color(i)).collect();
    let (from, to) = view.window_ms();
    let content = Content {
        title: &view.title,
        look,
        status: &Status::Ready,
        series: &data.series[..drawn],
        secondary: &secondary,
        colors: &colors,
        events: view.events(),
        window: (from, to),
        tick: 0,
        selected: false,
    };
    let plot = lines::draw(frame, area, &content, &look.renderer(), times, theme)?;
    let (from, to) = (from.div_euclid(1000) * 1000, to.div_euclid(1000) * 1000);
    let column = view
        .cursor
        .and_then(|at| super::events::column(at, from, to, plot.width));
    if let Some(column) = column {
        super::events::draw_cursor(frame.buffer_mut(), plot, column, theme);
    }
    Some(plot)
}

/// Each series' points as the chart's (seconds, value) pairs.
pub fn series_points(series: &[Series]) -> Vec<Vec<(f64, f64)>> {
    series
        .iter()
        .map(|s| s.points.iter().map(|(t, v)| (*t as f64, *v)).collect())
        .collect()
}

/// One dataset per series, coloured in turn from `colors`.
pub fn line_datasets<'a>(
    points: &'a [Vec<(f64, f64)>],
    colors: &[Color],
    graph: GraphType,
    marker: Marker,
) -> Vec<Dataset<'a>> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Dataset::default()
                .marker(marker)
                .graph_type(graph)
                .style(Style::new().fg(colors[i % colors.len().max(1)]))
                .data(p)
        })
        .collect()
}

/// A plot's axes: the window in seconds (its length decides how times are written) and the
/// values' range with how a value is written (its unit).
pub struct Axes<'a> {
    pub x: (i64, i64),
    pub span_ms: i64,
    pub y: (f64, f64),
    pub y_label: &'a dyn Fn(f64) -> String,
    /// Whether the value axis gets a middle label (a short plot has room for its ends only).
    pub y_middle: bool,
    /// Whether the time axis does (a narrow plot has room for its ends only).
    pub x_middle: bool,
}

/// The chart of `datasets` over the axes, with three labels on each: the chart view's and the
/// dashboard panels' one line chart.
pub fn axis_chart<'a>(
    datasets: Vec<Dataset<'a>>,
    axes: &Axes,
    times: &Times,
    theme: &Theme,
) -> Chart<'a> {
    let (x0, x1) = axes.x;
    let x_ticks: &[i64] = if axes.x_middle {
        &[x0, x0 + (x1 - x0) / 2, x1]
    } else {
        &[x0, x1]
    };
    let x_labels: Vec<Line> = x_ticks
        .iter()
        .map(|t| Line::from(axis_time(times, axes.span_ms, t * 1000)))
        .collect();
    let (lo, hi) = axes.y;
    let ticks: &[f64] = if axes.y_middle {
        &[lo, (lo + hi) / 2.0, hi]
    } else {
        &[lo, hi]
    };
    let y_labels: Vec<Line> = ticks
        .iter()
        .map(|v| Line::from((axes.y_label)(*v)))
        .collect();
    Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([x0 as f64, x1 as f64])
                .labels(x_labels)
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels(y_labels)
                .style(theme.muted),
        )
}

/// A line per drawn series (its value at the cursor, or its last), and the count of the rest.
fn draw_legend(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    data: &ChartData,
    rows: usize,
    theme: &Theme,
) {
    let drawn = data.series.len().min(MAX_DRAWN);
    let more = data.series.len() - drawn;
    let width = area.width as usize;
    let at = view.cursor.map(|c| (c, view.point_step_ms()));
    let mut lines: Vec<Line> = data.series[..drawn]
        .iter()
        .enumerate()
        .map(|(i, s)| match &view.look {
            Some(look) => panel_legend_line(view, look, i, s, width, at, theme),
            None => legend_line(s, PALETTE[i], width, at, theme),
        })
        .collect();
    if more > 0 {
        lines.truncate(rows.saturating_sub(1));
        let hidden = data.series.len() - lines.len();
        lines.push(Line::styled(
            format!("+{more} more series not drawn ({hidden} not listed; tab shows the numbers)"),
            theme.muted,
        ));
    } else {
        lines.truncate(rows);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The value range, padded so a flat series is not drawn on the frame.
pub fn y_bounds(data: &ChartData) -> (f64, f64) {
    pad_bounds(data.value_bounds().unwrap_or((0.0, 1.0)))
}

/// A range padded so a flat series is not drawn on the frame.
pub fn pad_bounds((lo, hi): (f64, f64)) -> (f64, f64) {
    if hi > lo {
        let pad = (hi - lo) * 0.05;
        (lo - pad, hi + pad)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    }
}

/// A series' legend line; with the cursor on (its time and the data's step) its value there.
fn legend_line(
    s: &Series,
    color: Color,
    width: usize,
    cursor: Option<(i64, i64)>,
    theme: &Theme,
) -> Line<'static> {
    let mut text = sanitize(&s.label).into_owned();
    if let Some(h) = &s.host {
        text.push_str("  ");
        text.push_str(&sanitize(h));
    }
    let tags = s
        .tags
        .iter()
        .map(|(k, v)| format!("{}={}", sanitize(k), sanitize(v)))
        .collect::<Vec<_>>()
        .join(" ");
    let last = match cursor {
        Some((at, step)) => match super::cursor::value_at(&s.points, at, step) {
            Some(v) => format!("  here {}", short_value(v)),
            None => "  here —".into(),
        },
        None => s
            .points
            .last()
            .map(|p| format!("  last {}", short_value(p.1)))
            .unwrap_or_else(|| "  no points".into()),
    };
    let room = width.saturating_sub(3 + last.len());
    let main = fit(&text, room).into_owned();
    let tag_room = room.saturating_sub(main.chars().count() + 2);
    let mut spans = vec![Span::styled("━━ ", Style::new().fg(color)), Span::raw(main)];
    if !tags.is_empty() && tag_room > 3 {
        spans.push(Span::styled(
            format!("  {}", fit(&tags, tag_room)),
            theme.muted,
        ));
    }
    spans.push(Span::styled(last, theme.muted));
    Line::from(spans)
}

/// A zoomed panel's legend line: its source (when there are several), the series, and its
/// last (or, with the cursor, its value there), smallest, largest and mean value in the
/// panel's units.
fn panel_legend_line(
    view: &ChartView,
    look: &crate::app::views::dashboard::panel::Look,
    i: usize,
    s: &Series,
    width: usize,
    cursor: Option<(i64, i64)>,
    theme: &Theme,
) -> Line<'static> {
    let right = view.on_right(i);
    let units = if right {
        look.y1_units.as_deref()
    } else {
        look.units.as_deref()
    }
    .map(str::trim)
    .filter(|u| !u.is_empty())
    .map(|u| format!(" {}", sanitize(u)))
    .unwrap_or_default();
    let number = |v: f64| look.number_text(v);
    let values: Vec<f64> = s.points.iter().map(|p| p.1).collect();
    let first = match cursor {
        Some((at, step)) => match super::cursor::value_at(&s.points, at, step) {
            Some(v) => format!("here {}", number(v)),
            None => "here —".into(),
        },
        None => values
            .last()
            .map_or_else(|| "no points".into(), |v| format!("last {}", number(*v))),
    };
    let mut stats = String::new();
    if !values.is_empty() {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let avg = values.iter().sum::<f64>() / values.len() as f64;
        stats = format!(
            "  min {}  max {}  avg {}",
            number(min),
            number(max),
            number(avg)
        );
    }
    let side = if right { "  right" } else { "" };
    // The values first: on a narrow screen the name gives way (the host last of all).
    let numbers = format!("  {first}{stats}{units}{side}");
    let room = width.saturating_sub(3 + numbers.chars().count());
    let source = view
        .source_of(i)
        .map(|name| format!("{}  ", fit(&sanitize(name), (room / 3).max(6))))
        .unwrap_or_default();
    let main_room = room.saturating_sub(source.chars().count());
    let label = sanitize(&s.label).into_owned();
    let main = match &s.host {
        Some(h) => {
            let host = fit(&sanitize(h), main_room).into_owned();
            let label_room = main_room.saturating_sub(host.chars().count() + 2);
            if label_room >= 4 {
                format!("{}  {host}", fit(&label, label_room))
            } else {
                host
            }
        }
        None => fit(&label, main_room).into_owned(),
    };
    let tags = s
        .tags
        .iter()
        .map(|(k, v)| format!("{}={}", sanitize(k), sanitize(v)))
        .collect::<Vec<_>>()
        .join(" ");
    let tag_room = main_room.saturating_sub(main.chars().count() + 2);
    let mut spans = vec![
        Span::styled("━━ ", Style::new().fg(view.series_color(i))),
        Span::styled(source, theme.key),
        Span::raw(main),
    ];
    if !tags.is_empty() && tag_room > 3 {
        spans.push(Span::styled(
            format!("  {}", fit(&tags, tag_room)),
            theme.muted,
        ));
    }
    spans.push(Span::styled(numbers, theme.muted));
    Line::from(spans)
}

/// The numbers' info line and column header, above their rows.
const NUMBERS_CHROME: u16 = 2;

fn draw_numbers(
    frame: &mut Frame,
    area: Rect,
    view: &ChartView,
    data: &ChartData,
    times: &Times,
    theme: &Theme,
) {
    let [info_area, table_area] =
        Layout::vertical([Constraint::Length(NUMBERS_CHROME - 1), Constraint::Min(1)]).areas(area);
    let events = view.events();
    // The events' column takes what the series leave, at least its minimum.
    let reserved = if events.is_empty() {
        0
    } else {
        EVENTS_WIDTH + 1
    };
    let room = area.width.saturating_sub(TIME_WIDTH + 1 + reserved);
    let fits = (room / (VALUE_WIDTH + 1)).max(1) as usize;
    let first = view.column.min(data.series.len().saturating_sub(1));
    let shown: Vec<(usize, &Series)> = data
        .series
        .iter()
        .enumerate()
        .skip(first)
        .take(fits)
        .collect();
    let stamps = data.times();
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "series {}–{} of {} (h l scroll), {} times (j k scroll)",
                first + 1,
                first + shown.len(),
                data.series.len(),
                stamps.len()
            ),
            theme.muted,
        )),
        info_area,
    );
    let header = numbers_header(view, &shown, !events.is_empty(), times, theme);
    // What the series leave of the line (each column and the gap before it).
    let used = (TIME_WIDTH + (VALUE_WIDTH + 1) * shown.len() as u16) as usize;
    let events_width = (area.width as usize).saturating_sub(used + 1);
    let height = table_area.height.saturating_sub(1) as usize;
    let rows: Vec<Row> = (view.scroll..stamps.len().min(view.scroll + height))
        .map(|i| {
            let t = stamps[i];
            let time = times.month_day_minute(t.saturating_mul(1000));
            let values =
                shown
                    .iter()
                    .map(|(_, s)| match s.points.binary_search_by_key(&t, |p| p.0) {
                        Ok(i) => Cell::from(format_number(s.points[i].1)),
                        Err(_) => Cell::from("—"),
                    });
            let mut cells: Vec<Cell> = std::iter::once(Cell::from(time)).chain(values).collect();
            if !events.is_empty() {
                cells.push(events_cell(events, &stamps, i, events_width, theme));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths: Vec<Constraint> = std::iter::once(Constraint::Length(TIME_WIDTH))
        .chain(shown.iter().map(|_| Constraint::Length(VALUE_WIDTH)))
        .collect();
    if !events.is_empty() {
        widths.push(Constraint::Min(EVENTS_WIDTH));
    }
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
}

/// The narrowest the numbers' events column gets.
const EVENTS_WIDTH: u16 = 20;

/// Each series' column header in its line's colour, so the numbers match the chart; the time
/// column names its zone; then the events' column, when there are events.
fn numbers_header(
    view: &ChartView,
    shown: &[(usize, &Series)],
    with_events: bool,
    times: &Times,
    theme: &Theme,
) -> Row<'static> {
    let zone =
        crate::format::zone_abbreviation(times.zone(), crate::format::timestamp(view.query.end_ms));
    let mut cells: Vec<Cell> = std::iter::once(Cell::from(format!("TIME ({zone})")))
        .chain(shown.iter().map(|(i, s)| {
            let name = s.host.as_deref().unwrap_or(&s.label);
            // A zoom of several sources says whose the column is.
            let name = match view.source_of(*i) {
                Some(source) => format!("{source} {name}"),
                None => name.to_string(),
            };
            let cell = Cell::from(fit(&sanitize(&name), VALUE_WIDTH as usize).into_owned());
            match (&view.look, PALETTE.get(*i)) {
                (Some(_), _) => cell.style(Style::new().fg(view.series_color(*i))),
                (None, Some(color)) => cell.style(Style::new().fg(*color)),
                (None, None) => cell,
            }
        }))
        .collect();
    if with_events {
        cells.push(Cell::from("EVENTS"));
    }
    Row::new(cells).style(theme.column_header)
}

/// The events that start in row `i`'s time (the first row also takes those from before the
/// window), by name, in the most severe one's colour.
fn events_cell(
    events: &[crate::api::chart_events::ChartEvent],
    stamps: &[i64],
    i: usize,
    width: usize,
    theme: &Theme,
) -> Cell<'static> {
    let here = super::events::in_row(events, stamps, i);
    let Some(level) = here.iter().map(|e| super::events::Level::of(e)).min() else {
        return Cell::from("");
    };
    let names: Vec<String> = here
        .iter()
        .map(|e| {
            let mark = if e.is_instant() { "●" } else { "━" };
            format!("{mark} {}", sanitize(&e.name))
        })
        .collect();
    Cell::from(fit(&names.join("  "), width).into_owned()).style(level.style(theme))
}

/// A value in the numbers view: exact enough to read, short enough to fit a column.
fn format_number(v: f64) -> String {
    let text = if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else if v.abs() >= 1e6 || (v != 0.0 && v.abs() < 1e-3) {
        format!("{v:.4e}")
    } else {
        format!("{v:.3}")
    };
    fit(&text, VALUE_WIDTH as usize).into_owned()
}
