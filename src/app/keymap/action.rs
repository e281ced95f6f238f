//! The named actions: the vocabulary of the keybinding config (serde names), what the help
//! overlay says of each, and the footer's short hints.

use serde::{Deserialize, Serialize};

/// Everything a key can do. Serde names are the vocabulary of the keybinding config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Refresh,
    Help,
    /// Open the `:` command line.
    Command,
    /// Show the token status pane.
    TokenStatus,
    /// Show the accounts.
    Accounts,
    Add,
    Edit,
    Remove,
    SetDefault,
    /// Import the Ruby `wf` CLI's accounts.
    Import,
    /// Filter the loaded rows as you type.
    Filter,
    /// Sort by the next column (or direction).
    SortNext,
    SortPrev,
    /// Pause or resume the list's auto-refresh.
    PauseRefresh,
    NextField,
    PrevField,
    /// Test the form's credentials and save the account.
    Submit,
    /// In the login form, where no keyring works: keep the secrets in a 0600 file instead.
    ToggleSecretsFile,
    Collapse,
    Expand,
    ToggleFold,
    FoldAll,
    UnfoldAll,
    FoldLevel,
    UnfoldLevel,
    /// Search keys and values.
    Search,
    NextMatch,
    PrevMatch,
    /// Wrap long strings.
    Wrap,
    /// Show the string under the cursor whole, unescaped.
    ShowWhole,
    /// Copy the value under the cursor (OSC 52: works over SSH and in tmux).
    CopyValue,
    /// Copy the jq path of the cursor.
    CopyPath,
    /// Copy the value minified on one line.
    CopyValueLine,
    /// Copy a string's text: no quotes, escapes resolved.
    CopyString,
    /// Copy the key of the member under the cursor.
    CopyKey,
    /// Copy the path in brackets only (`["a"]["b c"][0]`).
    CopyBracketPath,
    /// Copy a jq query selecting the node in every element (`.a[].b`).
    CopyQueryPath,
    /// Apply a jq filter: the result opens as a new document.
    JqFilter,
    /// Turn mouse capture on or off (wheel scrolls, click selects).
    ToggleMouse,
    /// The actions of the current kind (tag, snooze, enable, maintenance windows …).
    Actions,
    /// Mark or unmark the selected row for a bulk action.
    ToggleMark,
    /// Mark every row in the current filter.
    MarkAll,
    /// Clear the marks.
    ClearMarks,
    /// Copy the request behind the view (or the action) as a curl command.
    CopyCurl,
    /// Run the confirmed mutation.
    Confirm,
    /// Run again what failed in the last bulk action.
    RetryFailed,
    /// Choose the next / previous column (for resizing).
    ColumnNext,
    ColumnPrev,
    /// Widen / narrow the chosen column (remembered per kind).
    WidenColumn,
    NarrowColumn,
    /// Put every column of the kind back to its default width.
    ResetColumns,
    /// Walk the filters used before (in the filter line).
    RecallPrev,
    RecallNext,
    /// Read the filter line as a regex, or as fzf syntax again.
    ToggleRegex,
    /// Chart the alert under the cursor (its display expression, or its condition).
    Chart,
    /// Chart windows: the last hour, 6 hours, day, week.
    Window1h,
    Window6h,
    Window1d,
    Window1w,
    /// Chart granularity: s → m → h → d.
    CycleGranularity,
    /// Chart ⇄ its numbers.
    ToggleNumbers,
    /// Chart the other expression (an alert's condition ⇄ display expression).
    NextExpression,
    /// Scroll the numbers' series columns.
    ColumnLeft,
    ColumnRight,
    /// Submit a form from any field (`enter` moves to the next field first).
    SubmitForm,
    /// In the request history: show or hide the lists' auto-refresh requests.
    ShowAutoRefresh,
    /// Show times in UTC, or back in the chosen zone (local by default).
    ToggleUtc,
    /// Chart: type a window (`3h`, `2d`, `FROM..TO`) on the command line.
    TypeWindow,
    /// Chart: edit the query on the command line; enter reruns it.
    EditQuery,
    /// Open the selected item's JSON (where `enter` opens something richer: an alert's viewer).
    Inspect,
    /// Alert viewer: the earlier / later firing.
    PrevFiring,
    NextFiring,
    /// Alert viewer: the next / previous pane (affected, related, runbook).
    NextPane,
    PrevPane,
    /// Chart: which events are drawn: the chart's sources' → all of the window → none.
    CycleEvents,
    /// Chart: the time cursor to the previous / next event.
    PrevEvent,
    NextEvent,
    /// The firing alerts, live (`:firing`), from anywhere.
    Firing,
    /// Edit the selected (or marked) items' JSON in `$EDITOR`; a diff before anything is sent.
    EditItem,
    /// A new item of the list's kind, from a template, in `$EDITOR`.
    NewItem,
    /// A new item like the selected one (the alert's clone endpoint; a copy in `$EDITOR`).
    CloneItem,
    /// Delete the selected (or marked) items, after a confirmation naming them.
    DeleteItem,
    /// The version history of the selected item (alerts, dashboards, derived metrics).
    History,
    /// Version history: revert the item to the selected version (a diff and a yes first).
    Revert,
    /// Version history: a new item from the selected version (asks first).
    CopyVersion,
    /// A trash: restore the selected or marked items (asks first).
    Restore,
    /// Version history: the diff of the selected version and the one before it (of the two
    /// marked, when two are).
    DiffVersion,
    /// Copy the selected (or marked) items to another saved account: its diff, the references
    /// mapped, a confirmation, the result per item.
    Promote,
    /// Dashboard player: the next / previous section.
    NextSection,
    PrevSection,
    /// Dashboard player: the selected panel on the whole screen (the chart view).
    ZoomPanel,
    /// Dashboard player: favourite the dashboard, or no longer.
    ToggleFavorite,
    /// Dashboard player: focus the next variable of the bar.
    NextVariable,
    /// Dashboard player: the focused variable's next / previous choice.
    NextChoice,
    PrevChoice,
    /// Dashboard player: type the focused variable's value on the command line.
    TypeVariable,
    /// Dashboard player: the focused variable's choices in a pop-up (filter, mark, apply).
    PickVariable,
    /// Dashboard player: scroll the selected table panel down / up a row.
    ScrollPanelDown,
    ScrollPanelUp,
}

