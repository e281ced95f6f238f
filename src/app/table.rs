//! A resource table: the rows loaded so far, paging, selection and scroll.

use crate::api::catalog::Row;
use crate::api::{ApiError, Kind, PageRequest};
use crate::worker::{Command, LoadedPage, RequestId};

use super::layout::{scroll_to, step};

/// Start loading the next page when the selection is this close to the last loaded row.
const PREFETCH_MARGIN: usize = 20;

#[derive(Debug)]
pub struct TableView {
    pub kind: &'static Kind,
    pub rows: Vec<Row>,
    /// The server's lower-bound estimate of all items.
    pub total: Option<u64>,
    /// The page after the last one loaded; `None` once everything is here.
    pub next: Option<PageRequest>,
    /// The page being fetched, if any.
    pub loading: Option<Pending>,
    pub selected: usize,
    pub offset: usize,
    pub error: Option<String>,
    pub loaded_at_ms: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Pending {
    pub id: RequestId,
    /// A reload from the first page: replaces the rows when it lands.
    pub reload: bool,
    /// The id of the row selected when a reload started, to select it again.
    pub keep_selected: Option<String>,
}

impl TableView {
    pub fn new(kind: &'static Kind) -> Self {
        Self {
            kind,
            rows: Vec::new(),
            total: None,
            next: None,
            loading: None,
            selected: 0,
            offset: 0,
            error: None,
            loaded_at_ms: None,
        }
    }

    /// Starts (or restarts) loading from the first page, keeping the selected item if it stays.
    pub fn reload(&mut self, id: RequestId) -> Vec<Command> {
        let mut commands = self.cancel();
        let limit =
            (self.rows.len() as u32).clamp(self.kind.page_size, 1000.max(self.kind.page_size));
        self.loading = Some(Pending {
            id,
            reload: true,
            keep_selected: self.selected_row().and_then(|r| r.id.clone()),
        });
        self.error = None;
        commands.push(Command::FetchPage {
            id,
            kind: self.kind,
            page: PageRequest::first(limit),
        });
        commands
    }

    /// Cancels the page in flight.
    pub fn cancel(&mut self) -> Vec<Command> {
        self.loading
            .take()
            .map(|p| vec![Command::Cancel(p.id)])
            .unwrap_or_default()
    }

    /// Whether the next page should be fetched now: near the end, more to come, none in flight.
    pub fn wants_more(&self, height: usize) -> bool {
        self.loading.is_none()
            && self.error.is_none()
            && self.next.is_some()
            && self.selected + PREFETCH_MARGIN.max(height) >= self.rows.len()
    }

    pub fn fetch_more(&mut self, id: RequestId) -> Vec<Command> {
        let Some(page) = self.next.clone() else {
            return Vec::new();
        };
        self.loading = Some(Pending {
            id,
            reload: false,
            keep_selected: None,
        });
        vec![Command::FetchPage {
            id,
            kind: self.kind,
            page,
        }]
    }

    /// Takes a page the worker loaded. Returns false when it was not the one awaited (stale).
    pub fn receive(
        &mut self,
        id: RequestId,
        result: Result<LoadedPage, ApiError>,
        now_ms: i64,
        height: usize,
    ) -> bool {
        let Some(pending) = self.loading.take_if(|p| p.id == id) else {
            return false;
        };
        match result {
            Ok(page) => {
                if pending.reload {
                    self.rows = page.rows;
                    self.selected = pending
                        .keep_selected
                        .and_then(|keep| {
                            self.rows
                                .iter()
                                .position(|r| r.id.as_deref() == Some(&keep))
                        })
                        .unwrap_or(self.selected);
                } else {
                    // Offset windows can shift while paging; never show an item twice.
                    let seen: std::collections::HashSet<&str> =
                        self.rows.iter().filter_map(|r| r.id.as_deref()).collect();
                    let fresh: Vec<Row> = page
                        .rows
                        .into_iter()
                        .filter(|r| r.id.as_deref().is_none_or(|id| !seen.contains(id)))
                        .collect();
                    self.rows.extend(fresh);
                }
                self.next = page.next;
                self.total = page.total_items;
                self.loaded_at_ms = Some(now_ms);
                self.error = None;
            }
            Err(e) => {
                tracing::warn!(kind = self.kind.name, error = %e, "page failed");
                self.error = Some(e.to_string());
            }
        }
        self.clamp(height);
        true
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.selected = step(self.selected, delta, self.rows.len());
        self.offset = scroll_to(self.offset, self.selected, height);
    }

    pub fn move_to(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.rows.len().saturating_sub(1));
        self.offset = scroll_to(self.offset, self.selected, height);
    }

    /// Keeps selection and scroll valid after rows or the window height changed.
    pub fn clamp(&mut self, height: usize) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = scroll_to(self.offset.min(max_offset), self.selected, height);
    }

    /// "41", "100 of ≥2,300" (the server's total is a lower bound), or "…" before any page.
    pub fn count_label(&self) -> String {
        let loaded = self.rows.len();
        match (self.total, &self.next) {
            (_, None) if self.loaded_at_ms.is_some() => loaded.to_string(),
            (Some(total), Some(_)) if total as usize > loaded => {
                format!("{loaded} of ≥{total}")
            }
            (_, Some(_)) => format!("{loaded} of more"),
            _ => "…".to_string(),
        }
    }
}
