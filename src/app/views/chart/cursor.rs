//! The chart's time cursor: a time in the window (epoch ms) that `h`/`l` move from point to
//! point, at least about a cell of the plot at a time (so a dense series does not take a press
//! per dot), and `H`/`L` move from event to event. Pure arithmetic over the data's times.

use crate::api::chart_events::ChartEvent;

/// The cursor one step on: to the next (or previous) point at least half a cell away. From no
/// cursor, `l` starts at the first point and `h` at the last.
pub fn step(times_ms: &[i64], cursor: Option<i64>, forward: bool, cell_ms: i64) -> Option<i64> {
    let (first, last) = (*times_ms.first()?, *times_ms.last()?);
    let Some(at) = cursor else {
        return Some(if forward { first } else { last });
    };
    let half = cell_ms / 2;
    let next = if forward {
        times_ms
            .iter()
            .copied()
            .find(|t| *t > at && *t >= at + half)
    } else {
        times_ms
            .iter()
            .rev()
            .copied()
            .find(|t| *t < at && *t <= at - half)
    };
    Some(next.unwrap_or(if forward { last.max(at) } else { first.min(at) }))
}

/// The cursor on the next (or previous) event's start in `[from_ms, to_ms]`, an event that
/// began before the window at its left edge; `None` when there is none that way.
pub fn to_event(
    events: &[ChartEvent],
    cursor: Option<i64>,
    forward: bool,
    slack_ms: i64,
    (from_ms, to_ms): (i64, i64),
) -> Option<i64> {
    let mut starts: Vec<i64> = events
        .iter()
        .filter(|e| e.overlaps(from_ms, to_ms))
        .map(|e| e.start_ms.max(from_ms))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    match (cursor, forward) {
        (None, true) => starts.first().copied(),
        (None, false) => starts.last().copied(),
        (Some(at), true) => starts.into_iter().find(|s| *s > at + slack_ms),
        (Some(at), false) => starts.into_iter().rev().find(|s| *s < at - slack_ms),
    }
}

/// The value of a series at the cursor: its point at or before it, if no older than one step
/// of the data (`None`: a gap there).
pub fn value_at(points: &[(i64, f64)], cursor_ms: i64, step_ms: i64) -> Option<f64> {
    let t = cursor_ms.div_euclid(1000);
    let i = points.partition_point(|p| p.0 <= t);
    let (time, value) = *points.get(i.checked_sub(1)?)?;
    (cursor_ms - time * 1000 < step_ms.max(1000)).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_point_by_point_or_a_cell_at_a_time() {
        let times: Vec<i64> = (0..10).map(|i| i * 60_000).collect();
        assert_eq!(step(&times, None, true, 1), Some(0));
        assert_eq!(step(&times, None, false, 1), Some(540_000));
        // Cells narrower than a point: one point a press.
        assert_eq!(step(&times, Some(60_000), true, 10_000), Some(120_000));
        assert_eq!(step(&times, Some(60_000), false, 10_000), Some(0));
        // Cells wider than two points: skip what one cell holds.
        assert_eq!(step(&times, Some(0), true, 240_000), Some(120_000));
        // At the ends it stays.
        assert_eq!(step(&times, Some(540_000), true, 1), Some(540_000));
        assert_eq!(step(&times, Some(0), false, 1), Some(0));
        // A cursor between points (an event's start) goes to the neighbours.
        assert_eq!(step(&times, Some(90_000), true, 1), Some(120_000));
        assert_eq!(step(&times, Some(90_000), false, 1), Some(60_000));
        assert_eq!(step(&[], Some(5), true, 1), None);
    }

    fn ev(start: i64, end: Option<i64>) -> ChartEvent {
        ChartEvent {
            name: format!("at {start}"),
            start_ms: start,
            end_ms: end,
            annotations: Vec::new(),
            tags: Vec::new(),
            hosts: Vec::new(),
            summarized: 0,
        }
    }

    #[test]
    fn event_jumps_go_start_to_start() {
        let events = [
            ev(-50, Some(20)),
            ev(300, Some(301)),
            ev(700, None),
            ev(5_000, None),
        ];
        let window = (0, 1_000);
        assert_eq!(
            to_event(&events, None, true, 5, window),
            Some(0),
            "from before: the edge"
        );
        assert_eq!(to_event(&events, None, false, 5, window), Some(700));
        assert_eq!(to_event(&events, Some(0), true, 5, window), Some(300));
        assert_eq!(to_event(&events, Some(302), true, 5, window), Some(700));
        assert_eq!(to_event(&events, Some(700), true, 5, window), None);
        assert_eq!(to_event(&events, Some(300), false, 5, window), Some(0));
        assert_eq!(to_event(&[], None, true, 5, window), None);
    }

    #[test]
    fn values_at_the_cursor_come_from_its_point() {
        let points = [(60, 1.0), (120, 2.0), (300, 5.0)];
        assert_eq!(value_at(&points, 120_000, 60_000), Some(2.0));
        assert_eq!(
            value_at(&points, 150_000, 60_000),
            Some(2.0),
            "within the step"
        );
        assert_eq!(value_at(&points, 200_000, 60_000), None, "a gap");
        assert_eq!(value_at(&points, 30_000, 60_000), None, "before the first");
        assert_eq!(value_at(&[], 1, 60_000), None);
    }
}
