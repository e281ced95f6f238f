//! The screen's fixed rows, shared by `update` (to keep the selection in view) and `draw`.

/// Header line (account, instance, token).
pub const HEADER_ROWS: u16 = 1;
/// Footer line (keys, or a message).
pub const FOOTER_ROWS: u16 = 1;
/// A view's title line, plus a table's column header.
pub const TABLE_CHROME_ROWS: u16 = 2;
/// A detail view's title line.
pub const DETAIL_CHROME_ROWS: u16 = 1;

/// How many item rows a table shows in a terminal of `height` rows.
pub fn table_rows(height: u16) -> usize {
    height
        .saturating_sub(HEADER_ROWS + FOOTER_ROWS + TABLE_CHROME_ROWS)
        .max(1) as usize
}

/// How many text lines a detail view shows.
pub fn detail_rows(height: u16) -> usize {
    height
        .saturating_sub(HEADER_ROWS + FOOTER_ROWS + DETAIL_CHROME_ROWS)
        .max(1) as usize
}

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

    #[test]
    fn rows_never_zero() {
        assert_eq!(table_rows(24), 20);
        assert_eq!(table_rows(2), 1);
        assert_eq!(detail_rows(24), 21);
    }
}
