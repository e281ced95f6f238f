fn main() -> std::process::ExitCode {
    // The main body (its block_on included) runs on a thread with the stack that deeply nested
    // answers need (see wf_tui::json::STACK_SIZE); the main thread's own is only 8 MiB.
    let body = std::thread::Builder::new()
        .name("main-body".into())
        .stack_size(wf_tui::json::STACK_SIZE)
        .spawn(wf_tui::cli::main);
    match body.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // A panic already printed its report (and restored the terminal).
        Ok(Err(_)) => std::process::ExitCode::from(101),
        Err(e) => {
            eprintln!("wf-tui: cannot start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
