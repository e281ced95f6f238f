//! The same 200 body to the API decoder and to the inspector's index: they agree on what is
//! JSON and on the payload. See `wf_tui::fuzzing::decode_vs_index`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| wf_tui::fuzzing::decode_vs_index(data));
