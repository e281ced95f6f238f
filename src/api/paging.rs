//! Paged collections: offset/limit and cursor paging (FACTS §2.2).

use std::collections::{HashSet, VecDeque};

use serde_json::Value;

/// How a collection pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `offset` + `limit` query parameters (default 0 / 100).
    Offset,
    /// `cursor` (the id to continue from) + `limit`.
    Cursor,
    /// One response holds everything, in an envelope or as a bare array.
    None,
}

/// Which page to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub offset: u64,
    pub cursor: Option<String>,
    pub limit: u32,
    /// When the listing this page belongs to began: a kind's time window (events of the last
    /// day) is computed from it, so every page of one listing asks for the same window. `None`
    /// for a first page; the fetch sets it, and the next page carries it.
    pub listed_at_ms: Option<i64>,
}

impl PageRequest {
    pub fn first(limit: u32) -> Self {
        Self {
            offset: 0,
            cursor: None,
            limit,
            listed_at_ms: None,
        }
    }

    /// Query parameters for this page in the given paging style.
    pub fn query(&self, paging: Paging) -> Vec<(&'static str, String)> {
        match paging {
            Paging::Offset => vec![
                ("offset", self.offset.to_string()),
                ("limit", self.limit.to_string()),
            ],
            Paging::Cursor => {
                let mut q = vec![("limit", self.limit.to_string())];
                if let Some(c) = &self.cursor {
                    q.push(("cursor", c.clone()));
                }
                q
            }
            Paging::None => Vec::new(),
        }
    }
}

/// One page of a collection, whatever shape it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Value>,
    pub offset: u64,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// The server's estimate: a lower bound of the total, not an exact count.
    pub total_items: Option<u64>,
    pub more_items: bool,
    /// Each item's JSON text exactly as the server sent it, in step with `items`, when it
    /// could be located (what `get -o json` prints: a decoded number may be respelled,
    /// `1e400` as `1e+400`). `None` once the items were changed after decoding.
    pub raw_items: Option<Vec<Vec<u8>>>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("expected a page of items, got {0}")]
