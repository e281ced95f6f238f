//! The inspector: the visible rows of the JSON tree (only those), the cursor's jq path, search
//! matches, wrapped long strings and the whole-string overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Failure, Inspector};
use crate::app::drawn::Drawn;
use crate::app::remote::Remote;
use crate::json::Doc;
use crate::json::NodeKind;
use crate::text::sanitize;
use crate::theme::Theme;

/// Draws the document and says which node each line shows.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &Inspector,
    theme: &Theme,
    now_ms: i64,
    depth: usize,
) -> Drawn {
    let [title_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let drawn = Drawn::new(frame.area().as_size(), depth, area);
    // The position may take two thirds of the line: the path matters more than the title.
    let position = position_text(view, area.width as usize * 2 / 3);
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(position.width() as u16),
    ])
    .areas(title_area);
    let mut title = vec![
        Span::styled(format!(" {} ", sanitize(&view.title)), theme.title),
        Span::styled(format!(" {}", sanitize(&view.source)), theme.muted),
    ];
    if let Some(many) = view.doc().and_then(|d| d.many) {
        title.push(Span::styled(format!("  {}", many.label()), theme.accent));
    }
    if view.wrap {
        title.push(Span::styled("  wrap", theme.accent));
    }
    if view.is_indexing() {
        let done = view.indexed_percent();
        title.push(Span::styled(format!("  indexing… {done}%"), theme.accent));
    }
    frame.render_widget(Line::from(title), left);
    frame.render_widget(Span::styled(position, theme.accent), right);

    let nothing = |drawn: Drawn| drawn.with_rows(body, view.top, Vec::new());
    let doc = match &view.content {
        Remote::Loaded(doc) => doc,
        Remote::NotAsked => return nothing(drawn),
        Remote::Loading(_) => {
            frame.render_widget(
                Paragraph::new(loading_text(view, now_ms)).style(theme.muted),
                body,
            );
            return nothing(drawn);
        }
        Remote::Failed(Failure {
            reason,
            plain: Some(plain),
        }) => {
            let mut lines = vec![Line::from(Span::styled(format!(" {reason}"), theme.error))];
            lines.extend(
                plain
                    .iter()
                    .take(body.height as usize)
                    .map(|l| Line::raw(l.as_str())),
            );
            frame.render_widget(Paragraph::new(lines), body);
            return nothing(drawn);
        }
        Remote::Failed(Failure {
            reason,
            plain: None,
        }) => {
            frame.render_widget(
                Paragraph::new(format!("{reason}\n\nesc to go back"))
                    .style(theme.error)
                    .wrap(Wrap { trim: true }),
                body,
            );
            return nothing(drawn);
        }
    };
    let width = body.width as usize;
    let mut items: Vec<usize> = Vec::with_capacity(body.height as usize);
    let mut lines: Vec<Line> = Vec::with_capacity(body.height as usize);
    let mut node = Some(view.top);
    while let Some(i) = node {
        if lines.len() >= body.height as usize {
            break;
        }
        let row = row_line(view, doc, i, width, theme);
        let selected = i == view.cursor;
        let row = if selected {
            row.patch_style(theme.selected)
        } else {
            row
        };
        if view.wrap && row.width() > width {
            let wrapped = wrap_line(row, width);
            items.extend(std::iter::repeat_n(i, wrapped.len()));
            lines.extend(wrapped);
        } else {
            lines.push(row);
            items.push(i);
        }
        node = view.next_visible(i);
    }
    lines.truncate(body.height as usize);
    items.truncate(body.height as usize);
    frame.render_widget(Paragraph::new(lines), body);

    if view.show_whole {
        if let Some(text) = view.whole_string() {
            whole_string(frame, area, &text, theme);
        }
    }
    drawn.with_rows(body, view.top, items)
}

/// The cursor's place: its path, cut from the left (`…[0][0]`) so its end shows, and the
/// value's number, always whole; at most `width` cells.
fn position_text(view: &Inspector, width: usize) -> String {
    let Some(doc) = view.doc() else {
        return String::new();
    };
    let more = if doc.is_partial() { "…" } else { "" };
    let count = format!("  {}/{}{more} ", view.cursor + 1, doc.len());
    let room = width.saturating_sub(count.width() + 1);
    format!(" {}{count}", fit_left(&sanitize(&view.path()), room))
}

