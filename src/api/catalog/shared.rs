//! Cell texts shared between rows: a tag set, a description, a state that a thousand rows
//! show is held once (issue #23: a million sources in half their JSON).
//!
//! One process-wide set of the texts handed out, behind a lock taken once a row. Texts no row
//! holds any more are dropped from it when it has doubled since it was last swept, so a list
//! left or reloaded frees what it alone held.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::Text;

/// Longer texts are rarely repeated: they are not looked up.
const LONGEST: usize = 256;
/// The set is not swept while it is smaller than this.
const SWEEP_FROM: usize = 4096;

#[derive(Default)]
struct Texts {
    set: HashSet<Text>,
    /// The set's size after the last sweep.
    kept: usize,
}

static TEXTS: Mutex<Option<Texts>> = Mutex::new(None);

/// Hands out shared texts for the cells of one row (the lock taken once, held until dropped).
pub struct Sharer {
    texts: std::sync::MutexGuard<'static, Option<Texts>>,
}

/// A [`Sharer`] for one row's cells.
pub fn sharer() -> Sharer {
    Sharer {
        texts: TEXTS.lock().unwrap_or_else(PoisonError::into_inner),
    }
}

impl Sharer {
    /// `text` as a shared text: the one already handed out when it is the same.
    #[cfg(test)]
    pub fn text(&mut self, text: &str) -> Text {
        self.share(text.into())
    }

    /// `text`, or the text already handed out that is the same (then `text` is dropped).
    pub fn share(&mut self, text: Text) -> Text {
        if text.len() > LONGEST {
            return text;
        }
        let texts = self.texts.get_or_insert_with(Texts::default);
        if let Some(found) = texts.set.get(&*text) {
            return found.clone();
        }
        if texts.set.len() >= SWEEP_FROM.max(texts.kept * 2) {
            // Texts only the set holds: no row shows them any more.
            texts.set.retain(|t| Arc::strong_count(t) > 1);
            texts.set.shrink_to_fit();
            texts.kept = texts.set.len();
        }
        texts.set.insert(text.clone());
        text
    }
}

/// Whether the set holds `text` now.
#[cfg(test)]
pub(super) fn held(text: &str) -> bool {
    TEXTS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .is_some_and(|t| t.set.contains(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_held_once() {
        let a = sharer().text("role.web,region.eu-shared-test");
        let b = sharer().text("role.web,region.eu-shared-test");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*a, "role.web,region.eu-shared-test");
        let long = "x".repeat(LONGEST + 1);
        // One sharer at a time: each holds the lock until dropped.
        let c = sharer().text(&long);
        let d = sharer().text(&long);
        assert!(!Arc::ptr_eq(&c, &d), "long texts are not looked up");
        assert!(!held(&long));
    }

    #[test]
    fn texts_no_row_holds_are_swept() {
        let gone = "a text only this test held, then dropped";
        drop(sharer().text(gone));
        // Distinct texts, held, until the set has swept (other tests share it).
        let mut kept: Vec<Text> = Vec::new();
        while held(gone) {
            kept.push(sharer().text(&format!("swept-test-{}", kept.len())));
            assert!(kept.len() < 1_000_000, "never swept");
        }
        assert!(kept.iter().all(|t| held(t)));
    }
}
