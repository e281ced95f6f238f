//! A JSON diff ([`crate::json::diff`]) drawn: `-` lines red, `+` lines green, kept lines as
//! they are, folded runs as one muted line naming how many lines it hides and the path of the
//! change after it. The marks are characters too, so the diff reads without colour
//! (`NO_COLOR`). Server text is made safe for the terminal here.

use ratatui::text::{Line, Span};
use serde_json::Value;

use crate::json::diff::{self, DiffLine, Mark, Shown};
use crate::text::sanitize;
use crate::theme::Theme;

/// Kept lines shown around each change.
pub const CONTEXT: usize = 3;

/// A diff ready to draw: computed once (not on every frame).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    pub lines: Vec<DiffLine>,
    pub shown: Vec<Shown>,
}

impl Folded {
    /// The diff from `old` to `new`, folded to its changes with [`CONTEXT`] lines around.
    pub fn new(old: &Value, new: &Value) -> Self {
        let lines = diff::lines(old, new);
        let shown = diff::fold(&lines, CONTEXT);
        Self { lines, shown }
    }

    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// How many lines [`Folded::draw`] gives.
    pub fn height(&self) -> usize {
        self.shown.len()
    }

    /// The lines to draw.
    pub fn draw(&self, theme: &Theme) -> Vec<Line<'static>> {
        self.shown
            .iter()
            .map(|s| match s {
                Shown::Line(i) => line(&self.lines[*i], theme),
                Shown::Fold { hidden, next } => fold_line(*hidden, next.as_deref(), theme),
            })
            .collect()
    }
}

fn line(l: &DiffLine, theme: &Theme) -> Line<'static> {
    let (mark, style) = match l.mark {
        Mark::Same => (' ', ratatui::style::Style::default()),
        Mark::Removed => ('-', theme.error),
        Mark::Added => ('+', theme.ok),
    };
    let text = format!("{mark} {}{}", "  ".repeat(l.depth), sanitize(&l.text));
    Line::from(Span::styled(text, style))
}

fn fold_line(hidden: usize, next: Option<&str>, theme: &Theme) -> Line<'static> {
    let s = if hidden == 1 { "" } else { "s" };
    let text = match next {
        Some(path) => format!("  ⋯ {hidden} unchanged line{s} · {}", sanitize(path)),
        None => format!("  ⋯ {hidden} unchanged line{s}"),
    };
    Line::from(Span::styled(text, theme.muted))
}
