//! The arithmetic of scrolling lists, shared by the views. Where the rows are on screen is
//! what the draw reports (`app::drawn`), never computed here.

/// Moves a cursor within `len` rows: the shared arithmetic of every scrolling list.
pub fn step(cursor: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let max = len - 1;
    if delta < 0 {
        cursor.saturating_sub(delta.unsigned_abs())
    } else {
        cursor.saturating_add(delta as usize).min(max)
    }
}

/// The first visible row so that `cursor` is inside a window of `height` rows.
pub fn scroll_to(offset: usize, cursor: usize, height: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_clamps() {
        assert_eq!(step(0, -1, 10), 0);
        assert_eq!(step(5, 3, 10), 8);
        assert_eq!(step(8, 30, 10), 9);
        assert_eq!(step(3, 1, 0), 0);
    }

    #[test]
    fn scroll_keeps_cursor_visible() {
        assert_eq!(scroll_to(0, 5, 10), 0);
        assert_eq!(scroll_to(0, 10, 10), 1);
        assert_eq!(scroll_to(7, 3, 10), 3);
    }
}
