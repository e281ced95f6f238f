//! Token lifetimes from a server into the refresh arithmetic: see
//! `wf_tui::fuzzing::token_refresh`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| wf_tui::fuzzing::token_refresh(data));
