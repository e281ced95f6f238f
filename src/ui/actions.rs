//! The actions overlay: menu, input, window form, confirmation with the exact request, and the
//! progress and summary of what ran. Every server or typed string goes through `sanitize`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::State;
use crate::app::actions::{Choice, Flow};
use crate::text::{fit, sanitize};

/// Lines of a request body shown in a confirmation before it is cut.
const BODY_LINES: usize = 12;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, flow: &Flow, theme: &Theme) {
    let width = area.width.saturating_sub(4).clamp(20, 100);
    let inner = width.saturating_sub(4) as usize;
    let mut cursor: Option<(usize, usize)> = None;
    let (title, mut lines): (String, Vec<Line>) = match flow {
        Flow::Menu {
            kind,
            targets,
            selected,
        } => {
            let mut lines = vec![Line::from(Span::styled(
                fit(&on_what(kind.title, targets), inner).into_owned(),
                theme.muted,
            ))];
            lines.push(Line::default());
            for (i, c) in Choice::for_kind(kind).iter().enumerate() {
                let style = if i == *selected {
                    theme.selected
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {}  ", c.key()), theme.key),
                    Span::styled(c.label().to_string(), style),
                ]));
            }
            lines.push(Line::default());
            lines.push(hint("letter or enter chooses · esc cancels", theme));
            (format!(" Actions: {} ", kind.title.to_lowercase()), lines)
        }
        Flow::Input {
            kind,
            targets,
            choice,
            input,
            error,
        } => {
            let mut lines = vec![
                Line::from(Span::styled(
                    fit(&on_what(kind.title, targets), inner).into_owned(),
                    theme.muted,
                )),
                Line::default(),
                Line::from(Span::styled(
                    choice.input_prompt().unwrap_or_default().to_string(),
                    theme.title,
                )),
            ];
            let shown = sanitize(input.value()).into_owned();
            lines.push(Line::from(Span::styled(
                format!("> {}", fit(&shown, inner.saturating_sub(2))),
                theme.accent,
            )));
            cursor = Some((
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
            (format!(" {} ", choice.label()), lines)
        }
        Flow::Window { form, error, .. } => {
            let mut lines = vec![Line::default()];
            for (i, (label, input)) in form.fields.iter().enumerate() {
                let focused = i == form.focus;
                let value = sanitize(input.value()).into_owned();
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{label:>12}  "),
                        if focused { theme.key } else { theme.title },
                    ),
                    Span::styled(
                        fit(&value, inner.saturating_sub(14)).into_owned(),
                        if focused {
                            theme.selected
                        } else {
                            theme.accent
                        },
                    ),
                ]));
                if focused {
                    cursor = Some((
                        14 + input.cursor().min(inner.saturating_sub(15)),
                        lines.len() - 1,
                    ));
                }
            }
            if let Some(e) = error {
                lines.push(Line::from(Span::styled(
                    sanitize(e).into_owned(),
                    theme.error,
                )));
            }
            lines.push(Line::default());
            lines.push(hint(
                "start/end: now, +1h, YYYY-MM-DD HH:MM (UTC) · tags: comma separated",
                theme,
            ));
            lines.push(hint(
                "tab next field · enter continues · esc cancels",
                theme,
            ));
            (" New maintenance window ".to_string(), lines)
        }
        Flow::Reading { item_id, .. } => (
            " Close maintenance window ".to_string(),
            vec![Line::from(format!(
                "reading maintenance window {}…",
                sanitize(item_id)
            ))],
        ),
        Flow::Confirm(c) => {
            let n = c.items.len();
            let targets: Vec<String> = c
                .items
                .iter()
                .map(|(id, _)| id.clone())
                .filter(|id| !id.is_empty())
                .collect();
            let mut lines = vec![Line::from(Span::styled(
                fit(&on_what(c.kind.title, &dedup(targets)), inner).into_owned(),
                theme.muted,
            ))];
            lines.push(Line::default());
            if let Some((_, first)) = c.items.first() {
                lines.push(Line::from(Span::styled(
                    fit(&sanitize(&first.to_string()), inner).into_owned(),
                    theme.key,
                )));
                if let Some(body) = &first.body {
                    let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
                    let all: Vec<&str> = pretty.lines().collect();
                    for l in all.iter().take(BODY_LINES) {
                        lines.push(Line::from(fit(&sanitize(l), inner).into_owned()));
                    }
                    if all.len() > BODY_LINES {
                        lines.push(hint(
                            &format!("… {} more lines", all.len() - BODY_LINES),
                            theme,
                        ));
                    }
                }
            }
            if n > 1 {
                lines.push(Line::from(Span::styled(
                    format!("…and {} more", n - 1),
                    theme.accent,
                )));
            }
            lines.push(Line::default());
            if let Some(why) = state.read_only.because() {
                lines.push(Line::from(Span::styled(
                    format!("read-only ({why}): running it will be refused"),
                    theme.warn,
                )));
            }
            lines.push(hint(
                "y or enter runs · esc cancels · C copies as curl",
                theme,
            ));
            (
                format!(
                    " Confirm: {} ({} request{}) ",
                    c.choice.label(),
                    n,
                    if n == 1 { "" } else { "s" }
                ),
                lines,
            )
        }
        Flow::Running(p) => {
            let done = p.done();
            let bar_width = inner.saturating_sub(14).max(10);
            let filled = (done * bar_width).checked_div(p.total).unwrap_or(0);
            let mut lines = vec![Line::from(vec![
                Span::styled("█".repeat(filled), theme.ok),
                Span::styled("░".repeat(bar_width - filled), theme.muted),
                Span::raw(format!(" {done}/{}", p.total)),
            ])];
            lines.push(Line::default());
            let style = if p.failed.is_empty() {
                theme.ok
            } else {
                theme.error
            };
            let head = format!("{} {}, {} failed", p.ok, p.choice.done(), p.failed.len());
            lines.push(Line::from(Span::styled(head, style)));
            for (id, req, why) in p.failed.iter().take(6) {
                let why = crate::app::actions::Progress::reason(req, why);
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
            if p.failed.len() > 6 {
                lines.push(hint(&format!("…and {} more", p.failed.len() - 6), theme));
            }
            lines.push(Line::default());
            lines.push(hint(
                if !p.finished {
                    "running… esc hides this (rows still update)"
                } else if p.failed.is_empty() {
                    "done · esc closes"
                } else {
                    "R retries the failures · esc closes"
                },
                theme,
            ));
            let title = if p.finished { "Done" } else { "Running" };
            (format!(" {title}: {} ", p.choice.label()), lines)
        }
    };
    lines.truncate(area.height.saturating_sub(2) as usize);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, rect, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(mid);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title));
    let body = block.inner(rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(
            body.x + (x as u16).min(body.width.saturating_sub(1)),
            body.y + y as u16,
        ));
    }
}

fn hint<'a>(text: &str, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), theme.muted))
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.dedup();
    ids
}

/// "on source web-01" / "on 412 sources (web-01, web-02, …)".
fn on_what(title: &str, targets: &[String]) -> String {
    let noun = title.to_lowercase();
    match targets {
        [] => String::new(),
        [one] => format!("on {} {}", noun.trim_end_matches('s'), sanitize(one)),
        many => {
            let first: Vec<String> = many
                .iter()
                .take(3)
                .map(|s| sanitize(s).into_owned())
                .collect();
            format!("on {} {noun} ({}, …)", many.len(), first.join(", "))
        }
    }
}
