//! Acting on what you see: the actions menu of a kind, the text input or form an action needs,
//! the confirmation with the exact request, and the progress and summary of what ran. Plain
//! data; `update::actions` moves it along, `ui::actions` draws it.

use std::collections::HashSet;

use crate::api::actions::{self as req, WindowSpec};
use crate::api::{ApiRequest, Kind};
use crate::worker::RequestId;

use super::input::TextInput;

/// One thing that can be done to items of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    SourceTagAdd,
    SourceTagRemove,
    SourceTagSet,
    Snooze1h,
    Snooze1d,
    SnoozeFor,
    SnoozeForever,
    Unsnooze,
    AlertTagAdd,
    AlertTagRemove,
    Enable,
    Disable,
    WindowCreate,
    WindowClose,
    WindowDelete,
}

impl Choice {
    /// What the menu offers on a kind (nothing: the kind has no actions).
    pub fn for_kind(kind: &Kind) -> &'static [Choice] {
        use Choice::*;
        match kind.name {
            "source" => &[SourceTagAdd, SourceTagRemove, SourceTagSet],
            "alert" => &[
                Snooze1h,
                Snooze1d,
                SnoozeFor,
                SnoozeForever,
                Unsnooze,
                AlertTagAdd,
                AlertTagRemove,
            ],
            "cloudintegration" => &[Enable, Disable],
            "maintenancewindow" => &[WindowCreate, WindowClose, WindowDelete],
            _ => &[],
        }
    }

    /// The menu's key for it.
    pub fn key(self) -> char {
        use Choice::*;
        match self {
            SourceTagAdd | AlertTagAdd => 'a',
            SourceTagRemove | AlertTagRemove => 'r',
            SourceTagSet => 's',
            Snooze1h => '1',
            Snooze1d => '2',
            SnoozeFor => 'f',
            SnoozeForever => 'z',
            Unsnooze => 'u',
            Enable => 'e',
            Disable => 'd',
            WindowCreate => 'n',
            WindowClose => 'c',
            WindowDelete => 'd',
        }
    }

    pub fn label(self) -> &'static str {
        use Choice::*;
        match self {
            SourceTagAdd => "add tags",
            SourceTagRemove => "remove tags",
            SourceTagSet => "set tags (replace all)",
            Snooze1h => "snooze for 1 hour",
            Snooze1d => "snooze for 1 day",
            SnoozeFor => "snooze for… (90m, 1h30m, 2w)",
            SnoozeForever => "snooze until unsnoozed",
            Unsnooze => "unsnooze",
            AlertTagAdd => "add tags",
            AlertTagRemove => "remove tags",
            Enable => "enable",
            Disable => "disable",
            WindowCreate => "new maintenance window",
            WindowClose => "close early (end now)",
            WindowDelete => "delete",
        }
    }

    /// The past tense for summaries: "412 tagged, 3 failed".
    pub fn done(self) -> &'static str {
        use Choice::*;
        match self {
            SourceTagAdd | AlertTagAdd | SourceTagSet => "tagged",
            SourceTagRemove | AlertTagRemove => "untagged",
            Snooze1h | Snooze1d | SnoozeFor | SnoozeForever => "snoozed",
            Unsnooze => "unsnoozed",
            Enable => "enabled",
            Disable => "disabled",
            WindowCreate => "created",
            WindowClose => "closed",
            WindowDelete => "deleted",
        }
    }

    /// Whether it needs typed text first (tags or a duration), and the prompt for it.
    pub fn input_prompt(self) -> Option<&'static str> {
        use Choice::*;
        match self {
            SourceTagAdd | AlertTagAdd => Some("tags to add (comma or space separated)"),
            SourceTagRemove | AlertTagRemove => Some("tags to remove"),
            SourceTagSet => Some("the tags the sources will have (all others are removed)"),
            SnoozeFor => Some("snooze for (1h, 90m, 1h30m, 1d, 2w)"),
            _ => None,
        }
    }

    /// Acts on existing items (as opposed to creating one).
    pub fn needs_targets(self) -> bool {
        self != Choice::WindowCreate
    }

    /// The requests for `targets` with the typed `text` (tags or a duration), one per target
    /// and tag. Creating and closing windows are built elsewhere (a form, the current window).
    pub fn requests(
        self,
        targets: &[String],
        text: &str,
    ) -> Result<Vec<(String, ApiRequest)>, String> {
        use Choice::*;
        let tags = req::split_tags(text);
        if self.input_prompt().is_some() && self != SnoozeFor && tags.is_empty() {
            return Err("no tags given".into());
        }
        let seconds = match self {
            Snooze1h => Some(3600),
            Snooze1d => Some(86_400),
            SnoozeFor => Some(req::parse_duration(text).map_err(|e| e.to_string())?),
            _ => None,
        };
        let mut out = Vec::new();
        for id in targets {
            let mut push = |r: ApiRequest| out.push((id.clone(), r));
            match self {
                SourceTagAdd => tags.iter().for_each(|t| push(req::source_tag_add(id, t))),
                SourceTagRemove => tags
                    .iter()
                    .for_each(|t| push(req::source_tag_remove(id, t))),
                SourceTagSet => push(req::source_tag_set(id, &tags)),
                AlertTagAdd => tags.iter().for_each(|t| push(req::alert_tag_add(id, t))),
                AlertTagRemove => tags.iter().for_each(|t| push(req::alert_tag_remove(id, t))),
                Snooze1h | Snooze1d | SnoozeFor => push(req::alert_snooze(id, seconds)),
                SnoozeForever => push(req::alert_snooze(id, None)),
                Unsnooze => push(req::alert_unsnooze(id)),
                Enable => push(req::integration_enable(id)),
                Disable => push(req::integration_disable(id)),
                WindowDelete => push(req::window_delete(id)),
                WindowCreate | WindowClose => {
                    return Err("built from a form or the current window".into());
                }
            }
        }
        Ok(out)
    }
}

