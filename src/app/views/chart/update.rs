//! Charts (`:query`, `c` on an alert) and exports (`:export`): opening, keys, results.

use std::path::PathBuf;

use serde_json::Value;

use crate::api::chart::{ChartData, Window};
use crate::output::{self, ExportFormat};
use crate::worker::{Command, RequestId};

use super::ChartView;
use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{LoginState, State, View};
use crate::app::views::ViewBehaviour;
use crate::theme::Theme;

impl ViewBehaviour for ChartView {
    fn scope(&self) -> Scope {
        if self.filter.as_ref().is_some_and(|f| f.editing) {
            Scope::Filter
        } else {
            Scope::Chart
        }
    }

    fn footer_actions(&self) -> &'static [Action] {
        if self.filter.as_ref().is_some_and(|f| f.editing) {
            &[Action::Submit, Action::Back]
        } else if self.is_panel() {
            super::PANEL_FOOTER
        } else {
            super::FOOTER
        }
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::ColumnLeft | Action::ColumnRight if self.numbers => Some("series"),
            Action::Submit => Some("keep"),
            Action::Back if self.filter.as_ref().is_some_and(|f| f.editing) => Some("clear"),
            Action::NextExpression if self.is_panel() => Some("one source"),
            Action::Filter => Some("series"),
            _ => None,
        }
    }

    fn help_description(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Filter => Some("filter the series (fzf syntax); enter keeps, esc clears"),
            Action::NextExpression if self.is_panel() => {
                Some("show one source alone, the next, then all")
            }
            _ => None,
        }
    }

    fn footer_input(&self, theme: &Theme) -> Option<ratatui::text::Line<'static>> {
        let f = self.filter.as_ref().filter(|f| f.editing)?;
        Some(ratatui::text::Line::from(vec![
            ratatui::text::Span::styled(format!("/{}", f.input.with_bar(60)), theme.key),
            ratatui::text::Span::styled(
                "   over source, label, host and tags (fzf syntax) · enter keeps · esc clears",
                theme.muted,
            ),
        ]))
    }

    fn on_close(&mut self) -> Vec<Command> {
        self.requests().into_iter().map(Command::Cancel).collect()
    }

    fn next_tick_ms(&self, _now_ms: i64) -> Option<i64> {
        self.next_refresh_ms()
    }

    fn on_key(
        state: &mut State,
        key: &crossterm::event::KeyEvent,
        action: Option<Action>,
    ) -> Option<Vec<Command>> {
        filter_key(state, key, action).map(|()| Vec::new())
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        state: &State,
        theme: &Theme,
    ) -> Drawn {
        super::draw::draw(
            frame,
            area,
            self,
            &state.times,
            theme,
            state.stack.len() - 1,
        )
    }

    fn waiting_for(&self) -> Option<RequestId> {
        self.request.request()
    }

    fn on_retry(&mut self, id: RequestId, notice: &str) {
        self.retry(id, notice);
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        chart_action(state, action)
    }
}

/// Request ids for a run of the chart on top: as many as it has sources (one on a plain
/// chart), the first returned.
fn run_ids(state: &mut State) -> RequestId {
    let n = match state.view() {
        View::Chart(c) => c.ids_needed(),
        _ => 1,
    };
    let first = state.next_request_id();
    for _ in 1..n {
        state.next_request_id();
    }
    first
}

fn chart_mut(state: &mut State) -> Option<&mut ChartView> {
    match state.view_mut() {
        View::Chart(c) => Some(c),
        _ => None,
    }
}

/// Keys while the series filter is typed: `enter` keeps it, `esc` clears it, the rest edits
/// (the series shown follow each key).
fn filter_key(
    state: &mut State,
    key: &crossterm::event::KeyEvent,
    action: Option<Action>,
) -> Option<()> {
    let c = chart_mut(state)?;
    let f = c.filter.as_mut().filter(|f| f.editing)?;
    match action {
        Some(Action::Submit) => {
            f.editing = false;
            if f.input.value().trim().is_empty() {
                c.filter = None;
            }
        }
        Some(Action::Back) => c.filter = None,
        Some(Action::Quit) => {
            state.quit = true;
            return Some(());
        }
        _ => {
            if !f.input.handle(key) {
                return Some(());
            }
            c.column = 0;
        }
    }
    c.remerge();
    Some(())
}

