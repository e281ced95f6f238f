fn main() -> std::process::ExitCode {
    wf_tui::cli::main()
}
