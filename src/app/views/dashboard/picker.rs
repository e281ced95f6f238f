//! The variables' pop-up picker (`o` in the player): the focused LIST or DYNAMIC variable's
//! choices, filtered as one types; `space` marks several when the variable is `multivalue`
//! (or marks the one when it is not), `enter` applies, `esc` cancels, `tab`/`shift-tab` go
//! to the next or previous variable. A DYNAMIC variable's choices are what its query found;
//! with none found (yet), or a filter that matches nothing, `enter` applies the typed text.
//! A SIMPLE variable has no choices: `o` types its value on the command line, as `V` does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::DashboardPlayer;
use super::update::player_mut;
use crate::api::dashboard::{Selection, VariableKind};
use crate::app::state::State;
use crate::text::{fit, sanitize};
use crate::theme::Theme;
use crate::worker::Command;

/// One line of the picker: a value with its label, or every value (`*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    /// `None`: every value (the variable allows all).
    pub value: Option<String>,
}

/// The picker's state, on the player while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// Index into the dashboard's variables.
    pub variable: usize,
    pub name: String,
    pub title: String,
    pub choices: Vec<Choice>,
    /// Marked, by index into `choices`.
    pub marked: Vec<bool>,
    pub multi: bool,
    pub filter: String,
    /// Index into [`Picker::shown`].
    pub cursor: usize,
}

impl Picker {
    /// The indexes of the choices the filter keeps (case aside, in the label or the value).
    pub fn shown(&self) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        (0..self.choices.len())
            .filter(|i| {
                let c = &self.choices[*i];
                needle.is_empty()
                    || c.label.to_lowercase().contains(&needle)
                    || c.value
                        .as_deref()
                        .is_some_and(|v| v.to_lowercase().contains(&needle))
            })
            .collect()
    }

    fn at_cursor(&self) -> Option<usize> {
        self.shown().get(self.cursor).copied()
    }

    /// `space`: marks the choice under the cursor (alone when the variable takes one value;
    /// "all" and single values exclude each other).
    pub fn toggle(&mut self) {
        let Some(i) = self.at_cursor() else { return };
        if !self.multi {
            self.marked.iter_mut().for_each(|m| *m = false);
            self.marked[i] = true;
            return;
        }
        self.marked[i] = !self.marked[i];
        if self.marked[i] {
            let all = self.choices[i].value.is_none();
            for (j, c) in self.choices.iter().enumerate() {
                if j != i && (all || c.value.is_none()) {
                    self.marked[j] = false;
                }
            }
        }
    }

    /// What `enter` applies: the marked values, else the one under the cursor, else the
    /// typed text; `None` when there is nothing to apply.
    pub fn selection(&self) -> Option<Selection> {
        let marked: Vec<&Choice> = self
            .choices
            .iter()
            .zip(&self.marked)
            .filter(|(_, m)| **m)
            .map(|(c, _)| c)
            .collect();
        let picked: Vec<&Choice> = if marked.is_empty() {
            self.at_cursor()
                .map(|i| &self.choices[i])
                .into_iter()
                .collect()
        } else {
            marked
        };
        if picked.is_empty() {
            let typed = self.filter.trim();
            return (!typed.is_empty()).then(|| Selection::one(typed));
        }
        if picked.iter().any(|c| c.value.is_none()) {
            return Some(Selection::All);
        }
        Some(Selection::Values(
            picked.iter().filter_map(|c| c.value.clone()).collect(),
        ))
    }

    fn move_cursor(&mut self, delta: isize) {
        let n = self.shown().len();
        if n == 0 {
            self.cursor = 0;
            return;
        }
        self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
    }
}