/// `/` (a zoom's series filter) and `esc` on an applied one.
fn filter_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    let c = chart_mut(state)?;
    match action {
        Action::Filter if c.is_panel() => {
            let input = c.filter.take().map(|f| f.input).unwrap_or_default();
            c.filter = Some(super::sources::SeriesFilter {
                input,
                editing: true,
            });
        }
        Action::Filter => {
            state.flash_info("the series filter is a zoomed panel's (z on a dashboard panel)");
        }
        Action::Back if c.filter.is_some() => {
            c.filter = None;
            c.remerge();
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// The chart's own actions; `None` leaves the action to the usual handlers.
fn chart_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    if let Some(done) = cursor_action(state, action) {
        return Some(done);
    }
    if let Some(done) = filter_action(state, action) {
        return Some(done);
    }
    let page = state.layout().page() as isize;
    let address = state.instance_address();
    let (now, id) = (state.now_ms, run_ids(state));
    let View::Chart(c) = state.view_mut() else {
        return None;
    };
    let rerun = |c: &mut ChartView| c.run(id, now);
    let commands = match action {
        Action::NextExpression if c.is_panel() => {
            if !c.next_solo() {
                state.flash_info("this panel has one source: all of it is shown");
            }
            Vec::new()
        }
        Action::PauseRefresh if c.live_ms.is_some() => {
            c.paused = !c.paused;
            let paused = c.paused;
            state.flash_info(if paused {
                "refresh paused (p resumes)"
            } else {
                "live again: the panel refreshes on the dashboard's schedule"
            });
            Vec::new()
        }
        Action::PauseRefresh => {
            state.flash_info("this chart does not refresh by itself: r runs it again");
            Vec::new()
        }
        Action::EditQuery if c.is_panel() && c.edited_source().is_none() => {
            state.flash_info("e picks the source to edit first (one shown alone)");
            Vec::new()
        }
        Action::Window1h | Action::Window6h | Action::Window1d | Action::Window1w => {
            c.set_window(match action {
                Action::Window1h => Window::Hour,
                Action::Window6h => Window::SixHours,
                Action::Window1d => Window::Day,
                _ => Window::Week,
            });
            rerun(c)
        }
        Action::CycleGranularity => {
            c.cycle_granularity();
            rerun(c)
        }
        Action::NextExpression => {
            if c.next_expression() {
                rerun(c)
            } else {
                state.flash_info(
                    "only one expression here (an alert has a condition and a display expression)",
                );
                Vec::new()
            }
        }
        Action::Refresh => rerun(c),
        Action::TypeWindow | Action::EditQuery => {
            let line = command_line(c, action);
            open_command_line(state, &line);
            Vec::new()
        }
        Action::ToggleNumbers => {
            c.numbers = !c.numbers;
            Vec::new()
        }
        Action::Up => scroll(c, -1),
        Action::Down => scroll(c, 1),
        Action::PageUp => scroll(c, -page),
        Action::PageDown => scroll(c, page),
        Action::Top => scroll(c, isize::MIN / 2),
        Action::Bottom => scroll(c, isize::MAX / 2),
        Action::ColumnLeft => {
            c.shift_columns(-1);
            Vec::new()
        }
        Action::ColumnRight => {
            c.shift_columns(1);
            Vec::new()
        }
        Action::CopyCurl => {
            let request = c.request();
            return Some(match address {
                Some(base) => {
                    let curl = request.curl(&base);
                    state.flash_info(format!(
                        "copied the curl of {} to the clipboard (the token is $WAVEFRONT_TOKEN)",
                        request.method
                    ));
                    vec![Command::Copy(curl)]
                }
                None => {
                    state.flash_error("not logged in: no instance to address");
                    Vec::new()
                }
            });
        }
        _ => return None,
    };
    Some(commands)
}

/// The time cursor's and the events' keys: `h`/`l` (in the numbers, the series columns),
/// `H`/`L`, `v`, and `esc` while the cursor is on (it puts the cursor away first).
fn cursor_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
    if !matches!(
        action,
        Action::ColumnLeft
            | Action::ColumnRight
            | Action::PrevEvent
            | Action::NextEvent
            | Action::Back
            | Action::CycleEvents
    ) {
        return None;
    }
    let plot = state.layout().plot;
    let now = state.now_ms;
    let id = (action == Action::CycleEvents).then(|| run_ids(state));
    let View::Chart(c) = state.view_mut() else {
        return None;
    };
    let (from, to) = c.window_ms();
    // A cell of the plot in time: the cursor moves at least that far.
    let cell_ms = plot.map_or(0, |p| (to - from) / i64::from(p.width.max(1)));
    let message = match action {
        Action::ColumnLeft | Action::ColumnRight if !c.numbers => {
            let moved = c.step_cursor(action == Action::ColumnRight, cell_ms);
            (!moved).then_some("no points to put the cursor on")
        }
        Action::PrevEvent | Action::NextEvent => {
            let forward = action == Action::NextEvent;
            let moved = c.cursor_to_event(forward, cell_ms / 2);
            (!moved).then_some(match (c.events().is_empty(), forward) {
                (true, _) => "no events in this window (v: which events are shown)",
                (false, true) => "no event after the cursor",
                (false, false) => "no event before the cursor",
            })
        }
        Action::Back if c.cursor.is_some() => {
            c.cursor = None;
            None
        }
        Action::CycleEvents => {
            let rerun = c.cycle_events();
            let shown = c.query.events.label();
            let commands = match id {
                Some(id) if rerun => c.run(id, now),
                _ => Vec::new(),
            };
            state.flash_info(format!("events shown: {shown} (v: the next choice)"));
            return Some(commands);
        }
        _ => return None,
    };
    if let Some(m) = message {
        state.flash_info(m);
    }
    Some(Vec::new())
}

