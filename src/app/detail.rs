//! A detail view: one item's JSON, pretty-printed once, scrolled line by line.

use serde_json::Value;

use crate::api::ApiError;
use crate::text::sanitize;
use crate::worker::RequestId;

use super::layout::step;

#[derive(Debug)]
pub struct DetailView {
    pub title: String,
    pub path: String,
    pub loading: Option<RequestId>,
    pub lines: Vec<String>,
    pub scroll: usize,
    pub error: Option<String>,
}

impl DetailView {
    pub fn loading(title: String, path: String, id: RequestId) -> Self {
        Self {
            title,
            path,
            loading: Some(id),
            lines: Vec::new(),
            scroll: 0,
            error: None,
        }
    }

    /// A view of JSON already at hand (an item of a kind without a detail endpoint).
    pub fn ready(title: String, path: String, value: &Value) -> Self {
        let mut view = Self::loading(title, path, 0);
        view.loading = None;
        view.set_value(value);
        view
    }

    pub fn receive(&mut self, id: RequestId, result: Result<Value, ApiError>) -> bool {
        if self.loading != Some(id) {
            return false;
        }
        self.loading = None;
        match result {
            Ok(value) => self.set_value(&value),
            Err(e) => self.error = Some(e.to_string()),
        }
        true
    }

    fn set_value(&mut self, value: &Value) {
        let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
        // Made safe once here, so drawing never sees raw server text.
        self.lines = pretty.lines().map(|l| sanitize(l).into_owned()).collect();
    }

    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let max_start = self.lines.len().saturating_sub(height) + 1;
        self.scroll = step(self.scroll, delta, max_start);
    }

    pub fn scroll_to_end(&mut self, height: usize) {
        self.scroll = self.lines.len().saturating_sub(height);
    }
}