pub struct PageShapeError(pub &'static str);

impl Page {
    /// Reads a `Paged<X>` object, or a bare array (an unpaged list) as a single last page.
    pub fn from_response(value: Value) -> Result<Page, PageShapeError> {
        match value {
            Value::Array(items) => Ok(Page {
                total_items: Some(items.len() as u64),
                items,
                offset: 0,
                limit: None,
                cursor: None,
                more_items: false,
                raw_items: None,
            }),
            Value::Object(mut map) => {
                let items = match map.remove("items") {
                    Some(Value::Array(items)) => items,
                    Some(Value::Null) | None => Vec::new(),
                    Some(_) => return Err(PageShapeError("`items` that is not an array")),
                };
                let num = |v: Option<&Value>| v.and_then(Value::as_u64);
                Ok(Page {
                    offset: num(map.get("offset")).unwrap_or(0),
                    limit: num(map.get("limit")).and_then(|l| u32::try_from(l).ok()),
                    cursor: map.get("cursor").and_then(cursor_text),
                    total_items: num(map.get("totalItems")),
                    more_items: map
                        .get("moreItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    items,
                    raw_items: None,
                })
            }
            Value::Null => Err(PageShapeError("nothing")),
            _ => Err(PageShapeError("a single value")),
        }
    }

    /// The request for the page after this one, or `None` when this is the last.
    ///
    /// Offset paging continues at what was asked plus the items received: never at the offset
    /// the server echoes (absent, stale or negative on some servers, which looped forever), and
    /// not at asked + limit, which would skip items when a server caps the window (asked 5000,
    /// sent 1000). A server that sends fewer because it filters a window costs an overlap, whose
    /// duplicates [`PageGuard`] drops. Cursor paging continues at the response's `cursor`,
    /// falling back to the last item's id. A next request that would not move forward ends
    /// paging only through [`PageGuard`], which every loop over pages must use.
    pub fn next(
        &self,
        paging: Paging,
        asked: &PageRequest,
        id_pointer: &str,
    ) -> Option<PageRequest> {
        if !self.more_items {
            return None;
        }
        match paging {
            Paging::None => None,
            // An empty page asks for the same offset again: [`PageGuard`] stops that.
            Paging::Offset => Some(PageRequest {
                offset: asked.offset + self.items.len() as u64,
                cursor: None,
                limit: asked.limit,
                listed_at_ms: asked.listed_at_ms,
            }),
            Paging::Cursor => {
                let cursor = self.cursor.clone().or_else(|| {
                    self.items
                        .last()
                        .and_then(|item| item.pointer(id_pointer))
                        .and_then(cursor_text)
                })?;
                // A cursor that does not move is still returned: [`PageGuard`] names it.
                Some(PageRequest {
                    offset: asked.offset + self.items.len() as u64,
                    cursor: Some(cursor),
                    limit: asked.limit,
                    listed_at_ms: asked.listed_at_ms,
                })
            }
        }
    }
}

/// Pages one listing may take at most: 10 million items at 1000 a page, far beyond any real
/// collection, and still an end for a server that never says it is done.
pub const MAX_PAGES: u64 = 10_000;

/// Why paging stopped although the server said there was more.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    #[error("the server sent a page with no new items ({at})")]
    NoNewItems { at: String },
    #[error("the server sent cursor {cursor} again")]
    CursorAgain { cursor: String },
    #[error("stopped after {pages} pages")]
    PageLimit { pages: u64 },
}

/// What a listing remembers to make sure its paging ends, whatever the server answers: the
/// ids of the last two pages (an item seen there is dropped; a page of nothing else stops),
/// every cursor asked, and the number of pages. The CLI and the TUI share it.
///
/// Only two pages of ids are kept, so memory stays flat for any size: overlaps come from
/// windows shifting by a few items; a server that repeats older pages still hits the
/// page limit.
#[derive(Debug, Default, Clone)]
pub struct PageGuard {
    recent: VecDeque<HashSet<String>>,
    cursors: HashSet<String>,
    pages: u64,
}

/// One page judged by [`PageGuard::check`].
#[derive(Debug, PartialEq)]
pub struct Verdict {
    /// Per item: whether it is new to this listing (false: a duplicate to drop).
    pub new: Vec<bool>,
    /// The page to ask for next (`Ok(None)`: the server said this was the last).
    pub next: Result<Option<PageRequest>, Stopped>,
}

impl PageGuard {
    /// Judges the page answering `asked`: `ids` are its items' ids in order (`None` for an item
    /// without one, always new), `next` what [`Page::next`] proposes.
    pub fn check<'a>(
        &mut self,
        asked: &PageRequest,
        ids: impl IntoIterator<Item = Option<&'a str>>,
        next: Option<PageRequest>,
    ) -> Verdict {
        self.pages += 1;
        if let Some(c) = &asked.cursor {
            self.cursors.insert(c.clone());
        }
        let mut this_page = HashSet::new();
        let new: Vec<bool> = ids
            .into_iter()
            .map(|id| match id {
                None => true,
                Some(id) => {
                    !self.recent.iter().any(|page| page.contains(id))
                        && this_page.insert(id.to_string())
                }
            })
            .collect();
        if self.recent.len() == 2 {
            self.recent.pop_front();
        }
        self.recent.push_back(this_page);
        let Some(next) = next else {
            return Verdict {
                new,
                next: Ok(None),
            };
        };
        let stop = if let Some(c) = next.cursor.as_ref().filter(|c| self.cursors.contains(*c)) {
            Some(Stopped::CursorAgain { cursor: c.clone() })
        } else if !new.contains(&true) {
            let at = match &asked.cursor {
                Some(c) => format!("cursor {c}"),
                None => format!("offset {}", asked.offset),
            };
            Some(Stopped::NoNewItems { at })
        } else if self.pages >= MAX_PAGES {
            Some(Stopped::PageLimit { pages: self.pages })
        } else {
            None
        };
        Verdict {
            new,
            next: stop.map_or(Ok(Some(next)), Err),
        }
    }
}

