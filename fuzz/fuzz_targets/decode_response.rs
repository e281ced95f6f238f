//! Any body with any status (first byte) to the API decoder: see
//! `wf_tui::fuzzing::decode_response` for what must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| wf_tui::fuzzing::decode_response(data));