/// `s` in at most `width` cells, cut from the left with `…` when it is longer.
fn fit_left(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// What a document still loading says: how far indexing got, the retry, how long it waited.
fn loading_text(view: &Inspector, now_ms: i64) -> String {
    match &view.progress {
        Some((read, total)) if *total > 0 => {
            let read = read.load(std::sync::atomic::Ordering::Relaxed);
            format!(
                "indexing… {}% of {:.1} MB",
                read * 100 / total,
                *total as f64 / 1e6
            )
        }
        // A stream (a pipe, a device): how much came so far; nothing may ever come.
        Some((read, _)) if view.retrying().is_none() => {
            let read = read.load(std::sync::atomic::Ordering::Relaxed);
            format!("reading… {:.1} MB so far (q quits)", read as f64 / 1e6)
        }
        _ => match view.retrying() {
            Some(retrying) => format!("loading… {}", crate::text::sanitize(retrying)),
            None => match view.content.describe_wait(now_ms) {
                Some(waited) => format!("loading… {waited}"),
                None => "loading…".to_string(),
            },
        },
    }
}

/// One row: indent, fold marker, key or index, and the value (or a container's summary).
fn row_line<'a>(view: &Inspector, doc: &Doc, i: usize, width: usize, theme: &Theme) -> Line<'a> {
    let kind = doc.kind(i);
    let mut spans = indentation(doc.depth(i) as usize, width, theme);
    let container = doc.is_container(i);
    let marker = match (container, view.folded.get(i).unwrap_or(false)) {
        (true, _) if !doc.has_children(i) => "  ",
        (true, true) => "▸ ",
        (true, false) => "▾ ",
        _ => "  ",
    };
    spans.push(Span::styled(marker, theme.muted));
    let matched = view.is_match(i);
    let mark = |style: Style| {
        if matched {
            style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            style
        }
    };
    if let Some(key) = doc.key(i) {
        spans.push(Span::styled(
            format!("{}: ", sanitize(&key)),
            mark(theme.json_key),
        ));
    } else if doc.parent(i) != crate::json::index::NO_PARENT {
        spans.push(Span::styled(
            format!("{}: ", doc.index_in_parent(i)),
            theme.muted,
        ));
    }
    // A container still being indexed counts its children so far: `[4096… items]`.
    let so_far = if doc.is_open(i) { "…" } else { "" };
    let children = if container { doc.children(i) } else { 0 };
    let value = match kind {
        NodeKind::Object => Span::styled(
            format!(
                "{{{children}{so_far} {}}}",
                if children == 1 { "key" } else { "keys" }
            ),
            theme.muted,
        ),
        NodeKind::Array if doc.is_document_list(i) => {
            Span::styled(format!("[{children}{so_far} documents]"), theme.muted)
        }
        NodeKind::Array => Span::styled(
            format!(
                "[{children}{so_far} {}]",
                if children == 1 { "item" } else { "items" }
            ),
            theme.muted,
        ),
        NodeKind::String => Span::styled(
            // Escapes decoded where the text is safe to draw; the bytes stay as they came.
            crate::json::shown::shown_string(doc.raw_value(i)),
            mark(theme.json_string),
        ),
        NodeKind::Number => Span::styled(
            String::from_utf8_lossy(doc.raw_value(i)).into_owned(),
            mark(theme.json_number),
        ),
        NodeKind::Bool | NodeKind::Null => Span::styled(
            String::from_utf8_lossy(doc.raw_value(i)).into_owned(),
            mark(theme.json_literal),
        ),
    };
    spans.push(value);
    Line::from(spans)
}

/// The indentation of a row at `depth`: two cells a level up to the cap; deeper, the cap's
/// indentation ending in the depth itself (`1999›`), so rows stay on screen however deep.
fn indentation<'a>(depth: usize, width: usize, theme: &Theme) -> Vec<Span<'a>> {
    let cells = super::indent_width(depth, width);
    if depth <= super::indent_levels(width) {
        return vec![Span::raw(" ".repeat(cells))];
    }
    let marker = format!("{depth}› ");
    let pad = cells.saturating_sub(marker.width());
    vec![
        Span::raw(" ".repeat(pad)),
        Span::styled(marker, theme.muted),
    ]
}

/// Splits a line into screen lines of `width` cells (continuations indented by two).
fn wrap_line(line: Line<'_>, width: usize) -> Vec<Line<'static>> {
    let style = line.style;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let mut chunk = String::new();
        for c in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > width {
                if !chunk.is_empty() {
                    current.push(Span::styled(std::mem::take(&mut chunk), span.style));
                }
                out.push(Line::from(std::mem::take(&mut current)).style(style));
                current.push(Span::raw("  "));
                used = 2;
            }
            chunk.push(c);
            used += w;
        }
        if !chunk.is_empty() {
            current.push(Span::styled(chunk, span.style));
        }
    }
    if !current.is_empty() {
        out.push(Line::from(current).style(style));
    }
    out
}

/// The overlay with a string whole: unescaped, its own line breaks kept, wrapped.
fn whole_string(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let width = area.width.saturating_sub(4).max(10);
    let height = area.height.saturating_sub(4).max(3);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::raw(sanitize(l).into_owned()))
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} characters ", text.chars().count()))
        .title_bottom(Line::from(" esc close ").right_aligned())
        .border_style(theme.accent);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
