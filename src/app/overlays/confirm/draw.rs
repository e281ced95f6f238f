//! The confirmation's box: what it acts on, the exact request (its body, how many more), a
//! read-only warning, and its keys as the keymap has them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Confirm, Then};
use crate::app::keymap::{Action, Scope};
use crate::app::overlays::popup::{self, hint, on_what};
use crate::app::state::State;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// Lines of a request body shown before it is cut.
const BODY_LINES: usize = 12;
/// Lines a wrapped text may take in the box.
pub(super) const WRAP_LINES: usize = 4;

/// `text` in lines of at most `width` columns, broken between words where it can (a word
/// wider than the box, such as a request's path, is broken where it must); at most
/// [`WRAP_LINES`], the last cut with `…`.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = width.max(1);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        let gap = usize::from(used > 0);
        if used > 0 && used + gap + w > width && w <= width {
            lines.push(String::new());
            used = 0;
        } else if used > 0 {
            if let Some(line) = lines.last_mut() {
                line.push(' ');
            }
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(String::new());
                used = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.push(c);
            }
            used += cw;
        }
    }
    if lines.len() > WRAP_LINES {
        let rest: String = lines[WRAP_LINES - 1..].concat();
        lines.truncate(WRAP_LINES - 1);
        lines.push(fit(&rest, width).into_owned());
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, c: &Confirm, theme: &Theme) {
    if let Then::Revert(r) = &c.then {
        return super::revert::draw(frame, area, state, c, r, theme);
    }
    let (_, inner) = popup::widths(area);
    let requests = c.requests();
    let (title, subject) = match &c.then {
        Then::Mutate(m) => {
            let n = m.items.len();
            let mut ids: Vec<&str> = m
                .items
                .iter()
                .map(|(id, _)| id.as_str())
                .filter(|id| !id.is_empty())
                .collect();
            ids.dedup();
            let targets = popup::named_targets(state, m.kind, &ids);
            let s = if n == 1 { "" } else { "s" };
            (
                format!(" Confirm: {} ({n} request{s}) ", m.label),
                on_what(m.kind.title, &targets),
            )
        }
        Then::RemoveAccount(name) => (
            " Remove account ".to_string(),
            format!("remove account {} and its stored secret?", sanitize(name)),
        ),
        Then::Replay(entry) => (
            " Send again ".to_string(),
            format!("send {} again? it changes something", entry.label()),
        ),
        Then::Revert(_) => return,
    };
    let mut lines: Vec<Line> = Vec::new();
    // A change on no item (a create) has no "on …" line: the request says it all.
    if !subject.is_empty() {
        lines.extend(
            wrap(&subject, inner)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.muted))),
        );
        lines.push(Line::default());
    }
    lines.extend(request_lines(&requests, inner, theme));
    if let Some(first) = requests.first() {
        let times = super::times::lines(first, &state.times, state.now_ms);
        lines.extend(times.into_iter().map(|l| Line::styled(l, theme.accent)));
    }
    if !requests.is_empty() {
        lines.push(Line::default());
    }
    if let (Some(why), false) = (state.read_only.because(), requests.is_empty()) {
        lines.push(Line::from(Span::styled(
            format!("read-only ({why}): running it will be refused"),
            theme.warn,
        )));
    }
    lines.push(hint(&keys_hint(state, c), theme));
    popup::draw(frame, area, title, lines, None, theme);
}

/// The first request with its body, and how many more.
fn request_lines<'a>(
    requests: &[crate::api::ApiRequest],
    inner: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let Some(first) = requests.first() else {
        return lines;
    };
    // The whole request line, wrapped: what is cut off (the tag added) is what matters.
    for l in wrap(&sanitize(&first.to_string()), inner) {
        lines.push(Line::from(Span::styled(l, theme.key)));
    }
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
    if requests.len() > 1 {
        lines.push(Line::from(Span::styled(
            format!("…and {} more", requests.len() - 1),
            theme.accent,
        )));
    }
    lines
}

/// The keys that answer, as bound: "y or enter runs · esc cancels · C copies as curl".
pub(super) fn keys_hint(state: &State, c: &Confirm) -> String {
    // The yes is named by its letters first ("y or enter", "o to confirm"); esc before q.
    let keys = |action, n: usize| {
        let mut labels = state.keymap.labels(Scope::Confirm, action);
        if action == Action::Confirm {
            labels.sort_by_key(|l| l.chars().count() > 1);
        }
        labels.into_iter().take(n).collect::<Vec<_>>().join(" or ")
    };
    match c.then {
        Then::Mutate(_) => format!(
            "{} runs · {} cancels · {} copies as curl",
            keys(Action::Confirm, 2),
            keys(Action::Back, 1),
            keys(Action::CopyCurl, 1)
        ),
        Then::RemoveAccount(_) => format!(
            "{} to confirm, any other key keeps it",
            keys(Action::Confirm, 1)
        ),
        Then::Replay(_) => format!(
            "{} sends, {} copies as curl, any other key keeps it",
            keys(Action::Confirm, 1),
            keys(Action::CopyCurl, 1)
        ),
        Then::Revert(_) => format!(
            "{} reverts · {} cancels · {} copies as curl",
            keys(Action::Confirm, 2),
            keys(Action::Back, 1),
            keys(Action::CopyCurl, 1)
        ),
    }
}
