//! What a table's title says about its loading, and when that text changes by itself.

use super::TableView;
use crate::format::relative_time_changes_in;

/// The state of a table's rows, as its title shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<'a> {
    /// The last load failed over rows from before (the footer carries the reason).
    Failed,
    /// The page in flight waits to be tried again.
    Retrying(&'a str),
    /// `G`: every page, streaming.
    LoadingAll,
    /// The first rows are on their way.
    Loading,
    /// A reload runs under rows loaded at this time (epoch ms): the rows stay until it lands.
    Refreshing(i64),
    /// Paging stopped early, and why.
    Stopped(&'a str),
    /// Loaded at this time (epoch ms).
    Updated(i64),
    /// Nothing asked yet.
    Idle,
}

impl TableView {
    pub fn status(&self) -> Status<'_> {
        if self.error().is_some() && !self.rows.is_empty() {
            return Status::Failed;
        }
        if let Some(retry) = self.retrying() {
            return Status::Retrying(retry);
        }
        if self.load_all {
            return Status::LoadingAll;
        }
        if self.is_loading() {
            return match self.loaded_at_ms {
                Some(at) if self.pending.reload && !self.rows.is_empty() => Status::Refreshing(at),
                _ => Status::Loading,
            };
        }
        if let Some(why) = &self.stopped {
            return Status::Stopped(why);
        }
        self.loaded_at_ms.map_or(Status::Idle, Status::Updated)
    }

    /// When the title's text changes by itself: by the second while a page is awaited (the wait
    /// is counted), and when the age shown ("updated 5s ago") would read differently; never
    /// sooner, so an idle list does not redraw for nothing.
    pub fn title_changes_at(&self, now_ms: i64) -> Option<i64> {
        let age = match self.status() {
            Status::Refreshing(at) | Status::Updated(at) => {
                Some(now_ms + relative_time_changes_in(at, now_ms))
            }
            _ => None,
        };
        let wait = self.is_loading().then_some(now_ms + 1_000);
        age.into_iter().chain(wait).min()
    }
}