impl DashboardPlayer {
    /// The picker of visible variable `n` (an index into the bar's), when it has choices to
    /// pick (LIST, DYNAMIC); the current selection marked.
    pub fn picker_for(&self, n: usize) -> Option<Picker> {
        let d = self.dashboard.as_ref()?;
        let index = *self.visible_variables().get(n)?;
        let var = &d.variables[index];
        let mut choices: Vec<Choice> = match (&var.kind, self.choices.get(&var.name)) {
            (VariableKind::Simple, _) => return None,
            (VariableKind::Dynamic, Some(found)) => found
                .iter()
                .map(|v| Choice {
                    label: v.clone(),
                    value: Some(v.clone()),
                })
                .collect(),
            (VariableKind::Dynamic, None) => Vec::new(),
            _ => var
                .choices
                .iter()
                .map(|(label, value)| Choice {
                    label: label.clone(),
                    value: Some(value.clone()),
                })
                .collect(),
        };
        if var.allow_all {
            choices.insert(
                0,
                Choice {
                    label: "all".into(),
                    value: None,
                },
            );
        }
        let marked = choices
            .iter()
            .map(|c| match (self.bindings.get(&var.name), &c.value) {
                (Some(Selection::All), None) => true,
                (Some(Selection::Values(v)), Some(value)) => v.contains(value),
                _ => false,
            })
            .collect::<Vec<bool>>();
        let cursor = marked.iter().position(|m| *m).unwrap_or(0);
        Some(Picker {
            variable: index,
            name: var.name.clone(),
            title: var.title().to_string(),
            choices,
            marked,
            multi: var.multivalue,
            filter: String::new(),
            cursor,
        })
    }
}

/// `o`: the focused variable's picker (a SIMPLE one is typed on the command line).
pub(super) fn open(state: &mut State) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    if p.visible_variables().is_empty() {
        state.flash_info("this dashboard has no variables to set");
        return Vec::new();
    }
    match p.picker_for(p.variable) {
        Some(picker) => p.picker = Some(picker),
        None => super::commands::open_variable_line(state),
    }
    Vec::new()
}

/// A key while the picker is open: every key is the picker's.
pub(super) fn on_key(state: &mut State, key: &KeyEvent) -> Vec<Command> {
    let Some(p) = player_mut(state) else {
        return Vec::new();
    };
    let Some(picker) = p.picker.as_mut() else {
        return Vec::new();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => p.picker = None,
        KeyCode::Enter => {
            let Some(selection) = picker.selection() else {
                p.picker = None;
                return Vec::new();
            };
            let name = picker.name.clone();
            p.picker = None;
            p.bindings.insert(name.clone(), selection);
            return super::update::variable_changed(state, &name);
        }
        KeyCode::Char(' ') => picker.toggle(),
        KeyCode::Up => picker.move_cursor(-1),
        KeyCode::Down => picker.move_cursor(1),
        KeyCode::Char('p') if ctrl => picker.move_cursor(-1),
        KeyCode::Char('n') if ctrl => picker.move_cursor(1),
        KeyCode::PageUp => picker.move_cursor(-10),
        KeyCode::PageDown => picker.move_cursor(10),
        KeyCode::Home => picker.move_cursor(isize::MIN / 2),
        KeyCode::End => picker.move_cursor(isize::MAX / 2),
        KeyCode::Backspace => {
            picker.filter.pop();
            picker.cursor = 0;
        }
        KeyCode::Tab | KeyCode::BackTab => {
            let n = p.visible_variables().len().max(1);
            let step = if key.code == KeyCode::Tab { 1 } else { n - 1 };
            // To the next variable that has choices to pick.
            for k in 1..=n {
                let next = (p.variable + step * k) % n;
                if let Some(other) = p.picker_for(next) {
                    p.variable = next;
                    p.picker = Some(other);
                    break;
                }
            }
        }
        KeyCode::Char(c) if !ctrl => {
            picker.filter.push(c);
            picker.cursor = 0;
        }
        _ => {}
    }
    Vec::new()
}

