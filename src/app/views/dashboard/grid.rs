//! The grid's geometry: a section's rows stacked from the first one shown, each as tall as its
//! `heightFactor` makes it (100 is a unit, a share of the screen's height), its charts side by
//! side in equal widths. Rows that do not fit are not drawn; a last row that fits in part is
//! drawn shorter when at least a few lines of it fit.

use ratatui::layout::Rect;

/// The smallest a panel is drawn: its border and a line.
pub const MIN_PANEL_HEIGHT: u16 = 3;

/// A panel's place on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index into the player's panels.
    pub panel: usize,
    pub rect: Rect,
}

/// How tall a row of height factor 100 is in a grid `height` lines high: two to a screen,
/// within 6 to 16 lines.
pub fn unit(height: u16) -> u16 {
    (height / 2).clamp(6, 16)
}

/// A row's height for its factor.
pub fn row_height(factor: u32, unit: u16) -> u16 {
    let h = (u32::from(unit) * factor.clamp(1, 1000) / 100).min(u32::from(u16::MAX));
    (h as u16).max(MIN_PANEL_HEIGHT)
}

/// The panels drawn in `area` from row `first`: `rows` gives each row's height factor and
/// chart count (panels are numbered row by row).
pub fn place(rows: &[(u32, usize)], first: usize, area: Rect) -> Vec<Placed> {
    let unit = unit(area.height);
    let mut placed = Vec::new();
    let mut panel: usize = rows.iter().take(first).map(|r| r.1).sum();
    let mut y = area.y;
    for &(factor, charts) in rows.iter().skip(first) {
        let left = area.bottom().saturating_sub(y);
        let h = row_height(factor, unit).min(left);
        if h < MIN_PANEL_HEIGHT || charts == 0 {
            if h < MIN_PANEL_HEIGHT {
                break;
            }
            continue;
        }
        let n = charts as u16;
        let w = area.width / n.max(1);
        for c in 0..charts {
            let x = area.x + w * c as u16;
            // The last panel takes the columns the division left.
            let width = if c + 1 == charts { area.right() - x } else { w };
            if width > 0 {
                placed.push(Placed {
                    panel: panel + c,
                    rect: Rect::new(x, y, width, h),
                });
            }
        }
        panel += charts;
        y += h;
    }
    placed
}

/// The first row to show so that row `row` is on screen, starting from `first`.
pub fn scroll_to(rows: &[(u32, usize)], first: usize, row: usize, height: u16) -> usize {
    if row < first {
        return row;
    }
    let unit = unit(height);
    let mut first = first;
    loop {
        let used: u32 = rows[first..=row.min(rows.len().saturating_sub(1))]
            .iter()
            .map(|r| u32::from(row_height(r.0, unit)))
            .sum();
        if used <= u32::from(height) || first >= row {
            return first;
        }
        first += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_by_height_factor_charts_side_by_side() {
        let rows = [(100, 2), (50, 3), (100, 1)];
        let placed = place(&rows, 0, Rect::new(0, 2, 80, 20));
        // unit = 10: a full row, a half row, then the last row in the 5 lines left.
        assert_eq!(placed.len(), 6);
        assert_eq!(placed[5].rect, Rect::new(0, 17, 80, 5));
        assert_eq!(placed[0].rect, Rect::new(0, 2, 40, 10));
        assert_eq!(placed[1].rect, Rect::new(40, 2, 40, 10));
        assert_eq!(placed[2].rect, Rect::new(0, 12, 26, 5));
        assert_eq!(placed[4].rect, Rect::new(52, 12, 28, 5));
        let scrolled = place(&rows, 2, Rect::new(0, 0, 80, 20));
        assert_eq!(scrolled[0].panel, 5);
        // Two lines left: too few for a panel, the row is not drawn.
        assert_eq!(place(&rows, 0, Rect::new(0, 0, 80, 11)).len(), 5);
    }

    #[test]
    fn scrolling_brings_a_row_on_screen() {
        let rows = [(100, 1), (100, 1), (100, 1), (100, 1)];
        assert_eq!(scroll_to(&rows, 0, 1, 20), 0);
        assert_eq!(scroll_to(&rows, 0, 3, 20), 2);
        assert_eq!(scroll_to(&rows, 3, 1, 20), 1);
    }

    #[test]
    fn huge_factors_and_empty_rows_do_not_break_the_grid() {
        let rows = [(0, 1), (1000, 1), (100, 0), (100, 1)];
        let placed = place(&rows, 0, Rect::new(0, 0, 10, 24));
        assert!(placed.iter().all(|p| p.rect.bottom() <= 24));
    }
}