fn cursor_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(v: Value) -> Page {
        Page::from_response(v).unwrap()
    }

    #[test]
    fn reads_a_paged_object() {
        let p = page(json!({"items":[{"id":"a"},{"id":"b"}],"offset":0,"limit":2,
            "totalItems":5,"moreItems":true}));
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.total_items, Some(5));
        assert!(p.more_items);
        assert_eq!(p.limit, Some(2));
    }

    #[test]
    fn bare_array_is_one_last_page() {
        let p = page(json!([{"id":"a"}]));
        assert!(!p.more_items);
        assert_eq!(
            p.next(Paging::Offset, &PageRequest::first(100), "/id"),
            None
        );
    }

    #[test]
    fn null_items_is_empty_and_bad_shapes_are_errors() {
        assert!(page(json!({"items":null})).items.is_empty());
        assert!(Page::from_response(json!({"items":{}})).is_err());
        assert!(Page::from_response(json!("x")).is_err());
    }

    #[test]
    fn offset_next_page() {
        let asked = PageRequest::first(2);
        let p = page(json!({"items":[{},{}],"offset":0,"limit":2,"moreItems":true}));
        let next = p.next(Paging::Offset, &asked, "/id").unwrap();
        assert_eq!(next.offset, 2);
        assert_eq!(
            next.query(Paging::Offset),
            vec![("offset", "2".into()), ("limit", "2".into())]
        );
        let last = page(json!({"items":[{}],"offset":2,"limit":2,"moreItems":false}));
        assert_eq!(last.next(Paging::Offset, &next, "/id"), None);
    }

    #[test]
    fn offset_paging_follows_a_server_capped_limit() {
        // Asked for 5000, the server capped the window at 1000: continue at 1000, skip nothing.
        let asked = PageRequest::first(5000);
        let items = vec![json!({}); 1000];
        let p = page(json!({"items":items,"offset":0,"limit":1000,"moreItems":true}));
        assert_eq!(p.next(Paging::Offset, &asked, "/id").unwrap().offset, 1000);
    }

    #[test]
    fn cursor_next_page_uses_cursor_then_last_id() {
        let asked = PageRequest::first(2);
        let p = page(json!({"items":[{"id":"a"},{"id":"b"}],"cursor":"b","moreItems":true}));
        let next = p.next(Paging::Cursor, &asked, "/id").unwrap();
        assert_eq!(next.cursor.as_deref(), Some("b"));
        assert_eq!(
            next.query(Paging::Cursor),
            vec![("limit", "2".into()), ("cursor", "b".into())]
        );
        let no_cursor = page(json!({"items":[{"id":"c"},{"id":"d"}],"moreItems":true}));
        assert_eq!(
            no_cursor
                .next(Paging::Cursor, &next, "/id")
                .unwrap()
                .cursor
                .as_deref(),
            Some("d")
        );
    }

    /// Judges `page` (asked with `asked`) with `guard`, as the listings do.
    fn judge(guard: &mut PageGuard, asked: &PageRequest, p: &Page, paging: Paging) -> Verdict {
        let next = p.next(paging, asked, "/id");
        guard.check(
            asked,
            p.items.iter().map(|i| i.get("id").and_then(Value::as_str)),
            next,
        )
    }

    #[test]
    fn cursor_that_does_not_move_ends_paging() {
        let asked = PageRequest {
            offset: 2,
            cursor: Some("b".into()),
            limit: 2,
            listed_at_ms: None,
        };
        let p = page(json!({"items":[{"id":"c"}],"cursor":"b","moreItems":true}));
        let v = judge(&mut PageGuard::default(), &asked, &p, Paging::Cursor);
        assert_eq!(v.next, Err(Stopped::CursorAgain { cursor: "b".into() }));
        assert_eq!(v.new, vec![true], "the new item still counts");
    }

    #[test]
    fn the_next_offset_follows_what_was_asked_not_the_echo() {
        let asked = PageRequest {
            offset: 300,
            cursor: None,
            limit: 100,
            listed_at_ms: None,
        };
        let items = vec![json!({}); 100];
        for echo in [json!(null), json!(0), json!(-5), json!(100)] {
            let p = page(json!({"items":items,"offset":echo,"limit":100,"moreItems":true}));
            let next = p.next(Paging::Offset, &asked, "/id").unwrap();
            assert_eq!(next.offset, 400, "echo {echo}");
        }
        // Fewer than asked (a capped window): continue after what came, skip nothing.
        let few = page(json!({"items":vec![json!({}); 30],"offset":300,"moreItems":true}));
        assert_eq!(few.next(Paging::Offset, &asked, "/id").unwrap().offset, 330);
    }

    #[test]
    fn a_cursor_loop_over_several_pages_ends() {
        // A → B → A: the second A is caught although it differs from the cursor just asked.
        let mut guard = PageGuard::default();
        let first = PageRequest::first(2);
        let p1 = page(json!({"items":[{"id":"1"},{"id":"2"}],"cursor":"A","moreItems":true}));
        let v1 = judge(&mut guard, &first, &p1, Paging::Cursor);
        let a = v1.next.unwrap().unwrap();
        let p2 = page(json!({"items":[{"id":"3"},{"id":"4"}],"cursor":"B","moreItems":true}));
        let b = judge(&mut guard, &a, &p2, Paging::Cursor)
            .next
            .unwrap()
            .unwrap();
        let p3 = page(json!({"items":[{"id":"5"}],"cursor":"A","moreItems":true}));
        let v3 = judge(&mut guard, &b, &p3, Paging::Cursor);
        assert_eq!(v3.next, Err(Stopped::CursorAgain { cursor: "A".into() }));
        assert_eq!(
            v3.next.unwrap_err().to_string(),
            "the server sent cursor A again"
        );
    }

    #[test]
    fn a_page_of_nothing_new_ends_paging_and_duplicates_are_marked() {
        let mut guard = PageGuard::default();
        let asked = PageRequest::first(2);
        let p1 = page(json!({"items":[{"id":"a"},{"id":"b"}],"moreItems":true}));
        let next = judge(&mut guard, &asked, &p1, Paging::Offset)
            .next
            .unwrap()
            .unwrap();
        // Overlap: b again, c new, c twice on the page.
        let p2 = page(json!({"items":[{"id":"b"},{"id":"c"},{"id":"c"}],"moreItems":true}));
        let v2 = judge(&mut guard, &next, &p2, Paging::Offset);
        assert_eq!(v2.new, vec![false, true, false]);
        let next = v2.next.unwrap().unwrap();
        assert_eq!(next.offset, 5);
        // A server that ignores the offset sends the same items again.
        let v3 = judge(&mut guard, &next, &p2, Paging::Offset);
        assert_eq!(
            v3.next.unwrap_err().to_string(),
            "the server sent a page with no new items (offset 5)"
        );
        // An empty page that claims more.
        let empty = page(json!({"items":[],"moreItems":true,"totalItems":1_000_000_000u64}));
        let v = judge(&mut PageGuard::default(), &asked, &empty, Paging::Offset);
        assert!(matches!(v.next, Err(Stopped::NoNewItems { .. })));
        // The last page ends without a reason, whatever it holds.
        let last = page(json!({"items":[{"id":"a"}],"moreItems":false}));
        let v = judge(&mut guard, &asked, &last, Paging::Offset);
        assert_eq!(v.next, Ok(None));
    }

    #[test]
    fn paging_ends_at_the_page_limit() {
        let mut guard = PageGuard::default();
        let mut asked = PageRequest::first(1);
        let mut stopped = None;
        for i in 0..MAX_PAGES + 5 {
            let p = page(json!({"items":[{"id": i.to_string()}],"moreItems":true}));
            match judge(&mut guard, &asked, &p, Paging::Offset).next {
                Ok(Some(next)) => asked = next,
                other => {
                    stopped = Some((i + 1, other));
                    break;
                }
            }
        }
        assert_eq!(
            stopped,
            Some((MAX_PAGES, Err(Stopped::PageLimit { pages: MAX_PAGES })))
        );
    }
}
