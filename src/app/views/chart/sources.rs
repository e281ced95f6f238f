//! A zoomed dashboard panel in the chart view: several sources, each its own query and
//! answer, charted together (the union of their series, as the panel draws them). The series
//! shown can be narrowed by the `/` filter (the lists' matcher) or to one source alone (`e`).

use crate::api::catalog::{Cell, Row};
use crate::api::chart::{ChartData, ChartQuery, Series};
use crate::api::chart_events::{ChartEvent, ShowEvents};
use crate::app::input::TextInput;
use crate::app::remote::Remote;
use crate::app::views::table::filter::{Mode, Query, RowMatcher};
use crate::worker::RequestId;

/// One source of a zoomed panel: its name, its query and its run.
#[derive(Debug, Clone)]
pub struct SourceRun {
    pub name: String,
    /// The source's query as the panel runs it (its variables filled in, its events choice);
    /// the window, granularity and end follow the view's.
    pub query: ChartQuery,
    /// Drawn against the right-hand scale.
    pub secondary: bool,
    /// The source's own colour (`sourceColor`): its series are drawn in it.
    pub color: Option<ratatui::style::Color>,
    /// The dashboard's event query: its events are drawn, it has no series of its own.
    pub events_only: bool,
    /// The events the panel has its source ask for (the dashboard's choice).
    pub own_events: ShowEvents,
    pub request: Remote<(), String>,
    /// Its last answer (kept while it runs again; dropped when it fails).
    pub data: Option<ChartData>,
}

impl SourceRun {
    pub fn new(name: impl Into<String>, query: ChartQuery, secondary: bool) -> Self {
        Self {
            name: name.into(),
            own_events: query.events,
            query,
            secondary,
            color: None,
            events_only: false,
            request: Remote::NotAsked,
            data: None,
        }
    }

    /// The dashboard's `eventQuery` (an `events(…)` expression).
    pub fn event_query(query: ChartQuery) -> Self {
        Self {
            events_only: true,
            ..Self::new("the dashboard's event query", query, false)
        }
    }
}

/// The `/` line over the series (typed, or applied).
#[derive(Debug, Clone, Default)]
pub struct SeriesFilter {
    pub input: TextInput,
    /// Typing (`enter` keeps it, `esc` clears it).
    pub editing: bool,
}

/// The series of a zoom as shown: the union of the sources' (filtered), which source each
/// came from, and the events of them all.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    pub data: ChartData,
    /// Per series of `data`: the index of its source.
    pub origin: Vec<usize>,
    /// The series of all sources before the filter and the solo.
    pub total: usize,
}

/// A series as the lists' matcher reads a row: its source, label, host and tags.
fn as_row(source: &str, s: &Series) -> Row {
    let tags = s
        .tags
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    Row {
        id: None,
        cells: vec![
            Cell::Text(source.into()),
            Cell::Text(s.label.as_str().into()),
            Cell::Text(s.host.as_deref().unwrap_or("").into()),
            Cell::Text(tags.into()),
        ],
        raw: None,
        exact: Default::default(),
    }
}

/// The union of the answered sources' series, in source order, narrowed to `solo` (a source
/// index) and to those `filter` matches (fzf's syntax, as the lists'); their events merged
/// (once each) with `extra`. Warnings are named by their source when there are several.
pub fn merge(
    sources: &[SourceRun],
    solo: Option<usize>,
    filter: &str,
    extra: &[ChartEvent],
) -> Merged {
    let query = Query::parse(filter, Mode::Fzf).unwrap_or_default();
    let mut matcher = RowMatcher::default();
    let several = sources.iter().filter(|s| !s.events_only).count() > 1;
    let mut merged = Merged::default();
    let mut events = extra.to_vec();
    for (i, source) in sources.iter().enumerate() {
        let Some(data) = &source.data else { continue };
        events = crate::api::chart_events::merge(events, data.events.clone());
        if source.events_only {
            continue;
        }
        let d = &mut merged.data;
        d.granularity_s = d.granularity_s.or(data.granularity_s);
        d.skipped_points += data.skipped_points;
        d.events_note = d.events_note.clone().or_else(|| data.events_note.clone());
        d.warnings.extend(data.warnings.iter().map(|w| {
            if several {
                format!("{}: {w}", source.name)
            } else {
                w.clone()
            }
        }));
        if !several {
            d.stats = data.stats.clone();
        }
        merged.total += data.series.len();
        if solo.is_some_and(|s| s != i) {
            continue;
        }
        for s in &data.series {
            if query.is_all() || matcher.score(&query, &as_row(&source.name, s)).is_some() {
                d.series.push(s.clone());
                merged.origin.push(i);
            }
        }
    }
    merged.data.events = events;
    merged
}

