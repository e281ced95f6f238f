//! The edit's screen: what it waits for, why the text cannot be used, the review (a diff per
//! item and what the checks said), the results (a three-way view for an item changed on the
//! server meanwhile) and where the text is kept. Server text is made safe here and in the diff
//! widget.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::edit::Purpose;
use crate::app::state::State;
use crate::text::sanitize;
use crate::theme::Theme;

use super::{EditView, Outcome, Planned, Step};

pub fn draw(frame: &mut Frame, area: Rect, v: &EditView, state: &State, theme: &Theme) {
    let head = head(v, theme);
    let [top, rest] = Layout::vertical([
        Constraint::Length(head.len() as u16 + 1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), top);
    let lines = lines(v, state, theme);
    let scroll = v
        .scroll
        .min(lines.len().saturating_sub(rest.height as usize));
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(paragraph, rest);
}

/// What stays in sight: the title, and where the text is kept (the one thing to know if
/// anything goes wrong).
fn head(v: &EditView, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(title(v), theme.title))];
    let kept = v.kept();
    if !kept.is_empty() && !matches!(v.step, Step::Reading(_) | Step::Editing(_)) {
        lines.push(Line::from(Span::styled(
            format!(" {}", sanitize(&kept)),
            theme.accent,
        )));
    }
    lines
}

/// What scrolls under the head.
pub fn lines(v: &EditView, state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match &v.step {
        Step::Reading(_) => lines.push(muted("reading the items from the server…", theme)),
        Step::Editing(_) => lines.push(muted("the editor is open…", theme)),
        Step::Invalid(why) => {
            lines.push(Line::from(Span::styled(
                format!("the text cannot be used: {}", sanitize(why)),
                theme.error,
            )));
            lines.push(Line::default());
            lines.push(muted(
                "e or enter: back to the editor, your text as you left it",
                theme,
            ));
        }
        Step::Checking { planned, next, .. } => {
            let of = planned.get(*next).map(|p| p.label.as_str()).unwrap_or("");
            lines.push(muted(
                &format!("checking the condition of {}…", sanitize(of)),
                theme,
            ));
        }
        Step::Review { planned, said } => review(&mut lines, v, planned, said, state, theme),
        Step::Writing {
            planned, results, ..
        } => {
            let done = results.iter().filter(|r| r.is_some()).count();
            lines.push(muted(
                &format!("writing: {done} of {} done…", planned.len()),
                theme,
            ));
            results_lines(&mut lines, v, planned, results, theme);
        }
        Step::Done { planned, results } => results_lines(&mut lines, v, planned, results, theme),
    }
    lines
}

fn muted<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.muted))
}

fn title(v: &EditView) -> String {
    let noun = v.noun();
    match (&v.purpose, v.opened.as_slice(), &v.copy_of) {
        (Purpose::Create, _, Some(id)) => format!(" New {noun}: a copy of {}", sanitize(id)),
        (Purpose::Create, _, None) => format!(" New {noun}"),
        (Purpose::Update, [one], _) => {
            let id = v.kind.item_id(one).unwrap_or_default();
            let label = super::update::label_of(one, &id);
            format!(" Edit {noun} {}", sanitize(&label))
        }
        (Purpose::Update, [], _) => format!(" Edit {noun}"),
        (Purpose::Update, many, _) => format!(" Edit {} {}s", many.len(), noun),
    }
}

fn review(
    lines: &mut Vec<Line<'static>>,
    v: &EditView,
    planned: &[Planned],
    said: &[String],
    state: &State,
    theme: &Theme,
) {
    for s in said {
        lines.push(Line::from(Span::styled(sanitize(s).into_owned(), theme.ok)));
    }
    let s = if planned.len() == 1 { "" } else { "s" };
    lines.push(Line::from(format!(
        "y writes {} item{s}, one after another:",
        planned.len()
    )));
    for p in planned {
        lines.push(Line::default());
        let how = match &p.item_id {
            Some(id) => v
                .kind
                .operation(crate::api::catalog::Verb::Update)
                .map(|op| format!("PUT {}", op.path.replace("{id}", id)))
                .unwrap_or_default(),
            None => v
                .kind
                .operation(crate::api::catalog::Verb::Create)
                .map(|op| format!("POST {}", op.path))
                .unwrap_or_default(),
        };
        lines.push(Line::from(vec![
            Span::styled(sanitize(&how).into_owned(), theme.key),
            Span::raw(format!("  {}", sanitize(&p.label))),
        ]));
        lines.extend(p.diff.draw(theme));
    }
    lines.push(Line::default());
    if v.purpose == Purpose::Update {
        // The spec has no ETag: the check is made just before each write.
        lines.push(muted(
            "each item is read again just before its write: if it changed since you opened it, \
             nothing is written over it",
            theme,
        ));
    }
    if let Some(why) = state.read_only.because() {
        lines.push(Line::from(Span::styled(
            format!("read-only ({why}): writing it will be refused"),
            theme.warn,
        )));
    }
}

fn results_lines(
    lines: &mut Vec<Line<'static>>,
    v: &EditView,
    planned: &[Planned],
    results: &[Option<Outcome>],
    theme: &Theme,
) {
    let noun = v.noun();
    for (p, r) in planned.iter().zip(results) {
        let label = sanitize(&p.label).into_owned();
        match r {
            None => lines.push(muted(&format!("… {noun} {label}"), theme)),
            Some(Outcome::Written) => lines.push(Line::from(Span::styled(
                format!("✓ {noun} {label}: written"),
                theme.ok,
            ))),
            Some(Outcome::Failed(why)) => lines.push(Line::from(Span::styled(
                format!("✗ {noun} {label}: {}", sanitize(why)),
                theme.error,
            ))),
            Some(Outcome::Conflict(three)) => {
                lines.push(Line::from(Span::styled(
                    format!(
                        "✗ {noun} {label} changed on the server since you opened it: nothing \
                         written"
                    ),
                    theme.error,
                )));
                if !three.both.is_empty() {
                    let both: Vec<String> = three
                        .both
                        .iter()
                        .map(|p| sanitize(p).into_owned())
                        .collect();
                    lines.push(Line::from(Span::styled(
                        format!("  changed on both sides: {}", both.join(", ")),
                        theme.warn,
                    )));
                }
                lines.push(Line::from(Span::styled(
                    "  what you opened → what the server has now:",
                    theme.title,
                )));
                lines.extend(three.theirs.draw(theme));
                lines.push(Line::from(Span::styled(
                    "  what you opened → yours:",
                    theme.title,
                )));
                lines.extend(three.mine.draw(theme));
            }
        }
    }
}
