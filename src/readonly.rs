//! Read-only mode: the one place that decides whether changes are refused. Three sources turn it
//! on, any one is enough: the `--readonly` flag (or `WF_TUI_READONLY`), the `read_only` setting
//! of the config file, and `readonly = true` on the account in `accounts.toml`. The UI, the
//! worker and the CLI each ask it before a mutation (defence in depth).

use crate::api::ApiRequest;

/// Why mutations are refused, if they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOnly {
    /// `--readonly` or `WF_TUI_READONLY`.
    pub flag: bool,
    /// `read_only = true` in the config file.
    pub setting: bool,
    /// `readonly = true` on the account in use.
    pub account: bool,
}

/// The exit code of a CLI mutation refused in read-only mode.
pub const EXIT_READ_ONLY: u8 = 3;

impl ReadOnly {
    pub fn new(flag: bool, setting: bool, account: bool) -> Self {
        Self {
            flag,
            setting,
            account,
        }
    }

    pub fn is_on(&self) -> bool {
        self.flag || self.setting || self.account
    }

    /// What turned it on, in the words of the place it was set.
    pub fn because(&self) -> Option<&'static str> {
        if self.flag {
            Some("--readonly")
        } else if self.setting {
            Some("read_only in the config")
        } else if self.account {
            Some("the account is readonly in accounts.toml")
        } else {
            None
        }
    }

    /// `Some(message)` when `request` must not be sent: "read-only: PUT /… refused (--readonly)".
    pub fn refusal(&self, request: &ApiRequest) -> Option<String> {
        if !request.is_mutation() {
            return None;
        }
        self.because()
            .map(|why| format!("read-only: {request} refused ({why})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_source_turns_it_on_and_reads_pass() {
        let put = ApiRequest::put("/api/v2/source/h/tag/t");
        let get = ApiRequest::get("/api/v2/source");
        assert!(ReadOnly::default().refusal(&put).is_none());
        for ro in [
            ReadOnly::new(true, false, false),
            ReadOnly::new(false, true, false),
            ReadOnly::new(false, false, true),
        ] {
            assert!(ro.is_on());
            let msg = ro.refusal(&put).unwrap();
            assert!(
                msg.starts_with("read-only: PUT /api/v2/source/h/tag/t refused"),
                "{msg}"
            );
            assert!(ro.refusal(&get).is_none(), "reads are never refused");
        }
    }
}