/// What the sources' runs add up to: loading while any runs (the first in flight), failed
/// when every source with a query failed (their errors, named), else loaded.
pub fn overall(sources: &[SourceRun]) -> Remote<(), String> {
    if let Some(id) = sources.iter().find_map(|s| s.request.request()) {
        let mut remote = Remote::loading(id);
        if let Some(notice) = sources.iter().find_map(|s| s.request.retrying()) {
            remote.retry(id, notice.to_string());
        }
        return remote;
    }
    let charted: Vec<&SourceRun> = sources.iter().filter(|s| !s.events_only).collect();
    let failed: Vec<String> = charted
        .iter()
        .filter_map(|s| s.request.failed().map(|e| (s, e)))
        .map(|(s, e)| {
            if charted.len() > 1 {
                format!("{}: {e}", s.name)
            } else {
                e.clone()
            }
        })
        .collect();
    if !charted.is_empty() && failed.len() == charted.len() {
        Remote::Failed(failed.join("; "))
    } else if charted
        .iter()
        .all(|s| matches!(s.request, Remote::NotAsked))
    {
        Remote::NotAsked
    } else {
        Remote::Loaded(())
    }
}

/// The events a source asks for when the view shows `shown`: none when they are off; the
/// source's own choice (the dashboard's) otherwise, the first also asking for the event list
/// when every event is shown (once, not once a source).
pub fn events_for(index: usize, own: ShowEvents, shown: ShowEvents) -> ShowEvents {
    match shown {
        ShowEvents::Off => ShowEvents::Off,
        ShowEvents::All if index == 0 => ShowEvents::All,
        _ => own,
    }
}

/// Hands out the run ids of the sources: `first`, `first + 1`, …
pub fn ids(first: RequestId) -> impl Iterator<Item = RequestId> {
    (0..).map(move |i| first + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::chart::Window;

    fn series(label: &str, host: &str) -> Series {
        Series {
            label: label.into(),
            host: Some(host.into()),
            tags: vec![("env".into(), "prod".into())],
            points: vec![(1, 1.0), (2, 2.0)],
        }
    }

    fn answered(name: &str, series: Vec<Series>) -> SourceRun {
        let mut s = SourceRun::new(name, ChartQuery::new("ts(x)", Window::Hour, 0), false);
        s.data = Some(ChartData {
            series,
            warnings: vec!["slow".into()],
            ..Default::default()
        });
        s.request = Remote::Loaded(());
        s
    }

    #[test]
    fn the_union_in_source_order_narrowed_by_filter_and_solo() {
        let sources = vec![
            answered(
                "requests",
                vec![series("req", "web-1"), series("req", "web-2")],
            ),
            answered("errors", vec![series("err", "web-1")]),
        ];
        let all = merge(&sources, None, "", &[]);
        assert_eq!(all.data.series.len(), 3);
        assert_eq!(all.origin, vec![0, 0, 1]);
        assert_eq!(all.total, 3);
        assert_eq!(all.data.warnings, vec!["requests: slow", "errors: slow"]);
        let web1 = merge(&sources, None, "web-1", &[]);
        assert_eq!(web1.origin, vec![0, 1]);
        let by_source = merge(&sources, None, "errors", &[]);
        assert_eq!(
            by_source.origin,
            vec![1],
            "the source's name is matched too"
        );
        let solo = merge(&sources, Some(1), "", &[]);
        assert_eq!(solo.origin, vec![1]);
        assert_eq!(solo.total, 3);
        assert!(
            merge(&sources, None, "nothing-like-it", &[])
                .data
                .series
                .is_empty()
        );
    }

    #[test]
    fn failed_only_when_every_source_failed() {
        let mut sources = vec![answered("a", vec![]), answered("b", vec![])];
        sources[1].request = Remote::Failed("query failed (E): bad".into());
        sources[1].data = None;
        assert_eq!(overall(&sources), Remote::Loaded(()));
        sources[0].request = Remote::Failed("HTTP 500".into());
        assert_eq!(
            overall(&sources),
            Remote::Failed("a: HTTP 500; b: query failed (E): bad".into())
        );
        sources[0].request = Remote::loading(7);
        assert_eq!(overall(&sources).request(), Some(7));
    }

    #[test]
    fn only_the_first_source_asks_for_the_event_list() {
        assert_eq!(
            events_for(0, ShowEvents::FromChart, ShowEvents::All),
            ShowEvents::All
        );
        assert_eq!(
            events_for(1, ShowEvents::FromChart, ShowEvents::All),
            ShowEvents::FromChart
        );
        assert_eq!(
            events_for(1, ShowEvents::FromChart, ShowEvents::Off),
            ShowEvents::Off
        );
        assert_eq!(
            events_for(0, ShowEvents::Off, ShowEvents::FromChart),
            ShowEvents::Off
        );
    }
}
