//! The timeline's geometry: which firing each column of the bar row shows, the column of a time,
//! where the days begin. Pure arithmetic over the viewer's window, drawn by [`super::draw`].

use crate::api::alert_firings::{EventSummary, severity_rank};
use crate::format::Times;

/// The column of `ms` in `width` columns over `[from_ms, to_ms]`, clamped to the row.
pub fn column_of(ms: i64, from_ms: i64, to_ms: i64, width: usize) -> usize {
    if width == 0 || to_ms <= from_ms {
        return 0;
    }
    let at =
        (ms.clamp(from_ms, to_ms) - from_ms) as i128 * width as i128 / (to_ms - from_ms) as i128;
    (at as usize).min(width - 1)
}

/// The columns a firing covers (first and last, inclusive); `None` without a start or wholly
/// outside the window. An ongoing firing runs to the window's end.
pub fn span_of(f: &EventSummary, from_ms: i64, to_ms: i64, width: usize) -> Option<(usize, usize)> {
    let start = f.start_ms?;
    let end = f.end_or(to_ms)?;
    if width == 0 || end < from_ms || start > to_ms {
        return None;
    }
    Some((
        column_of(start, from_ms, to_ms, width),
        column_of(end, from_ms, to_ms, width),
    ))
}

/// For each of `width` columns, the firing drawn there: the chosen one wherever it is, else the
/// most severe of those there (the later of equals).
pub fn columns(
    firings: &[EventSummary],
    from_ms: i64,
    to_ms: i64,
    width: usize,
    chosen: Option<usize>,
) -> Vec<Option<usize>> {
    let mut cells: Vec<Option<usize>> = vec![None; width];
    let rank = |i: usize| firings[i].severity.as_deref().and_then(severity_rank);
    for (i, f) in firings.iter().enumerate() {
        let Some((first, last)) = span_of(f, from_ms, to_ms, width) else {
            continue;
        };
        for cell in &mut cells[first..=last] {
            let wins = match *cell {
                None => true,
                Some(held) if Some(held) == chosen => false,
                Some(held) => Some(i) == chosen || rank(i) >= rank(held),
            };
            if wins {
                *cell = Some(i);
            }
        }
    }
    cells
}

/// A bar's cell: taller for the more severe, so severities differ without colour too.
pub fn symbol(severity: Option<&str>) -> &'static str {
    match severity.and_then(severity_rank) {
        Some(4) => "█",
        Some(3) => "▆",
        Some(2) => "▄",
        Some(1) => "▂",
        _ => "▒",
    }
}

/// Where each day begins (midnight in the zone shown) inside the window: its column and its
/// weekday's name.
pub fn day_ticks(times: &Times, from_ms: i64, to_ms: i64, width: usize) -> Vec<(usize, String)> {
    let zoned = crate::format::timestamp(from_ms).to_zoned(times.zone().clone());
    let Ok(mut day) = zoned.start_of_day() else {
        return Vec::new();
    };
    let mut ticks = Vec::new();
    // At most a day a column: a window of years still ends.
    for _ in 0..=width {
        let Ok(next) = day.tomorrow().and_then(|d| d.start_of_day()) else {
            break;
        };
        day = next;
        let ms = day.timestamp().as_millisecond();
        if ms > to_ms {
            break;
        }
        ticks.push((
            column_of(ms, from_ms, to_ms, width),
            day.strftime("%a").to_string(),
        ));
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const H: i64 = 3_600_000;

    fn firing(start: i64, end: Option<i64>, severity: &str) -> EventSummary {
        let mut v = json!({"startTime": start, "annotations": {"severity": severity}});
        match end {
            Some(e) => v["endTime"] = json!(e),
            None => v["runningState"] = json!("ONGOING"),
        }
        EventSummary::read(&v).unwrap()
    }

    #[test]
    fn times_map_to_columns_and_clamp() {
        assert_eq!(column_of(0, 0, 100, 10), 0);
        assert_eq!(column_of(55, 0, 100, 10), 5);
        assert_eq!(
            column_of(100, 0, 100, 10),
            9,
            "the window's end is the last column"
        );
        assert_eq!(column_of(-5, 0, 100, 10), 0);
        assert_eq!(column_of(500, 0, 100, 10), 9);
        assert_eq!(column_of(5, 0, 0, 10), 0, "an empty window");
        assert_eq!(column_of(5, 0, 100, 0), 0);
    }

    #[test]
    fn each_firing_is_a_bar_at_least_a_column_wide_and_ongoing_ones_run_to_the_end() {
        let fs = [
            firing(0, Some(H), "warn"),
            firing(10 * H, Some(10 * H + 60_000), "info"),
            firing(20 * H, None, "severe"),
        ];
        let cells = columns(&fs, 0, 24 * H, 24, None);
        assert_eq!(&cells[0..2], &[Some(0), Some(0)]);
        assert_eq!(cells[2], None);
        assert_eq!(&cells[9..11], &[None, Some(1)], "a minute still shows");
        assert_eq!(&cells[20..], &[Some(2); 4], "open-ended");
        assert_eq!(span_of(&fs[2], 0, 24 * H, 24), Some((20, 23)));
    }

    #[test]
    fn overlaps_show_the_most_severe_unless_one_is_chosen() {
        let fs = [
            firing(0, Some(10 * H), "severe"),
            firing(2 * H, Some(4 * H), "warn"),
            firing(3 * H, Some(5 * H), "severe"),
        ];
        let cells = columns(&fs, 0, 10 * H, 10, None);
        assert_eq!(cells[2], Some(0), "severe over warn");
        assert_eq!(cells[3], Some(2), "the later of equals");
        let chosen = columns(&fs, 0, 10 * H, 10, Some(1));
        assert_eq!(&chosen[2..5], &[Some(1); 3], "the chosen one shows whole");
        assert_eq!(chosen[5], Some(2));
    }

    #[test]
    fn firings_outside_the_window_or_undated_are_not_drawn() {
        let (from, to) = (10 * H, 34 * H);
        let before = firing(5 * H, Some(6 * H), "warn");
        let after = firing(40 * H, Some(41 * H), "warn");
        let undated = EventSummary::read(&json!({})).unwrap();
        for f in [&before, &after, &undated] {
            assert_eq!(span_of(f, from, to, 24), None);
        }
        let straddles = firing(8 * H, Some(12 * H), "warn");
        assert_eq!(span_of(&straddles, from, to, 24), Some((0, 2)));
    }

    #[test]
    fn severities_have_their_own_heights() {
        let all: Vec<&str> = [
            Some("SEVERE"),
            Some("warn"),
            Some("smoke"),
            Some("info"),
            Some("?"),
            None,
        ]
        .into_iter()
        .map(symbol)
        .collect();
        assert_eq!(all, ["█", "▆", "▄", "▂", "▒", "▒"]);
    }

    #[test]
    fn days_begin_at_midnight_in_the_zone_shown() {
        // From 06:00 UTC, for three days: midnights 18, 42 and 66 hours in.
        let from = 1_800_000_000_000 - (1_800_000_000_000 % (24 * H)) + 6 * H;
        let ticks = day_ticks(&Times::default(), from, from + 72 * H, 72);
        let cols: Vec<usize> = ticks.iter().map(|t| t.0).collect();
        assert_eq!(cols, [18, 42, 66]);
        assert_eq!(ticks.len(), 3);
        assert!(ticks.iter().all(|t| t.1.len() == 3), "{ticks:?}");
    }
}
