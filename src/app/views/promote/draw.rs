//! The promote's screen: the account list, the plan's review (each step's diff against the
//! other account's copy, the references mapped, what stops it), the results.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PromoteView, Stage};
use crate::app::drawn::Drawn;
use crate::app::state::State;
use crate::text::sanitize;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, p: &PromoteView, theme: &Theme) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let n = p.ids.len();
    let what = format!("{n} {}{}", p.kind.name, if n == 1 { "" } else { "s" });
    let title = Line::from(vec![
        Span::styled(format!(" Promote {what} "), theme.title),
        Span::styled(stage_title(&p.stage), theme.accent),
    ]);
    frame.render_widget(title, title_area);
    let lines = lines(p, theme);
    let shown: Vec<Line> = lines.into_iter().skip(p.scroll).collect();
    frame.render_widget(Paragraph::new(shown), body);
    Drawn::top(frame, state, area)
}

fn stage_title(stage: &Stage) -> String {
    match stage {
        Stage::Pick { .. } => "to which account?".into(),
        Stage::Planning { account, .. } => {
            format!("to {}: reading both accounts…", sanitize(account))
        }
        Stage::Review { account, .. } => format!("to {}: the plan", sanitize(account)),
        Stage::Writing { account, .. } => format!("to {}: writing…", sanitize(account)),
        Stage::Done { account, .. } => format!("to {}: done", sanitize(account)),
    }
}

fn lines(p: &PromoteView, theme: &Theme) -> Vec<Line<'static>> {
    let text = |s: String, style| Line::from(Span::styled(s, style));
    match &p.stage {
        Stage::Pick { accounts, selected } => accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let style = if i == *selected {
                    theme.selected
                } else {
                    ratatui::style::Style::new()
                };
                text(format!(" {} ", sanitize(a)), style)
            })
            .collect(),
        Stage::Planning { .. } | Stage::Writing { .. } => vec![text(" …".into(), theme.muted)],
        Stage::Done { lines, .. } => lines
            .iter()
            .map(|(ok, l)| {
                text(
                    format!(" {}", sanitize(l)),
                    if *ok { theme.ok } else { theme.error },
                )
            })
            .collect(),
        Stage::Review { plan, diffs, .. } => {
            let mut out = Vec::new();
            let mut list = |title: &str, items: &[String], style| {
                if !items.is_empty() {
                    out.push(text(format!(" {title}"), theme.column_header));
                    out.extend(
                        items
                            .iter()
                            .map(|i| text(format!("   {}", sanitize(i)), style)),
                    );
                }
            };
            list(
                "stopped by (nothing is written):",
                &plan.blockers,
                theme.error,
            );
            list(
                "references mapped to the account's ids:",
                &plan.remapped,
                theme.accent,
            );
            list("created first:", &plan.pending, theme.accent);
            list("warnings:", &plan.warnings, theme.warn);
            list("the same there already:", &plan.same, theme.muted);
            if plan.steps.is_empty() {
                out.push(text(" nothing to write".into(), theme.muted));
            }
            for (step, diff) in plan.steps.iter().zip(diffs) {
                out.push(text(format!(" {}", sanitize(&step.what)), theme.key));
                out.extend(diff.draw(theme));
            }
            out
        }
    }
}