impl Action {
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom (in a list: load every page)",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Open => "open: an alert's viewer, else the item's JSON",
            Action::Back => "go back / close",
            Action::Refresh => "refresh",
            Action::Help => "show or hide this help",
            Action::Command => "command line (:token, :account, :<kind>)",
            Action::TokenStatus => "token status",
            Action::Accounts => "accounts: list, switch, add, edit, remove",
            Action::Add => "add an account",
            Action::Edit => "edit the selected account",
            Action::Remove => "remove the selected account (asks first)",
            Action::SetDefault => "make the selected account the default",
            Action::Import => "import accounts from ~/.wavefront",
            Action::Filter => "filter rows (fzf/regex); enter applies, esc clears",
            Action::SortNext => "sort: next column / direction",
            Action::SortPrev => "sort: previous column / direction",
            Action::PauseRefresh => "pause / resume auto-refresh",
            Action::Collapse => "fold, or go to the parent",
            Action::Expand => "unfold, or step into",
            Action::ToggleFold => "fold / unfold",
            Action::FoldAll => "fold everything",
            Action::UnfoldAll => "unfold everything",
            Action::FoldLevel => "fold one level",
            Action::UnfoldLevel => "unfold one level",
            Action::Search => "search keys and values",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::Wrap => "wrap long strings",
            Action::ShowWhole => "show the string whole, unescaped",
            Action::CopyValue => "copy the value",
            Action::CopyPath => "copy the jq path",
            Action::CopyValueLine => "copy the value on one line (minified)",
            Action::CopyString => "copy the string itself (no quotes, unescaped)",
            Action::CopyKey => "copy the key",
            Action::CopyBracketPath => "copy the path in brackets: [\"a\"][\"b c\"][0]",
            Action::CopyQueryPath => "copy a jq query for it in every element: .a[].b",
            Action::JqFilter => "jq filter (result opens as a new document; esc returns)",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Submit => "enter: apply; in a form, the next field, on the last one submit",
            Action::SubmitForm => "submit the form from any field",
            Action::ShowAutoRefresh => "show / hide the auto-refresh requests",
            Action::ToggleSecretsFile => "keep secrets in a 0600 file (where no keyring works)",
            Action::ToggleMouse => "mouse on / off (wheel scrolls, click selects)",
            Action::Actions => "actions on the selected or marked rows",
            Action::ToggleMark => "mark / unmark the row for a bulk action",
            Action::MarkAll => "mark every row in the filter",
            Action::ClearMarks => "clear the marks",
            Action::CopyCurl => "copy the request as curl (no token in it)",
            Action::Confirm => "run it",
            Action::RetryFailed => "retry what failed",
            Action::ColumnNext => "choose the next column (to resize)",
            Action::ColumnPrev => "choose the previous column (to resize)",
            Action::WidenColumn => "widen the chosen column",
            Action::NarrowColumn => "narrow the chosen column",
            Action::ResetColumns => "default column widths",
            Action::RecallPrev => "earlier filter",
            Action::RecallNext => "later filter",
            Action::ToggleRegex => "filter: regex ⇄ fzf syntax",
            Action::Chart => "chart the alert's expression",
            Action::Window1h => "window: last hour",
            Action::Window6h => "window: last 6 hours",
            Action::Window1d => "window: last day",
            Action::Window1w => "window: last week",
            Action::CycleGranularity => "granularity: s → m → h → d",
            Action::ToggleNumbers => "chart ⇄ numbers",
            Action::NextExpression => "chart the other expression (condition ⇄ display)",
            Action::ColumnLeft => "time cursor left (numbers: previous series)",
            Action::ColumnRight => "time cursor right (numbers: next series)",
            Action::ToggleUtc => "times in UTC ⇄ in the chosen zone",
            Action::TypeWindow => "window: type one (3h, 2d, 2027-01-15 09:00..12:00)",
            Action::EditQuery => "edit the query (enter reruns it)",
            Action::Inspect => "open the selected item's JSON",
            Action::PrevFiring => "the earlier firing",
            Action::NextFiring => "the later firing",
            Action::NextPane => "next pane (affected, related, runbook)",
            Action::PrevPane => "previous pane",
            Action::CycleEvents => "events: the chart's sources' → all in the window → none",
            Action::PrevEvent => "time cursor to the previous event",
            Action::NextEvent => "time cursor to the next event",
            Action::Firing => "the firing alerts, live (the console)",
            Action::EditItem => "edit the item's JSON in $EDITOR (diff, then y)",
            Action::NewItem => "new item from a template, in $EDITOR",
            Action::CloneItem => "clone the item (a copy to create)",
            Action::DeleteItem => "delete the item (asks first, naming it)",
            Action::History => "versions of the item: diff, revert, copy",
            Action::Revert => "revert the item to this version (its diff and a yes first)",
            Action::CopyVersion => "a new item from this version (asks first)",
            Action::Restore => "restore from the trash (:trash; asks first)",
            Action::DiffVersion => "diff with the version before (two marked: with each other)",
            Action::Promote => "promote to another account (a diff, then y)",
            Action::NextSection => "dashboard: the next section",
            Action::PrevSection => "dashboard: the previous section",
            Action::ZoomPanel => "dashboard: the panel on the whole screen",
            Action::ToggleFavorite => "dashboard: favourite it, or no longer",
            Action::NextVariable => "dashboard: the next variable of the bar",
            Action::NextChoice => "dashboard: the variable's next choice",
            Action::PrevChoice => "dashboard: the variable's previous choice",
            Action::TypeVariable => "dashboard: type the variable's value (:var)",
            Action::PickVariable => "dashboard: pick the variable's values",
            Action::ScrollPanelDown => "dashboard: scroll the table panel down",
            Action::ScrollPanelUp => "dashboard: scroll the table panel up",
        }
    }

    /// A short word for the footer.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Up | Action::Down => "move",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp | Action::PageDown => "page",
            Action::Open => "open",
            Action::Back => "back",
            Action::Refresh => "refresh",
            Action::Help => "help",
            Action::Command => "command",
            Action::TokenStatus => "token",
            Action::Accounts => "accounts",
            Action::Add => "add",
            Action::Edit => "edit",
            Action::Remove => "remove",
            Action::SetDefault => "default",
            Action::Import => "import",
            Action::Filter => "filter",
            Action::SortNext | Action::SortPrev => "sort",
            Action::PauseRefresh => "pause",
            Action::Collapse | Action::Expand | Action::ToggleFold => "fold",
            Action::FoldAll | Action::UnfoldAll | Action::FoldLevel | Action::UnfoldLevel => {
                "fold all"
            }
            Action::Search => "search",
            Action::NextMatch | Action::PrevMatch => "next",
            Action::Wrap => "wrap",
            Action::ShowWhole => "whole",
            Action::CopyValue => "copy",
            Action::CopyPath => "path",
            Action::CopyValueLine => "one line",
            Action::CopyString => "string",
            Action::CopyKey => "key",
            Action::CopyBracketPath => "brackets",
            Action::CopyQueryPath => "jq query",
            Action::JqFilter => "jq",
            Action::NextField => "next",
            Action::PrevField => "previous",
            Action::Submit => "test and save",
            Action::SubmitForm => "submit",
            Action::ShowAutoRefresh => "auto-refresh",
            Action::ToggleSecretsFile => "secrets file",
            Action::ToggleMouse => "mouse",
            Action::Actions => "actions",
            Action::ToggleMark => "mark",
            Action::MarkAll => "mark all",
            Action::ClearMarks => "unmark",
            Action::CopyCurl => "curl",
            Action::Confirm => "run",
            Action::RetryFailed => "retry failed",
            Action::ColumnNext | Action::ColumnPrev => "column",
            Action::WidenColumn | Action::NarrowColumn | Action::ResetColumns => "width",
            Action::RecallPrev | Action::RecallNext => "recall",
            Action::ToggleRegex => "regex",
            Action::Chart => "chart",
            Action::Window1h | Action::Window6h | Action::Window1d | Action::Window1w => "window",
            Action::CycleGranularity => "granularity",
            Action::ToggleNumbers => "numbers",
            Action::NextExpression => "expression",
            Action::ColumnLeft | Action::ColumnRight => "cursor",
            Action::ToggleUtc => "UTC",
            Action::TypeWindow => "range",
            Action::EditQuery => "edit",
            Action::Inspect => "json",
            Action::PrevFiring => "earlier",
            Action::NextFiring => "later",
            Action::NextPane | Action::PrevPane => "pane",
            Action::CycleEvents => "events",
            Action::PrevEvent | Action::NextEvent => "event",
            Action::Firing => "firing",
            Action::EditItem => "edit",
            Action::NewItem => "new",
            Action::CloneItem => "clone",
            Action::DeleteItem => "delete",
            Action::History => "versions",
            Action::Revert => "revert",
            Action::CopyVersion => "copy",
            Action::Restore => "restore",
            Action::DiffVersion => "diff",
            Action::Promote => "promote",
            Action::NextSection | Action::PrevSection => "section",
            Action::ZoomPanel => "zoom",
            Action::ToggleFavorite => "favourite",
            Action::NextVariable => "variable",
            Action::NextChoice | Action::PrevChoice => "choice",
            Action::TypeVariable => "type value",
            Action::PickVariable => "pick values",
            Action::ScrollPanelDown | Action::ScrollPanelUp => "scroll table",
        }
    }
}

