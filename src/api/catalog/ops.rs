//! What can be done to a kind's items, as data: its operations (a method, a path template and
//! what each takes) and the menu the TUI offers over them. The TUI, the CLI and the stand-in
//! read them here, so the request confirmed, copied as curl, sent and served is one description;
//! `tests/contract.rs` checks every one against the spec.

use serde_json::{Value, json};

use super::Kind;
use crate::api::actions::{parse_duration, split_tags};
use crate::api::request::{ApiRequest, HttpMethod, segment};

/// The operations wf-tui knows. Revert and undelete are declared for the version history and
/// the trash to come, and used by nothing yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    TagAdd,
    TagRemove,
    /// Replaces every tag.
    TagSet,
    Snooze,
    Unsnooze,
    Enable,
    Disable,
    Create,
    /// Ends it now (a maintenance window).
    Close,
    /// `PUT` of the whole item: an edit's write.
    Update,
    Delete,
    Clone,
    /// Back to a version of the item's history.
    Revert,
    Undelete,
}

/// What an operation takes besides the item's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    Nothing,
    /// One tag, in the path (`{tag}`).
    Tag,
    /// The whole list of tags, as the body.
    Tags,
    /// An optional `seconds` query parameter (without it: until undone).
    Seconds,
    /// The item's JSON, as the body.
    Item,
    /// A version number, in the path (`{version}`).
    Version,
    /// An optional `name` query parameter (a clone's name).
    Name,
}

/// One endpoint that changes an item.
#[derive(Debug)]
pub struct Operation {
    pub verb: Verb,
    pub method: HttpMethod,
    /// With `{id}` for the item and `{tag}` or `{version}` where [`Operation::takes`] says.
    pub path: &'static str,
    pub takes: Takes,
    /// The past tense, for summaries and the CLI's one line: "412 tagged".
    pub done: &'static str,
    /// The body is built from the item as it is now, read first (closing a window `PUT`s it
    /// whole with the end set to now); gets the item and the time in epoch seconds.
    pub from_current: Option<fn(&Value, i64) -> Value>,
}

