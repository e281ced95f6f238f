//! Acting on what you see: the actions menu of a kind (its catalog [`MenuEntry`]s), the text
//! input or form an entry asks for, reading the item a request is built from, and the progress
//! and summary of what ran. The confirmation in between is the [`confirm`](super::confirm)
//! overlay. Plain data; `update` moves it along, `draw` draws it.

mod draw;
mod events;
mod marks;
pub mod update;

pub use draw::draw;
pub(crate) use marks::targets;

use std::collections::HashSet;

use crate::api::catalog::{FormSpec, MenuEntry, Operation};
use crate::api::{ApiRequest, Kind};
use crate::app::input::TextInput;
use crate::app::keymap::{Action, Scope};
use crate::worker::RequestId;

/// Rows marked for a bulk action, by id, in one kind.
///
/// A change that was applied unmarks the rows it changed; a row whose change failed stays
/// marked (the next action, or a retry, is for it); a cancelled confirmation leaves the marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub kind: Option<&'static Kind>,
    pub ids: HashSet<String>,
}

impl Marks {
    /// The marked ids of `kind` (none when the marks belong to another kind).
    pub fn of(&self, kind: &Kind) -> Option<&HashSet<String>> {
        (self.kind == Some(kind) && !self.ids.is_empty()).then_some(&self.ids)
    }

    /// Marks now belong to `kind`: those of another kind are dropped.
    pub fn belong_to(&mut self, kind: &'static Kind) {
        if self.kind != Some(kind) {
            self.kind = Some(kind);
            self.ids.clear();
        }
    }
}

/// A form of the catalog ([`FormSpec`]), as typed.
#[derive(Debug, Clone)]
pub struct Form {
    pub spec: &'static FormSpec,
    pub fields: Vec<(&'static str, TextInput)>,
    pub focus: usize,
    /// The zone typed times are read in (the one shown when the form opened).
    pub zone: jiff::tz::TimeZone,
    /// Names it under the fields: "times in Europe/Paris (CET)".
    pub zone_hint: String,
}

impl Form {
    /// A form whose times without an offset are read in `zone` (named as at `now_ms`).
    pub fn new(spec: &'static FormSpec, zone: jiff::tz::TimeZone, now_ms: i64) -> Self {
        let fields = spec
            .fields
            .iter()
            .map(|(label, value)| (*label, TextInput::new(value)))
            .collect();
        let at = crate::format::timestamp(now_ms);
        let (name, short) = (
            crate::format::zone_name(&zone, at),
            crate::format::zone_abbreviation(&zone, at),
        );
        let zone_hint = if name == short {
            format!("times in {name}")
        } else {
            format!("times in {name} ({short})")
        };
        Self {
            spec,
            fields,
            focus: 0,
            zone,
            zone_hint,
        }
    }

    /// Puts starting values in the fields they name (a window pre-filled from alerts).
    pub fn fill(&mut self, values: &[(&str, String)]) {
        for (label, value) in values {
            if let Some((_, input)) = self.fields.iter_mut().find(|(l, _)| l == label) {
                input.set(value);
            }
        }
    }

    /// Whether `enter` submits here: the focus is on the last field.
    pub fn on_last_field(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// The item's JSON the form describes, or what is wrong with it.
    pub fn item(&self, now_s: i64) -> Result<serde_json::Value, String> {
        let values: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(label, input)| (*label, input.value().trim()))
            .collect();
        (self.spec.build)(&values, now_s, &self.zone)
    }
}

/// Mutations waiting for the confirmation: the exact requests, shown before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutation {
    pub kind: &'static Kind,
    /// What the menu called it ("add tags").
    pub label: &'static str,
    /// Its past tense ("tagged").
    pub done: &'static str,
    /// Item id (empty for a create) and its request.
    pub items: Vec<(String, ApiRequest)>,
}

/// What ran and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub id: RequestId,
    pub kind: &'static Kind,
    pub label: &'static str,
    pub done: &'static str,
    pub total: usize,
    pub ok: usize,
    /// Item id, its request and why it failed: kept for a retry.
    pub failed: Vec<(String, ApiRequest, String)>,
    pub finished: bool,
}

impl Progress {
    pub fn done(&self) -> usize {
        self.ok + self.failed.len()
    }

