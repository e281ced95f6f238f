//! The login pane: the four methods, then the account form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{AccountForm, MethodPicker, PickerItem};
use crate::app::State;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw_picker(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    picker: &MethodPicker,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::from(Span::styled(
            " Log in: how do you reach your instance?",
            theme.title,
        )),
        Line::default(),
    ];
    let items = MethodPicker::items(state.wf_import.is_some());
    for (i, item) in items.iter().enumerate() {
        let selected = i == picker.selected;
        let marker = if selected { " ▶ " } else { "   " };
        let (label, help) = match item {
            PickerItem::Method(m) => (m.label().to_string(), m.when_to_use().to_string()),
            PickerItem::ImportWf => {
                let names = state
                    .wf_import
                    .as_ref()
                    .map(|w| w.names.join(", "))
                    .unwrap_or_default();
                (
                    "Import from ~/.wavefront".to_string(),
                    format!("the Ruby wf CLI's accounts: {}", sanitize(&names)),
                )
            }
        };
        let style = if selected {
            theme.selected
        } else {
            theme.title
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{label:<26}"), style),
        ]));
        lines.push(Line::from(Span::styled(
            format!("     {help}"),
            theme.muted,
        )));
    }
    lines.push(Line::default());
    lines.push(vault_line(state, theme));
    if matches!(state.vault, Some(Err(_))) && state.wf_import.is_some() {
        lines.push(secrets_file_line(
            state,
            (crate::app::Scope::Methods, picker.secrets_file),
            " ",
            theme,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// `[x] keep secrets in a file only you can read (mode 0600)  ctrl-o`, where no keyring works.
fn secrets_file_line<'a>(
    state: &State,
    (scope, on): (crate::app::Scope, bool),
    indent: &str,
    theme: &Theme,
) -> Line<'a> {
    let mark = if on { "[x]" } else { "[ ]" };
    let keys = state
        .keymap
        .labels(scope, crate::app::Action::ToggleSecretsFile);
    let key = keys.first().map_or("", String::as_str);
    Line::from(vec![
        Span::raw(indent.to_string()),
        Span::styled(
            format!("{mark} keep secrets in a file only you can read (mode 0600)  {key}"),
            if on { theme.warn } else { theme.muted },
        ),
    ])
}

/// Where secrets go, or why no keyring works (and what to do instead).
fn vault_line<'a>(state: &State, theme: &Theme) -> Line<'a> {
    match &state.vault {
        None => Line::from(Span::styled(" checking the OS keyring…", theme.muted)),
        Some(Ok(name)) => Line::from(vec![
            Span::styled(" Secrets are stored in: ", theme.muted),
            Span::styled(name.clone(), theme.accent),
        ]),
        Some(Err(why)) => Line::from(Span::styled(format!(" ⚠ {why}"), theme.warn)),
    }
}

const LABEL_WIDTH: usize = 24;

pub fn draw_form(frame: &mut Frame, area: Rect, state: &State, form: &AccountForm, theme: &Theme) {
    let title = match &form.editing {
        Some(name) => format!(" Edit account {}: {}", sanitize(name), form.method.label()),
        None => format!(" New account: {}", form.method.label()),
    };
    let mut lines = vec![
        Line::from(Span::styled(title, theme.title)),
        Line::default(),
    ];
    let value_width = (area.width as usize).saturating_sub(LABEL_WIDTH + 4).max(8);
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        // Long values scroll so the cursor stays in view; the others show their start.
        let window = field.input.window(value_width);
        let visible = if focused {
            window.text
        } else {
            fit(&field.input.display(), value_width).into_owned()
        };
        let value_style = if focused {
            theme.selected
        } else {
            theme.accent
        };
        // An empty name shows the one it will get.
        let value = match placeholder(state, form, field) {
            Some(hint) => Span::styled(padded(&hint, value_width), value_style.patch(theme.muted)),
            None => Span::styled(padded(&visible, value_width), value_style),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>LABEL_WIDTH$}  ", field.label),
                if focused { theme.key } else { theme.title },
            ),
            value,
        ]));
        if focused {
            let x = area.x as usize + LABEL_WIDTH + 2 + window.cursor;
            cursor = Some((x as u16, area.y + lines.len() as u16 - 1));
        }
        lines.push(Line::from(Span::styled(
            format!("{:LABEL_WIDTH$}  {}", "", field.hint),
            theme.muted,
        )));
    }
    if matches!(state.vault, Some(Err(_))) {
        let indent = format!("{:LABEL_WIDTH$}  ", "");
        lines.push(secrets_file_line(
            state,
            (crate::app::Scope::Form, form.secrets_file),
            &indent,
            theme,
        ));
    }
    lines.push(Line::default());
    let button = if form.testing {
        "[ testing the login… ]"
    } else {
        "[ Test and save ]"
    };
    let button_style = if form.on_button() {
        theme.selected
    } else {
        theme.key
    };
    lines.push(Line::from(vec![
        Span::raw(format!("{:LABEL_WIDTH$}  ", "")),
        Span::styled(button, button_style),
    ]));
    if let Some(err) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(" ✗ {}", sanitize(err)),
            theme.error,
        )));
    }
    lines.push(Line::default());
    lines.push(vault_line(state, theme));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    if let Some((x, y)) = cursor {
        if y < area.bottom() && x < area.right() && !form.testing {
            frame.set_cursor_position((x, y));
        }
    }
}

/// `text` cut to `width` cells and padded to them by cells, so a wide character does not
/// push the line out.
fn padded(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_ref()));
    format!("{text}{}", " ".repeat(pad))
}

/// An empty name shows the one it will get from the instance.
fn placeholder(state: &State, form: &AccountForm, field: &super::Field) -> Option<String> {
    if field.id != super::FieldId::Name || !field.input.is_empty() {
        return None;
    }
    Some(match form.derived_name(&state.accounts) {
        Some(name) => format!("{} (from the instance)", sanitize(&name)),
        None => "named after the instance".into(),
    })
}