/// The command-line word of a typed window (`:range 3h`); its key opens the line with it.
pub const RANGE_WORD: &str = "range";
/// The command-line word of an edited query (`:expr ts(cpu)`), charted in place.
pub const EXPRESSION_WORD: &str = "expr";

/// The command line `w` and `i` open: the word that does it (and the query to edit).
fn command_line(c: &ChartView, action: Action) -> String {
    match action {
        Action::TypeWindow => format!("{RANGE_WORD} "),
        _ => format!("{EXPRESSION_WORD} {}", c.query.expression),
    }
}

/// Opens the `:` line with `text` in it, the cursor at its end: typed in as keys, so it
/// holds whatever the command line keeps besides its text (its history, its completions).
fn open_command_line(state: &mut State, text: &str) {
    let line = state.prompt.insert(Default::default());
    for c in text.chars() {
        line.handle(&crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        ));
    }
}

/// `:range 3h`, `:range 2027-01-15 09:00..12:00`: the chart's window, read in the zone shown.
pub(crate) fn range_command(state: &mut State, text: &str) -> Vec<Command> {
    let (now, zone) = (state.now_ms, state.times.zone().clone());
    let id = run_ids(state);
    if matches!(state.view(), View::Dashboard(_)) {
        return match super::range::parse_window(text, now, &zone) {
            Ok(window) => crate::app::views::dashboard::update::set_window(state, window),
            Err(message) => {
                state.flash_error(message);
                Vec::new()
            }
        };
    }
    let View::Chart(c) = state.view_mut() else {
        state.flash_error(":range sets a chart's window: open one first (:query, c on an alert)");
        return Vec::new();
    };
    match super::range::parse_window(text, now, &zone) {
        Ok(window) => {
            c.set_window(window);
            c.run(id, now)
        }
        Err(message) => {
            state.flash_error(message);
            Vec::new()
        }
    }
}

/// `:expr EXPRESSION`: the chart's query edited in place and run again.
pub(crate) fn expression_command(state: &mut State, text: &str) -> Vec<Command> {
    let now = state.now_ms;
    let id = run_ids(state);
    let View::Chart(c) = state.view_mut() else {
        state.flash_error(":expr edits a chart's query: open one first (:query EXPRESSION)");
        return Vec::new();
    };
    if c.is_panel() && c.edited_source().is_none() {
        state.flash_error(":expr on a zoomed panel edits the source shown alone: e picks one");
        return Vec::new();
    }
    if text.trim().is_empty() {
        state.flash_error(":expr needs an expression, e.g. :expr ts(cpu.load)");
        return Vec::new();
    }
    c.set_expression(text);
    c.run(id, now)
}

fn scroll(c: &mut ChartView, delta: isize) -> Vec<Command> {
    if c.numbers {
        c.scroll_by(delta);
    }
    Vec::new()
}

/// `c`: charts the alert under the cursor (a table row or an open alert document).
pub(crate) fn chart_here(state: &mut State) -> Vec<Command> {
    let found: Option<(String, Value)> = match state.view() {
        View::Table(t) => t.selected_row().and_then(|row| {
            let raw: Value = crate::json::parse_str(row.raw()?).ok()?;
            let name = raw
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| row.id().map(Into::into))
                .unwrap_or_else(|| "item".into());
            Some((format!("{} › {}", t.kind.title, name), raw))
        }),
        View::Detail(d) => d
            .document_text()
            .and_then(|text| crate::json::parse_str(&text).ok())
            .map(|v| (d.title.clone(), v)),
        _ => None,
    };
    let Some((title, item)) = found else {
        state.flash_error("c charts an alert or a derived metric (:alert, :derivedmetric), or type :query EXPRESSION");
        return Vec::new();
    };
    match ChartView::for_alert(&crate::text::sanitize(&title), &item, state.now_ms) {
        Some(view) => open_chart(state, view),
        None => {
            state.flash_error(
                "nothing to chart here: no condition or display expression (:query EXPRESSION charts anything)",
            );
            Vec::new()
        }
    }
}

