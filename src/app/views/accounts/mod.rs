//! The saved accounts: which is current, which the default; switch, add, edit, remove.

pub mod draw;
pub mod update;

#[derive(Debug, Default)]
pub struct AccountsView {
    pub selected: usize,
}
