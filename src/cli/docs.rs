//! Shell completions and the man page, generated from the command line's own definition
//! (clap_complete, clap_mangen), so they never drift from `--help`.

use std::io::Write;

use clap::CommandFactory;
pub use clap_complete::Shell;

use super::Cli;

/// The shells `wf-tui completions` knows.
pub const SHELLS: [Shell; 4] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell];

/// The completion script for `shell` (in memory: the generator panics on a failed write).
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wf-tui", &mut out);
    out
}

/// The man page (roff), with a section per subcommand.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    // Each subcommand's own options, which the overview above does not list.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub
            .get_arguments()
            .all(|a| a.is_hide_set() || a.is_global_set())
        {
            continue;
        }
        let name = sub.get_name().to_string();
        let sub = sub.clone().bin_name(format!("wf-tui {name}"));
        writeln!(out, ".SH \"WF-TUI {}\"", name.to_uppercase())?;
        let man = clap_mangen::Man::new(sub);
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // Sub-sections of this subcommand's section, not top-level ones.
        let section = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        out.write_all(section.as_bytes())?;
    }
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_completes_the_subcommands() {
        for shell in SHELLS {
            let text = String::from_utf8(completions(shell)).unwrap();
            assert!(text.len() > 500, "{shell}: {text}");
            for sub in [
                "demo-server",
                "inspect",
                "get",
                "completions",
                "man",
                "profile",
            ] {
                assert!(text.contains(sub), "{shell} lacks {sub}");
            }
        }
    }

    #[test]
    fn man_page_has_the_sections_and_subcommands() {
        let text = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(text.starts_with(".ie"), "{}", &text[..80]);
        for needle in [
            ".TH wf-tui 1",
            ".SH NAME",
            ".SH SYNOPSIS",
            "demo\\-server",
            "completions",
            "\\-\\-profile",
        ] {
            assert!(text.contains(needle), "man page lacks {needle}");
        }
    }
}
