//! Any body with any status: decoding gives a value or an error in words, never a panic, and
//! the message it shows is safe for a terminal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reqwest_status::status_for;

mod reqwest_status {
    pub fn status_for(byte: u8) -> u16 {
        [
            200, 201, 204, 400, 401, 403, 404, 406, 415, 429, 500, 502, 503,
        ][byte as usize % 13]
    }
}

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((s, rest)) => (status_for(*s), rest),
        None => (200, data),
    };
    let status = wf_tui::api::client::StatusCode::from_u16(status).unwrap();
    match wf_tui::api::client::decode_response("GET", "/api/v2/x", status, body) {
        Ok(value) => {
            let _ = wf_tui::api::Page::from_response(value);
        }
        Err(e) => {
            let text = e.to_string();
            let safe = wf_tui::text::sanitize(&text);
            assert!(!safe.chars().any(|c| c.is_control()));
        }
    }
    if let Some(msg) = wf_tui::api::error::server_message(body) {
        assert!(msg.chars().count() <= 301);
    }
});
