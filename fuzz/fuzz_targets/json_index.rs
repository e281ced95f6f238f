//! Any bytes to the inspector's index: see `wf_tui::fuzzing::json_index` for what must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| wf_tui::fuzzing::json_index(data));
