//! The one place where a failure the worker reports becomes what the screen shows: the message
//! line ([`flash`], [`flash_in`]) or the text of a view whose load failed ([`in_view`]). The
//! errors stay typed up to here; a change to how errors are shown (a modal, a longer form, a
//! hint per kind of failure) starts and mostly ends in this file.

use crate::api::ApiError;
use crate::api::chart::ChartError;
use crate::auth::store::StoreError;
use crate::worker::mutate::MutationError;
use crate::worker::{DocumentError, Failure, LoginError};

use super::state::State;

/// A failure the screen can show.
pub trait Present: std::fmt::Display {
    /// The words on the message line.
    fn message(&self) -> String {
        self.to_string()
    }
    /// The words a view shows in place of what it could not load.
    fn view_message(&self) -> String {
        self.message()
    }
    /// Text that came with the failure (an answer that is not JSON), shown as plain lines.
    fn plain(&self) -> Option<&str> {
        None
    }
}

/// What a view shows for a failed load.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub message: String,
    /// The text to show as it is, line by line (sanitized), when there is any.
    pub plain: Option<Vec<String>>,
}

/// The most lines of a failure's text a view keeps.
const PLAIN_LINES: usize = 10_000;

/// A failure on the message line.
pub fn flash(state: &mut State, error: &dyn Present) {
    state.flash_error(error.message());
}

/// A failure on the message line, after what failed: "login to prod failed: …".
pub fn flash_in(state: &mut State, what: &str, error: &dyn Present) {
    state.flash_error(format!("{what}: {}", error.message()));
}

/// A failure in place of what a view could not load.
pub fn in_view(error: &dyn Present) -> Failed {
    Failed {
        message: error.view_message(),
        plain: error.plain().map(|text| {
            text.lines()
                .take(PLAIN_LINES)
                .map(|l| crate::text::sanitize(l).into_owned())
                .collect()
        }),
    }
}

impl Present for ApiError {
    fn view_message(&self) -> String {
        match self {
            ApiError::NotJson { reason, .. } => {
                format!("the answer is not JSON ({reason}); shown as text")
            }
            other => other.to_string(),
        }
    }
    fn plain(&self) -> Option<&str> {
        match self {
            ApiError::NotJson { body, .. } => Some(body),
            _ => None,
        }
    }
}

impl Present for DocumentError {
    fn plain(&self) -> Option<&str> {
        Some(self.text())
    }
}

impl Present for LoginError {}
impl Present for MutationError {}
impl Present for Failure {}
impl Present for ChartError {}
impl Present for StoreError {}

/// Words a status already carries (a refresh's failure in the token status, a paging stop):
/// they were put in words where the status is kept.
impl Present for String {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_that_is_not_json_is_shown_as_text_in_a_view() {
        let e = ApiError::NotJson {
            method: "GET",
            path: "/api/v2/alert/1".into(),
            reason: "expected value".into(),
            body: "<html>\nproxy\u{1b}[31m error".into(),
        };
        let shown = in_view(&e);
        assert_eq!(
            shown.message,
            "the answer is not JSON (expected value); shown as text"
        );
        let plain = shown.plain.unwrap();
        assert_eq!(plain.len(), 2);
        assert!(!plain[1].contains('\u{1b}'), "sanitized: {plain:?}");
        assert!(e.message().starts_with("GET /api/v2/alert/1: "));
    }

    #[test]
    fn the_message_line_names_what_failed() {
        let mut state = State::new("demo", (80, 24), 0);
        flash_in(
            &mut state,
            "login to prod failed",
            &LoginError::NoStoredSecret,
        );
        let flash = state.flash.unwrap();
        assert_eq!(
            flash.text,
            "login to prod failed: no secret is stored for this account: enter it"
        );
    }
}