impl Action {
    /// Every action, in the order of the help overlay's vocabulary (the settings file's names).
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Back,
        Action::Refresh,
        Action::Help,
        Action::Command,
        Action::TokenStatus,
        Action::Accounts,
        Action::Add,
        Action::Edit,
        Action::Remove,
        Action::SetDefault,
        Action::Import,
        Action::Filter,
        Action::SortNext,
        Action::SortPrev,
        Action::PauseRefresh,
        Action::NextField,
        Action::PrevField,
        Action::Submit,
        Action::ToggleSecretsFile,
        Action::Collapse,
        Action::Expand,
        Action::ToggleFold,
        Action::FoldAll,
        Action::UnfoldAll,
        Action::FoldLevel,
        Action::UnfoldLevel,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::Wrap,
        Action::ShowWhole,
        Action::CopyValue,
        Action::CopyPath,
        Action::CopyValueLine,
        Action::CopyString,
        Action::CopyKey,
        Action::CopyBracketPath,
        Action::CopyQueryPath,
        Action::JqFilter,
        Action::ToggleMouse,
        Action::Actions,
        Action::ToggleMark,
        Action::MarkAll,
        Action::ClearMarks,
        Action::CopyCurl,
        Action::Confirm,
        Action::RetryFailed,
        Action::ColumnNext,
        Action::ColumnPrev,
        Action::WidenColumn,
        Action::NarrowColumn,
        Action::ResetColumns,
        Action::RecallPrev,
        Action::RecallNext,
        Action::ToggleRegex,
        Action::Chart,
        Action::Window1h,
        Action::Window6h,
        Action::Window1d,
        Action::Window1w,
        Action::CycleGranularity,
        Action::ToggleNumbers,
        Action::NextExpression,
        Action::ColumnLeft,
        Action::ColumnRight,
        Action::SubmitForm,
        Action::ShowAutoRefresh,
        Action::ToggleUtc,
        Action::TypeWindow,
        Action::EditQuery,
        Action::Inspect,
        Action::PrevFiring,
        Action::NextFiring,
        Action::NextPane,
        Action::PrevPane,
        Action::CycleEvents,
        Action::PrevEvent,
        Action::NextEvent,
        Action::Firing,
        Action::EditItem,
        Action::NewItem,
        Action::CloneItem,
        Action::DeleteItem,
        Action::History,
        Action::Revert,
        Action::CopyVersion,
        Action::Restore,
        Action::DiffVersion,
        Action::Promote,
        Action::NextSection,
        Action::PrevSection,
        Action::ZoomPanel,
        Action::ToggleFavorite,
        Action::NextVariable,
        Action::NextChoice,
        Action::PrevChoice,
        Action::TypeVariable,
        Action::PickVariable,
        Action::ScrollPanelDown,
        Action::ScrollPanelUp,
    ];

    /// The settings file's name of the action (its serde name).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// Actions that destroy something: they must ask before they act, whatever key they sit on.
    pub fn is_destructive(self) -> bool {
        matches!(self, Action::Remove)
    }
}
