//! Paged collections: offset/limit and cursor paging (FACTS §2.2).

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
                })
            }
            Value::Null => Err(PageShapeError("nothing")),
            _ => Err(PageShapeError("a single value")),
        }
    }

    /// The request for the page after this one, or `None` when this is the last.
    ///
    /// Offset paging continues at `offset + limit` (the server's window, falling back to what
    /// was asked); cursor paging at the response's `cursor`, falling back to the last item's id.
    /// A next request that would not move forward ends paging instead of looping.
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
            Paging::Offset => {
                let window = self.limit.unwrap_or(asked.limit).max(1) as u64;
                let step = window.max(self.items.len() as u64);
                Some(PageRequest {
                    offset: self.offset + step,
                    cursor: None,
                    limit: asked.limit,
                    listed_at_ms: asked.listed_at_ms,
                })
            }
            Paging::Cursor => {
                let cursor = self.cursor.clone().or_else(|| {
                    self.items
                        .last()
                        .and_then(|item| item.pointer(id_pointer))
                        .and_then(cursor_text)
                })?;
                (asked.cursor.as_deref() != Some(cursor.as_str())).then(|| PageRequest {
                    offset: asked.offset + self.items.len() as u64,
                    cursor: Some(cursor),
                    limit: asked.limit,
                    listed_at_ms: asked.listed_at_ms,
                })
            }
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

    #[test]
    fn cursor_that_does_not_move_ends_paging() {
        let asked = PageRequest {
            offset: 2,
            cursor: Some("b".into()),
            limit: 2,
            listed_at_ms: None,
        };
        let p = page(json!({"items":[{"id":"b"}],"cursor":"b","moreItems":true}));
        assert_eq!(p.next(Paging::Cursor, &asked, "/id"), None);
    }
}