/// The value an operation takes (see [`Takes`]).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    None,
    Tag(&'a str),
    Tags(&'a [String]),
    Seconds(Option<u64>),
    Item(Value),
    Version(u64),
    Name(Option<&'a str>),
}

impl Operation {
    pub(super) const fn new(
        verb: Verb,
        method: HttpMethod,
        path: &'static str,
        takes: Takes,
        done: &'static str,
    ) -> Self {
        Self {
            verb,
            method,
            path,
            takes,
            done,
            from_current: None,
        }
    }

    /// The request for item `id` (ignored by paths without `{id}`, such as a create).
    pub fn request(&self, id: &str, arg: Arg) -> ApiRequest {
        let mut path = self.path.replace("{id}", &segment(id));
        let mut query = None;
        let mut body = None;
        match arg {
            Arg::None => {}
            Arg::Tag(tag) => path = path.replace("{tag}", &segment(tag)),
            Arg::Version(v) => path = path.replace("{version}", &v.to_string()),
            Arg::Tags(tags) => body = Some(json!(tags)),
            Arg::Item(item) => body = Some(item),
            Arg::Seconds(s) => query = s.map(|s| ("seconds", s.to_string())),
            Arg::Name(n) => query = n.map(|n| ("name", n.to_string())),
        }
        let mut req = match self.method {
            HttpMethod::Get => ApiRequest::get(path),
            HttpMethod::Post => ApiRequest::post(path),
            HttpMethod::Put => ApiRequest::put(path),
            HttpMethod::Delete => ApiRequest::delete(path),
        };
        if let Some((k, v)) = query {
            req = req.with_query(k, v);
        }
        match body {
            Some(body) => req.with_body(body),
            None => req,
        }
    }

    /// The request built from the item as it is (see [`Operation::from_current`]).
    pub fn request_from(&self, id: &str, current: &Value, now_s: i64) -> ApiRequest {
        match self.from_current {
            Some(build) => self.request(id, Arg::Item(build(current, now_s))),
            None => self.request(id, Arg::None),
        }
    }
}

/// A form whose values build an item's JSON (a new maintenance window).
#[derive(Debug)]
pub struct FormSpec {
    pub title: &'static str,
    /// Each field's label and what it starts with.
    pub fields: &'static [(&'static str, &'static str)],
    /// A line under the fields about what they take.
    pub hint: &'static str,
    /// The item from the values (label and trimmed text, in the fields' order), the time in
    /// epoch seconds and the zone typed times are in, or what is wrong with them.
    pub build: FormBuild,
    /// The kind whose item it creates, when not the menu's own (a window from an alert).
    pub creates: Option<&'static Kind>,
    /// Values its fields start with, from the items the menu was opened on (label, text).
    pub prefill: Option<FormPrefill>,
}

/// A form's starting values from the items it is for: (field label, text).
pub type FormPrefill = fn(&[Value]) -> Vec<(&'static str, String)>;

/// Builds a form's item from its values (label, text), the time in epoch seconds and the zone
/// times without an offset are read in.
pub type FormBuild = fn(&[(&str, &str)], i64, &jiff::tz::TimeZone) -> Result<Value, String>;

/// What the menu asks for before the confirmation.
#[derive(Debug, Clone, Copy)]
pub enum Ask {
    /// Nothing: straight to the confirmation (or to reading the item first).
    Nothing,
    /// Nothing, with a fixed number of seconds (snooze for an hour).
    For(u64),
    /// Typed tags, comma or space separated; the prompt.
    Tags(&'static str),
    /// A typed duration (90m, 1h30m, 2w); the prompt.
    Duration(&'static str),
    /// A form.
    Form(&'static FormSpec),
}

/// One line of a kind's actions menu: a key, a label, the operation and what it asks for.
#[derive(Debug)]
pub struct MenuEntry {
    pub key: char,
    pub label: &'static str,
    pub verb: Verb,
    pub ask: Ask,
}

pub(super) const fn entry(key: char, label: &'static str, verb: Verb, ask: Ask) -> MenuEntry {
    MenuEntry {
        key,
        label,
        verb,
        ask,
    }
}

/// Why a menu entry's requests cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("no tags given")]
    NoTags,
    #[error(transparent)]
    Duration(#[from] crate::api::actions::DurationError),
    #[error("{0} builds its request from a form or from the item as it is")]
    NotPerTarget(&'static str),
    #[error("the catalog offers {0:?} on a kind without that operation")]
    NoOperation(Verb),
}

impl MenuEntry {
    /// The prompt, when it needs typed text first.
    pub fn prompt(&self) -> Option<&'static str> {
        match self.ask {
            Ask::Tags(p) | Ask::Duration(p) => Some(p),
            _ => None,
        }
    }

    /// Whether it acts on existing items (a form creates one).
    pub fn needs_targets(&self) -> bool {
        !matches!(self.ask, Ask::Form(_))
    }

    /// The kind its operation belongs to: the menu's, or the one its form creates.
    pub fn kind(&self, menu: &'static Kind) -> &'static Kind {
        match self.ask {
            Ask::Form(FormSpec {
                creates: Some(kind),
                ..
            }) => kind,
            _ => menu,
        }
    }

    /// The operation it runs, of `kind` (the menu's) or of the kind its form creates.
    pub fn operation(&self, kind: &Kind) -> Result<&'static Operation, EntryError> {
        let kind = match self.ask {
            Ask::Form(FormSpec {
                creates: Some(creates),
                ..
            }) => creates,
            _ => kind,
        };
        kind.operation(self.verb)
            .ok_or(EntryError::NoOperation(self.verb))
    }

    /// The requests for `targets` with the typed `text`: one per target, or per target and tag
    /// when the operation takes one tag.
    pub fn requests(
        &self,
        kind: &Kind,
        targets: &[String],
        text: &str,
    ) -> Result<Vec<(String, ApiRequest)>, EntryError> {
        let op = self.operation(kind)?;
        if matches!(self.ask, Ask::Form(_)) || op.from_current.is_some() {
            return Err(EntryError::NotPerTarget(self.label));
        }
        let tags = split_tags(text);
        if matches!(self.ask, Ask::Tags(_)) && tags.is_empty() {
            return Err(EntryError::NoTags);
        }
        let seconds = match self.ask {
            Ask::For(s) => Some(s),
            Ask::Duration(_) => Some(parse_duration(text)?),
            _ => None,
        };
        let mut out = Vec::new();
        for id in targets {
            match op.takes {
                Takes::Tag => out.extend(
                    tags.iter()
                        .map(|t| (id.clone(), op.request(id, Arg::Tag(t)))),
                ),
                Takes::Tags => out.push((id.clone(), op.request(id, Arg::Tags(&tags)))),
                Takes::Seconds => out.push((id.clone(), op.request(id, Arg::Seconds(seconds)))),
                _ => out.push((id.clone(), op.request(id, Arg::None))),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::{ALERTS, MAINTENANCE_WINDOWS, SOURCES};

    fn menu(kind: &'static Kind, key: char) -> &'static MenuEntry {
        kind.menu.iter().find(|e| e.key == key).unwrap()
    }

    #[test]
    fn requests_per_target_and_tag() {
        let ids = vec!["a".to_string(), "b".to_string()];
        let r = menu(&SOURCES, 'a')
            .requests(&SOURCES, &ids, "x, y")
            .unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r[1].1.to_string(), "PUT /api/v2/source/a/tag/y");
        let r = menu(&SOURCES, 's').requests(&SOURCES, &ids, "x y").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1.body, Some(json!(["x", "y"])));
        let snooze_for = menu(&ALERTS, 'f');
        let r = snooze_for.requests(&ALERTS, &ids[..1], "1h30m").unwrap();
        assert_eq!(
            r[0].1.to_string(),
            "POST /api/v2/alert/a/snooze?seconds=5400"
        );
        assert!(snooze_for.requests(&ALERTS, &ids, "soon").is_err());
        let add = menu(&ALERTS, 'a');
        assert_eq!(add.requests(&ALERTS, &ids, " , "), Err(EntryError::NoTags));
        let forever = menu(&ALERTS, 'z').requests(&ALERTS, &ids[..1], "").unwrap();
        assert_eq!(forever[0].1.to_string(), "POST /api/v2/alert/a/snooze");
        // A form and an operation built from the item are not per target.
        for key in ['n', 'c'] {
            let e = menu(&MAINTENANCE_WINDOWS, key);
            assert!(e.requests(&MAINTENANCE_WINDOWS, &ids, "").is_err());
        }
    }

    /// The window an alert's menu offers creates a maintenance window, not an alert.
    #[test]
    fn a_form_entry_runs_the_operation_of_the_kind_it_creates() {
        let window = menu(&ALERTS, 'n');
        assert_eq!(window.kind(&ALERTS).name, "maintenancewindow");
        let op = window.operation(&ALERTS).unwrap();
        assert_eq!(op.path, "/api/v2/maintenancewindow");
        assert_eq!(menu(&ALERTS, 'm').kind(&ALERTS).name, "alert");
        let snoozes: Vec<Option<u64>> = ALERTS
            .menu
            .iter()
            .filter(|e| e.verb == Verb::Snooze)
            .map(|e| match e.ask {
                Ask::For(s) => Some(s),
                _ => None,
            })
            .collect();
        // The product's choices: 30m, 1h, 6h, 1d, 1w, forever, typed.
        assert_eq!(
            snoozes,
            [
                Some(1800),
                Some(3600),
                Some(21_600),
                Some(86_400),
                Some(604_800),
                None,
                None
            ]
        );
    }

    #[test]
    fn ids_and_tags_are_escaped_as_path_segments() {
        let add = SOURCES.operation(Verb::TagAdd).unwrap();
        assert_eq!(
            add.request("web 01", Arg::Tag("env=prod")).to_string(),
            "PUT /api/v2/source/web%2001/tag/env%3Dprod"
        );
        let remove = SOURCES.operation(Verb::TagRemove).unwrap();
        assert_eq!(
            remove.request("a/b", Arg::Tag("x")).to_string(),
            "DELETE /api/v2/source/a%2Fb/tag/x"
        );
    }

    #[test]
    fn closing_a_window_puts_it_whole_with_the_end_now() {
        let close = MAINTENANCE_WINDOWS.operation(Verb::Close).unwrap();
        let current = json!({"id":"w","title":"t","runningState":"ONGOING","endTimeInSeconds":99});
        let req = close.request_from("w", &current, 50);
        assert_eq!(req.to_string(), "PUT /api/v2/maintenancewindow/w");
        assert_eq!(
            req.body,
            Some(json!({"id":"w","title":"t","endTimeInSeconds":50}))
        );
    }
}