/// Rows marked for a bulk action, by id, in one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub kind: &'static str,
    pub ids: HashSet<String>,
}

impl Marks {
    /// The marked ids of `kind` (none when the marks belong to another kind).
    pub fn of(&self, kind: &Kind) -> Option<&HashSet<String>> {
        (self.kind == kind.name && !self.ids.is_empty()).then_some(&self.ids)
    }
}

/// The fields of the new-window form, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowForm {
    pub fields: Vec<(&'static str, TextInput)>,
    pub focus: usize,
}

impl Default for WindowForm {
    fn default() -> Self {
        let f = |l, v: &str| (l, TextInput::new(v));
        Self {
            fields: vec![
                f("title", ""),
                f("reason", ""),
                f("start", "now"),
                f("end", "+1h"),
                f("alert tags", ""),
                f("source tags", ""),
                f("sources", ""),
            ],
            focus: 0,
        }
    }
}

impl WindowForm {
    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|(l, _)| *l == label)
            .map_or("", |(_, i)| i.value().trim())
    }

    /// The request the form describes, or what is wrong with it.
    pub fn request(&self, now_s: i64) -> Result<ApiRequest, String> {
        let start = req::parse_time(self.value("start"), now_s).map_err(|e| e.to_string())?;
        let end = req::parse_time(self.value("end"), now_s).map_err(|e| e.to_string())?;
        let spec = WindowSpec {
            title: self.value("title").to_string(),
            reason: self.value("reason").to_string(),
            start_s: start,
            end_s: end,
            alert_tags: req::split_tags(self.value("alert tags")),
            source_tags: req::split_tags(self.value("source tags")),
            source_names: req::split_tags(self.value("sources")),
        };
        req::window_create(&spec).map_err(|e| e.to_string())
    }
}

/// A mutation waiting for `y`: the exact requests, shown before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub kind: &'static Kind,
    pub choice: Choice,
    /// Item id (empty for a create) and its request.
    pub items: Vec<(String, ApiRequest)>,
}

/// What ran and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub id: RequestId,
    pub kind: &'static Kind,
    pub choice: Choice,
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
        let mut s = format!("{} {}", self.ok, self.choice.done());
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
}

/// The named actions a menu, confirmation or progress overlay takes (besides a menu's letters);
/// other keys wait until it is answered. The `?` overlay lists just these.
pub const FLOW_ACTIONS: &[super::keymap::Action] = {
    use super::keymap::Action::*;
    &[Quit, Back, CopyCurl, RetryFailed, Help, Up, Down, Confirm]
};

/// The actions overlay, one step at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    Menu {
        kind: &'static Kind,
        targets: Vec<String>,
        selected: usize,
    },
    Input {
        kind: &'static Kind,
        targets: Vec<String>,
        choice: Choice,
        input: TextInput,
        error: Option<String>,
    },
    Window {
        kind: &'static Kind,
        form: WindowForm,
        error: Option<String>,
    },
    /// Reading the item a request is built from (closing a window).
    Reading {
        id: RequestId,
        kind: &'static Kind,
        item_id: String,
    },
    Confirm(Confirm),
    Running(Progress),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalog::kind_by_name;

    #[test]
    fn menus_follow_the_kind() {
        let alert = kind_by_name("alert").unwrap();
        assert!(Choice::for_kind(alert).contains(&Choice::Snooze1h));
        assert!(Choice::for_kind(kind_by_name("dashboard").unwrap()).is_empty());
        for kind in ["source", "alert", "cloudintegration", "maintenancewindow"] {
            let choices = Choice::for_kind(kind_by_name(kind).unwrap());
            let keys: HashSet<char> = choices.iter().map(|c| c.key()).collect();
            assert_eq!(keys.len(), choices.len(), "{kind}: menu keys are unique");
        }
    }

    #[test]
    fn requests_per_target_and_tag() {
        let ids = vec!["a".to_string(), "b".to_string()];
        let r = Choice::SourceTagAdd.requests(&ids, "x, y").unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r[1].1.to_string(), "PUT /api/v2/source/a/tag/y");
        let r = Choice::SourceTagSet.requests(&ids, "x y").unwrap();
        assert_eq!(r.len(), 2);
        let r = Choice::SnoozeFor.requests(&ids[..1], "1h30m").unwrap();
        assert_eq!(
            r[0].1.to_string(),
            "POST /api/v2/alert/a/snooze?seconds=5400"
        );
        assert!(Choice::SnoozeFor.requests(&ids, "soon").is_err());
        assert!(Choice::AlertTagAdd.requests(&ids, " , ").is_err());
    }

    #[test]
    fn summary_names_the_failures() {
        let mut p = Progress {
            id: 1,
            kind: kind_by_name("source").unwrap(),
            choice: Choice::SourceTagAdd,
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

    #[test]
    fn the_window_form_defaults_to_now_and_an_hour() {
        let mut f = WindowForm::default();
        assert!(f.request(1000).unwrap_err().contains("title"));
        f.fields[0].1 = TextInput::new("patch");
        f.fields[1].1 = TextInput::new("upgrade");
        f.fields[4].1 = TextInput::new("db");
        let body = f.request(1000).unwrap().body.unwrap();
        assert_eq!(body["startTimeInSeconds"], 1000);
        assert_eq!(body["endTimeInSeconds"], 4600);
    }
}
