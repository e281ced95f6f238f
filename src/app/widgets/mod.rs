//! Drawing pieces more than one view uses. Each takes what it draws and the theme, and gives
//! back lines: the view decides where they go and how they scroll.

pub mod diff;
pub mod query;
