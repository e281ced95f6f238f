//! A block-digit font three cells wide and five high, for a single stat's number on a big
//! panel: digits, a point, a minus, and the `k M G T %` of a short value.

/// Glyph rows, top to bottom; `#` is a filled cell.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "# #", "# #", "# #", "###"],
        '1' => [" # ", "## ", " # ", " # ", "###"],
        '2' => ["###", "  #", "###", "#  ", "###"],
        '3' => ["###", "  #", " ##", "  #", "###"],
        '4' => ["# #", "# #", "###", "  #", "  #"],
        '5' => ["###", "#  ", "###", "  #", "###"],
        '6' => ["###", "#  ", "###", "# #", "###"],
        '7' => ["###", "  #", "  #", " # ", " # "],
        '8' => ["###", "# #", "###", "# #", "###"],
        '9' => ["###", "# #", "###", "  #", "###"],
        '.' => ["   ", "   ", "   ", "   ", " # "],
        '-' => ["   ", "   ", "###", "   ", "   "],
        'k' => ["#  ", "# #", "## ", "# #", "# #"],
        'M' => ["# #", "###", "###", "# #", "# #"],
        'G' => ["###", "#  ", "# #", "# #", "###"],
        'T' => ["###", " # ", " # ", " # ", " # "],
        '%' => ["# #", "  #", " # ", "#  ", "# #"],
        ' ' => ["   ", "   ", "   ", "   ", "   "],
        _ => return None,
    })
}

/// The glyphs' height.
pub const HEIGHT: u16 = 5;

/// How many cells wide `text` is in the font (a column between glyphs).
pub fn width(text: &str) -> usize {
    let n = text.chars().count();
    (n * 4).saturating_sub(1)
}

/// `text` in the font, five lines, or `None` when a character has no glyph.
pub fn render(text: &str) -> Option<[String; 5]> {
    let glyphs: Vec<[&str; 5]> = text.chars().map(glyph).collect::<Option<_>>()?;
    let mut rows: [String; 5] = Default::default();
    for (r, row) in rows.iter_mut().enumerate() {
        let parts: Vec<String> = glyphs.iter().map(|g| g[r].replace('#', "█")).collect();
        *row = parts.join(" ");
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_what_it_has_glyphs_for() {
        let rows = render("1.5k").unwrap();
        assert_eq!(rows[0], " █      ███ █  ");
        assert_eq!(rows[0].chars().count(), width("1.5k"));
        assert!(render("1 ms").is_none());
    }
}