/// The picker over the grid, in the middle of `area`.
pub fn draw(frame: &mut Frame, area: Rect, picker: &Picker, theme: &Theme) {
    let shown = picker.shown();
    let width = area.width.min(56);
    let list_room = area.height.saturating_sub(5).max(1);
    let height = (shown.len().max(1) as u16)
        .min(list_room)
        .saturating_add(4)
        .min(area.height);
    if width < 12 || height < 4 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let how = if picker.multi {
        "space marks several"
    } else {
        "one value"
    };
    let title = format!(
        " {} · {how} ",
        fit(
            &sanitize(&picker.title),
            (width as usize).saturating_sub(24)
        )
    );
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent)
        .title(Line::styled(title, theme.title));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let room = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("filter ", theme.muted),
        Span::raw(fit(&sanitize(&picker.filter), room.saturating_sub(8)).into_owned()),
        Span::styled("▏", theme.key),
    ])];
    let rows = usize::from(inner.height.saturating_sub(2));
    let first = picker.cursor.saturating_sub(rows.saturating_sub(1));
    if shown.is_empty() {
        let text = if picker.choices.is_empty() {
            "no values read (yet): enter applies what is typed"
        } else {
            "nothing matches: enter applies what is typed"
        };
        lines.push(Line::styled(fit(text, room).into_owned(), theme.muted));
    }
    for (n, &i) in shown.iter().enumerate().skip(first).take(rows) {
        let c = &picker.choices[i];
        let mark = match (picker.multi, picker.marked[i]) {
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
            (false, true) => "(•) ",
            (false, false) => "( ) ",
        };
        let value = match &c.value {
            Some(v) if *v != c.label => format!("  {}", sanitize(v)),
            Some(_) => String::new(),
            None => "  *".to_string(),
        };
        let label = fit(&sanitize(&c.label), room.saturating_sub(4 + value.len())).into_owned();
        let style = if n == picker.cursor {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}{label}"), style),
            Span::styled(value, theme.muted),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let hint = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit("enter apply · esc cancel · space mark · tab variable", room).into_owned(),
            theme.muted,
        )),
        hint,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker(multi: bool) -> Picker {
        let choice = |l: &str, v: Option<&str>| Choice {
            label: l.into(),
            value: v.map(Into::into),
        };
        Picker {
            variable: 0,
            name: "env".into(),
            title: "Environment".into(),
            choices: vec![
                choice("all", None),
                choice("Production", Some("prod")),
                choice("Staging", Some("staging")),
                choice("Dev", Some("dev")),
            ],
            marked: vec![false, true, false, false],
            multi,
            filter: String::new(),
            cursor: 1,
        }
    }

    #[test]
    fn the_filter_keeps_labels_or_values_that_contain_it() {
        let mut p = picker(true);
        p.filter = "STAG".into();
        assert_eq!(p.shown(), [2]);
        p.filter = "pro".into();
        assert_eq!(p.shown(), [1]);
        p.filter = "zzz".into();
        assert!(p.shown().is_empty());
        assert_eq!(
            p.selection(),
            Some(Selection::one("prod")),
            "the marks first"
        );
        p.marked = vec![false; 4];
        assert_eq!(
            p.selection(),
            Some(Selection::one("zzz")),
            "then the typed text"
        );
    }

    #[test]
    fn space_marks_several_or_one_and_all_excludes_values() {
        let mut p = picker(true);
        p.cursor = 2;
        p.toggle();
        assert_eq!(
            p.selection(),
            Some(Selection::Values(vec!["prod".into(), "staging".into()]))
        );
        p.cursor = 0;
        p.toggle();
        assert_eq!(p.marked, [true, false, false, false]);
        assert_eq!(p.selection(), Some(Selection::All));
        p.cursor = 3;
        p.toggle();
        assert_eq!(p.marked, [false, false, false, true]);
        let mut one = picker(false);
        one.cursor = 2;
        one.toggle();
        assert_eq!(one.marked, [false, false, true, false]);
        assert_eq!(one.selection(), Some(Selection::one("staging")));
    }

    #[test]
    fn enter_without_marks_applies_the_choice_under_the_cursor() {
        let mut p = picker(false);
        p.marked = vec![false; 4];
        p.cursor = 3;
        assert_eq!(p.selection(), Some(Selection::one("dev")));
        p.move_cursor(-10);
        assert_eq!(p.cursor, 0);
        assert_eq!(p.selection(), Some(Selection::All));
        p.move_cursor(100);
        assert_eq!(p.cursor, 3);
    }
}
