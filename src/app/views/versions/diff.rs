//! Two versions' diff, full screen (the diff widget, folded to the changes): what `enter` and
//! two marks show in a version history. It scrolls; `esc` goes back to the versions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::drawn::Drawn;
use crate::app::keymap::{Action, Scope};
use crate::app::state::{State, View};
use crate::app::views::{ViewBehaviour, nav_delta};
use crate::app::widgets::diff::Folded;
use crate::text::sanitize;
use crate::theme::Theme;
use crate::worker::Command;

#[derive(Debug)]
pub struct DiffView {
    /// `Alerts › CPU high`.
    pub title: String,
    /// `version 3 → version 4`.
    pub what: String,
    pub diff: Folded,
    /// The first diff line shown.
    pub offset: usize,
}

impl DiffView {
    pub fn new(title: String, what: String, diff: Folded) -> Self {
        Self {
            title,
            what,
            diff,
            offset: 0,
        }
    }

    fn scroll(&mut self, delta: isize, page: usize) {
        let max = self.diff.height().saturating_sub(page);
        self.offset = self.offset.saturating_add_signed(delta).min(max);
    }
}

const FOOTER: &[Action] = &[Action::Down, Action::PageDown, Action::Back];

impl ViewBehaviour for DiffView {
    fn scope(&self) -> Scope {
        Scope::Diff
    }

    fn footer_actions(&self) -> &'static [Action] {
        FOOTER
    }

    fn footer_hint(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Down => Some("scroll"),
            Action::Back => Some("versions"),
            _ => None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Drawn {
        draw(frame, area, state, self, theme)
    }

    fn fit(&mut self, drawn: &Drawn) {
        self.scroll(0, drawn.page());
    }

    fn on_action(state: &mut State, action: Action) -> Option<Vec<Command>> {
        let page = state.layout().page();
        let View::Diff(d) = state.view_mut() else {
            return None;
        };
        let delta = nav_delta(action, page)?;
        d.scroll(delta, page);
        Some(Vec::new())
    }
}

fn draw(frame: &mut Frame, area: Rect, state: &State, d: &DiffView, theme: &Theme) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let title = Line::from(vec![
        Span::styled(format!(" {} ", sanitize(&d.title)), theme.title),
        Span::styled(format!(" {} ", sanitize(&d.what)), theme.accent),
        Span::styled(" the fields the server computes are left out", theme.muted),
    ]);
    frame.render_widget(title, title_area);
    let drawn = Drawn::top(frame, state, area);
    if d.diff.is_empty() {
        let text = "no difference in what a person edits (only fields the server computes changed)";
        frame.render_widget(Paragraph::new(text).style(theme.muted), body);
        return drawn.with_rows(body, 0, Vec::new());
    }
    let lines: Vec<Line> = d
        .diff
        .draw(theme)
        .into_iter()
        .skip(d.offset)
        .take(body.height as usize)
        .collect();
    let shown = lines.len();
    frame.render_widget(Paragraph::new(lines), body);
    drawn.with_rows(body, d.offset, (d.offset..d.offset + shown).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let old = json!({"a": (0..50).collect::<Vec<_>>()});
        let new = json!({"a": (0..50).map(|i| i * 2).collect::<Vec<_>>()});
        let mut d = DiffView::new("t".into(), "w".into(), Folded::new(&old, &new));
        let total = d.diff.height();
        d.scroll(isize::MAX / 2, 10);
        assert_eq!(d.offset, total - 10);
        d.scroll(-3, 10);
        assert_eq!(d.offset, total - 13);
        d.scroll(isize::MIN / 2, 10);
        assert_eq!(d.offset, 0);
    }
}