/// `:query EXPRESSION`.
pub(crate) fn open_query(state: &mut State, expression: &str) -> Vec<Command> {
    let account = state.current_account().map(str::to_string);
    state.query_cache.for_account(account.as_deref());
    state.query_cache.learn_query(expression);
    let view = ChartView::for_expression(expression, state.now_ms);
    open_chart(state, view)
}

fn open_chart(state: &mut State, mut view: ChartView) -> Vec<Command> {
    match &state.login {
        LoginState::LoggedIn(_) => {}
        LoginState::Standalone(_) => {
            state.flash_error("no instance here: charts need a login");
            return Vec::new();
        }
        _ => {
            state.flash_error("not logged in yet: charts run once the login is done");
            return Vec::new();
        }
    }
    let id = state.next_request_id();
    let commands = view.run(id, state.now_ms);
    state.stack.push(View::Chart(Box::new(view)));
    commands
}

/// The clock: a live zoom on top runs again when its refresh is due.
pub(crate) fn on_tick(state: &mut State) -> Vec<Command> {
    let now = state.now_ms;
    let due = match state.view() {
        View::Chart(c) => c.next_refresh_ms().is_some_and(|at| at <= now),
        _ => false,
    };
    if !due {
        return Vec::new();
    }
    let id = run_ids(state);
    match chart_mut(state) {
        Some(c) => c.run(id, now),
        None => Vec::new(),
    }
}

/// A chart answer, its error in words, for whichever chart waits for it.
/// A zoom's sources still queued go out as its answers arrive.
pub(crate) fn on_chart_answer(
    state: &mut State,
    id: RequestId,
    result: Result<ChartData, String>,
) -> Vec<Command> {
    let awaiting = state.stack.iter_mut().find_map(|view| match view {
        View::Chart(c) if c.awaits(id) => Some(&mut **c),
        View::Alert(a) => a.chart.as_mut().filter(|c| c.request.awaits(id)),
        _ => None,
    });
    match awaiting {
        Some(c) => {
            c.receive(id, result);
            c.send_queued()
        }
        None => {
            tracing::debug!(id, "dropped a stale chart");
            Vec::new()
        }
    }
}

/// `:export [json|csv] PATH`: the list as shown (filter and sort) or the open document.
pub(crate) fn export(
    state: &mut State,
    format: Option<ExportFormat>,
    path: String,
) -> Vec<Command> {
    let path = PathBuf::from(path);
    let format = format.or_else(|| ExportFormat::from_path(&path));
    let shown = path.display().to_string();
    let (contents, summary) = match state.view() {
        View::Table(t) => {
            let Some(format) = format else {
                state.flash_error(
                    "export as what? name the file .json or .csv, or :export csv PATH",
                );
                return Vec::new();
            };
            let rows = t.view.iter().filter_map(|&i| t.rows.get(i as usize));
            let contents = match format {
                ExportFormat::Json => output::json::rows_json(t.kind, rows),
                ExportFormat::Csv => output::csv::rows_csv(t.kind, rows),
            };
            let n = t.view.len();
            let loaded = if t.next.is_some() {
                " (the rows loaded so far: G loads all)"
            } else {
                ""
            };
            let summary = format!(
                "wrote {} {} of {} as {} to {shown}{loaded}",
                crate::format::count(n as i64),
                if n == 1 { "row" } else { "rows" },
                t.kind.title,
                format.name()
            );
            (contents, summary)
        }
        View::Detail(d) => {
            if format == Some(ExportFormat::Csv) {
                state.flash_error("a document exports as JSON: name the file .json");
                return Vec::new();
            }
            let Some(text) = d.document_text() else {
                state.flash_error("nothing to export yet");
                return Vec::new();
            };
            (
                text + "\n",
                format!("wrote the document as JSON to {shown}"),
            )
        }
        View::Chart(c) => {
            let Some(data) = &c.data else {
                state.flash_error("no series to export yet");
                return Vec::new();
            };
            let contents = match format {
                Some(ExportFormat::Csv) => crate::output::csv::series_csv(data),
                _ => crate::output::json::series_json(data),
            };
            let n = data.series.len();
            (contents, format!("wrote {n} series to {shown}"))
        }
        _ => {
            state.flash_error(":export works in a list, a document or a chart");
            return Vec::new();
        }
    };
    vec![Command::Export {
        path,
        contents,
        summary,
    }]
}
