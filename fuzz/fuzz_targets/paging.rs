//! Pages from a hostile server, and from an honest one that caps its windows, into the pager:
//! see `wf_tui::fuzzing::paging` and `paging_honest_server`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wf_tui::fuzzing::paging(data);
    wf_tui::fuzzing::paging_honest_server(data);
});
