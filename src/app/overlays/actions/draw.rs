//! The actions overlay: the menu, the input, a form, reading the item, and the progress and
//! summary of what ran. Every server or typed string goes through `sanitize`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Flow, Form, Progress};
use crate::api::Kind;
use crate::app::input::TextInput;
use crate::app::overlays::popup::{self, hint, on_what};
use crate::app::state::State;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// A box's title, its lines, and where the cursor goes (column, line).
type Drawn<'a> = (String, Vec<Line<'a>>, Option<(usize, usize)>);

pub fn draw(frame: &mut Frame, area: Rect, state: &State, flow: &Flow, theme: &Theme) {
    let (_, inner) = popup::widths(area);
    let (title, lines, cursor) = match flow {
        Flow::Menu {
            kind,
            targets,
            selected,
        } => {
            let targets = popup::named_targets(state, kind, targets);
            menu(kind, &targets, *selected, inner, theme)
        }
        Flow::Input {
            kind,
            targets,
            entry,
            input,
            error,
        } => {
            let prompt = entry.prompt().unwrap_or_default();
            let head = on_what(kind.title, &popup::named_targets(state, kind, targets));
            let title = format!(" {} ", entry.label);
            input_box(title, &head, prompt, input, error.as_deref(), inner, theme)
        }
        Flow::Form { form, error, .. } => form_box(form, error.as_deref(), inner, theme),
        Flow::Reading { item_id, kind, .. } => {
            let noun = kind.title.to_lowercase();
            let noun = noun.trim_end_matches('s');
            let line = Line::from(format!("reading {noun} {}…", sanitize(item_id)));
            (format!(" {} ", kind.title), vec![line], None)
        }
        Flow::Running(p) => progress(p, inner, theme),
    };
    popup::draw(frame, area, title, lines, cursor, theme);
}

fn menu<'a>(
    kind: &Kind,
    targets: &[String],
    selected: usize,
    inner: usize,
    theme: &Theme,
) -> Drawn<'a> {
    let mut lines = vec![
        Line::from(Span::styled(
            fit(&on_what(kind.title, targets), inner).into_owned(),
            theme.muted,
        )),
        Line::default(),
    ];
    for (i, e) in kind.menu.iter().enumerate() {
        let style = if i == selected {
            theme.selected
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {}  ", e.key), theme.key),
            Span::styled(e.label.to_string(), style),
        ]));
    }
    lines.push(Line::default());
    lines.push(hint("letter or enter chooses · esc cancels", theme));
    let title = format!(" Actions: {} ", kind.title.to_lowercase());
    (title, lines, None)
}

fn input_box<'a>(
    title: String,
    head: &str,
    prompt: &str,
    input: &TextInput,
    error: Option<&str>,
    inner: usize,
    theme: &Theme,
) -> Drawn<'a> {
    let shown = sanitize(input.value()).into_owned();
    let mut lines = vec![
        Line::from(Span::styled(fit(head, inner).into_owned(), theme.muted)),
        Line::default(),
        Line::from(Span::styled(prompt.to_string(), theme.title)),
        Line::from(Span::styled(
            format!("> {}", fit(&shown, inner.saturating_sub(2))),
            theme.accent,
        )),
    ];
    let cursor = Some((
        2 + input.cursor().min(inner.saturating_sub(3)),
        lines.len() - 1,
    ));
    if let Some(e) = error {
        lines.push(Line::from(Span::styled(
            sanitize(e).into_owned(),
            theme.error,
        )));
    }
    lines.push(Line::default());
    lines.push(hint("enter continues · esc cancels", theme));
    (title, lines, cursor)
}

fn form_box<'a>(form: &Form, error: Option<&str>, inner: usize, theme: &Theme) -> Drawn<'a> {
    let mut lines = vec![Line::default()];
    let mut cursor = None;
    for (i, (label, input)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let value = sanitize(input.value()).into_owned();
        let (label_style, value_style) = if focused {
            (theme.key, theme.selected)
        } else {
            (theme.title, theme.accent)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:>12}  "), label_style),
            Span::styled(
                fit(&value, inner.saturating_sub(14)).into_owned(),
                value_style,
            ),
        ]));
        if focused {
            let x = 14 + input.cursor().min(inner.saturating_sub(15));
            cursor = Some((x, lines.len() - 1));
        }
    }
    if let Some(e) = error {
        lines.push(Line::from(Span::styled(
            sanitize(e).into_owned(),
            theme.error,
        )));
    }
    lines.push(Line::default());
    lines.push(hint(form.spec.hint, theme));
    lines.push(hint(&form.zone_hint, theme));
    lines.push(hint(
        "tab next field · enter continues · esc cancels",
        theme,
    ));
    (format!(" {} ", form.spec.title), lines, cursor)
}

/// Shown while failures are listed in the summary.
const FAILURES_SHOWN: usize = 6;

fn progress<'a>(p: &Progress, inner: usize, theme: &Theme) -> Drawn<'a> {
    let done = p.done();
    let bar_width = inner.saturating_sub(14).max(10);
    let filled = (done * bar_width).checked_div(p.total).unwrap_or(0);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("█".repeat(filled), theme.ok),
            Span::styled("░".repeat(bar_width - filled), theme.muted),
            Span::raw(format!(" {done}/{}", p.total)),
        ]),
        Line::default(),
    ];
    let style = if p.failed.is_empty() {
        theme.ok
    } else {
        theme.error
    };
    let head = format!("{} {}, {} failed", p.ok, p.done, p.failed.len());
    lines.push(Line::from(Span::styled(head, style)));
    for (id, req, why) in p.failed.iter().take(FAILURES_SHOWN) {
        let why = Progress::reason(req, why);
        let text = if id.is_empty() {
            why.to_string()
        } else {
            format!("{id}: {why}")
        };
        lines.push(Line::from(Span::styled(
            fit(&sanitize(&text), inner).into_owned(),
            theme.error,
        )));
    }
    if p.failed.len() > FAILURES_SHOWN {
        let more = p.failed.len() - FAILURES_SHOWN;
        lines.push(hint(&format!("…and {more} more"), theme));
    }
    lines.push(Line::default());
    lines.push(hint(
        if !p.finished {
            "running… esc hides this (rows still update)"
        } else if p.failed.is_empty() {
            "done · any key closes"
        } else {
            "R retries the failures · C copies them as curl · any other key closes"
        },
        theme,
    ));
    let title = if p.finished { "Done" } else { "Running" };
    (format!(" {title}: {} ", p.label), lines, None)
}
