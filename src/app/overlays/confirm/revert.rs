//! The box of a revert: the item and the version, the `PUT`, and instead of its body the diff
//! it makes to the item (folded to the changes; as much as the screen holds, the rest counted).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::draw::{keys_hint, wrap};
use super::{Confirm, Revert};
use crate::app::overlays::popup::{self, hint, on_what};
use crate::app::state::State;
use crate::text::sanitize;
use crate::theme::Theme;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    c: &Confirm,
    r: &Revert,
    theme: &Theme,
) {
    let (_, inner) = popup::widths(area);
    let m = &r.mutation;
    let mut head: Vec<Line> = Vec::new();
    let target = on_what(m.kind.title, std::slice::from_ref(&r.name));
    let subject = format!("{target}: back to version {}", r.version);
    head.extend(
        wrap(&subject, inner)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.muted))),
    );
    head.push(Line::default());
    if let Some((_, request)) = m.items.first() {
        for l in wrap(&sanitize(&request.to_string()), inner) {
            head.push(Line::from(Span::styled(l, theme.key)));
        }
    }
    head.push(hint(
        "what it changes (the fields the server computes stay as they are):",
        theme,
    ));
    let mut tail: Vec<Line> = vec![Line::default()];
    if let Some(why) = state.read_only.because() {
        tail.push(Line::from(Span::styled(
            format!("read-only ({why}): running it will be refused"),
            theme.warn,
        )));
    }
    tail.push(hint(
        "a yes reads the item again: if it changed since this diff, nothing is sent",
        theme,
    ));
    tail.push(hint(&keys_hint(state, c), theme));
    let room = (area.height as usize)
        .saturating_sub(2 + head.len() + tail.len())
        .max(1);
    let mut diff = r.diff.draw(theme);
    if diff.len() > room {
        let hidden = diff.len() - (room - 1);
        diff.truncate(room - 1);
        diff.push(hint(
            &format!("… {hidden} more lines (a taller terminal shows more)"),
            theme,
        ));
    }
    let mut lines = head;
    lines.extend(diff.into_iter().map(|l| fit_line(l, inner)));
    lines.extend(tail);
    let title = format!(" Revert to version {} ", r.version);
    popup::draw(frame, area, title, lines, None, theme);
}

/// A diff line cut to the box's width (its text is sanitised already).
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    Line::from(Span::styled(
        crate::text::fit(&text, width).into_owned(),
        style,
    ))
}