    /// Why one failed, without the request the error text repeats (`PUT /path: …`): the id
    /// beside it already says which.
    pub fn reason<'a>(request: &ApiRequest, why: &'a str) -> &'a str {
        let prefix = format!("{} {}: ", request.method, request.path);
        why.strip_prefix(prefix.as_str()).unwrap_or(why)
    }

    /// "412 tagged, 3 failed: web-1: … ; web-2: …".
    pub fn summary(&self) -> String {
        let mut s = format!("{} {}", self.ok, self.done);
        if !self.failed.is_empty() {
            let shown: Vec<String> = self
                .failed
                .iter()
                .take(3)
                .map(|(id, req, why)| {
                    let why = Self::reason(req, why);
                    if id.is_empty() {
                        why.to_string()
                    } else {
                        format!("{id}: {why}")
                    }
                })
                .collect();
            let more = self.failed.len().saturating_sub(3);
            s.push_str(&format!(
                ", {} failed: {}{}",
                self.failed.len(),
                shown.join("; "),
                if more > 0 {
                    format!("; …and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        s
    }

    /// Whether a request of item `id` failed.
    pub fn failed_for(&self, id: &str) -> bool {
        self.failed.iter().any(|(i, _, _)| i == id)
    }
}

/// The named actions a menu, confirmation or progress overlay takes (besides a menu's letters);
/// other keys wait until it is answered. The `?` overlay lists just these.
pub const FLOW_ACTIONS: &[Action] = {
    use Action::*;
    &[Quit, Back, CopyCurl, RetryFailed, Help, Up, Down, Confirm]
};

/// The actions overlay, one step at a time.
#[derive(Debug, Clone)]
pub enum Flow {
    Menu {
        kind: &'static Kind,
        targets: Vec<String>,
        selected: usize,
    },
    Input {
        kind: &'static Kind,
        targets: Vec<String>,
        entry: &'static MenuEntry,
        input: TextInput,
        error: Option<String>,
    },
    Form {
        kind: &'static Kind,
        entry: &'static MenuEntry,
        form: Form,
        error: Option<String>,
    },
    /// Reading the item a request is built from (closing a window).
    Reading {
        id: RequestId,
        kind: &'static Kind,
        entry: &'static MenuEntry,
        op: &'static Operation,
        item_id: String,
    },
    Running(Progress),
}

/// The scope of the open overlay: text entry for inputs and forms, dialog keys otherwise.
pub fn scope(flow: &Flow) -> Scope {
    match flow {
        Flow::Input { .. } | Flow::Form { .. } => Scope::Form,
        _ => Scope::Confirm,
    }
}

/// The footer of each step: its own keys, never those of the view under it.
pub fn footer(flow: &Flow) -> (Scope, Vec<(Action, &'static str)>) {
    let items = match flow {
        Flow::Menu { .. } => vec![
            (Action::Down, "move"),
            (Action::Confirm, "choose"),
            (Action::Back, "cancel"),
        ],
        Flow::Input { .. } => vec![(Action::Submit, "continue"), (Action::Back, "cancel")],
        // Enter says what it does where the focus is; alt-enter submits from anywhere.
        Flow::Form { form, .. } if !form.on_last_field() => vec![
            (Action::Submit, "next field"),
            (Action::PrevField, "previous field"),
            (Action::SubmitForm, "continue"),
            (Action::Back, "cancel"),
        ],
        Flow::Form { .. } => vec![
            (Action::Submit, "continue"),
            (Action::PrevField, "previous field"),
            (Action::Back, "cancel"),
        ],
        Flow::Reading { .. } => vec![(Action::Back, "cancel")],
        Flow::Running(p) if !p.finished => vec![(Action::Back, "hide (rows still update)")],
        Flow::Running(_) => vec![
            (Action::RetryFailed, "retry failed"),
            (Action::CopyCurl, "curl of the failed"),
            (Action::Back, "close"),
        ],
    };
    (scope(flow), items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{KINDS, SOURCES, kind_by_name};

    #[test]
    fn menus_follow_the_kind() {
        let alert = kind_by_name("alert").unwrap();
        assert!(alert.menu.iter().any(|e| e.label == "snooze for 1 hour"));
        assert!(kind_by_name("dashboard").unwrap().menu.is_empty());
        for kind in KINDS
            .iter()
            .copied()
            .chain([&crate::api::catalog::FIRING_ALERTS])
        {
            let keys: HashSet<char> = kind.menu.iter().map(|e| e.key).collect();
            assert_eq!(
                keys.len(),
                kind.menu.len(),
                "{}: menu keys are unique",
                kind.name
            );
            for e in kind.menu {
                assert!(e.operation(kind).is_ok(), "{}: {}", kind.name, e.label);
            }
        }
    }

    #[test]
    fn summary_names_the_failures() {
        let mut p = Progress {
            id: 1,
            kind: &SOURCES,
            label: "add tags",
            done: "tagged",
            total: 415,
            ok: 412,
            failed: vec![],
            finished: true,
        };
        assert_eq!(p.summary(), "412 tagged");
        for i in 0..4 {
            p.failed.push((
                format!("h{i}"),
                ApiRequest::get("/x"),
                "403 forbidden".into(),
            ));
        }
        assert_eq!(
            p.summary(),
            "412 tagged, 4 failed: h0: 403 forbidden; h1: 403 forbidden; h2: 403 forbidden; …and 1 more"
        );
    }
}
