//! Any bytes: the index agrees with serde_json on what is JSON, never panics, and on a valid
//! document every node's path and every fold and move stay in bounds.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use wf_tui::app::inspector::Inspector;
use wf_tui::json::Doc;

fuzz_target!(|data: &[u8]| {
    let ours = Doc::parse(data.to_vec());
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    // What serde reads, the index reads; the index is more lenient only where it shows text
    // anyway (invalid UTF-8, lone surrogate escapes) or where serde cannot hold the value
    // (numbers beyond f64, which JSON allows), and keys serde_json reserves for itself.
    if theirs.is_ok() {
        assert!(
            ours.is_ok(),
            "rejects valid JSON: {:?}",
            String::from_utf8_lossy(data)
        );
    }
    if ours.is_ok() && theirs.is_err() {
        let reason = theirs
            .as_ref()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        let lenient = std::str::from_utf8(data).is_err()
            || data.windows(2).any(|w| w == b"\\u")
            || reason.contains("number out of range")
            // serde_json refuses its own private marker keys (`$serde_json::private::…`).
            || data.windows(20).any(|w| w == b"$serde_json::private");
        assert!(
            lenient,
            "accepts invalid JSON: {:?}",
            String::from_utf8_lossy(data)
        );
    }
    let Ok(doc) = ours else { return };
    let doc = Arc::new(doc);
    for i in 0..doc.len().min(500) {
        let _ = wf_tui::json::path::jq_path(&doc, i);
        let _ = doc.key(i);
        let _ = doc.raw_value(i);
    }
    let mut view = Inspector::with_doc("f".into(), String::new(), doc.clone());
    view.fold_all(true);
    view.unfold_level();
    view.to_bottom(20, 80);
    view.move_by(-7, 20, 80);
    view.collapse(20, 80);
    view.expand(20, 80);
    view.search_for("a", 20, 80);
    view.fold_level();
    assert!(view.cursor < doc.len());
});
