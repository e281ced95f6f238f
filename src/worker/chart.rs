//! A chart's run: its query and, when every event is shown, the window's event list beside it.
//! The list is an extra: when it fails the series still show, with a note of what is missing.

use crate::api::Executor;
use crate::api::chart::{ChartData, ChartError, ChartQuery, interpret};
use crate::api::chart_events::{LIST_LIMIT, merge, read_listed};
use crate::api::retry::RetryNotice;

/// The query's series and events (both requests at once).
pub async fn run(
    api: &Executor,
    query: &ChartQuery,
    on_retry: &(dyn Fn(&RetryNotice) + Sync),
) -> Result<ChartData, ChartError> {
    let request = query.request();
    let chart = api.execute(&request, on_retry);
    let (from, to) = (query.start_ms(), query.end_ms);
    let Some(list) = query.events_request() else {
        return interpret(chart.await).map(|d| in_window(d, from, to));
    };
    let (answer, listed) = tokio::join!(chart, api.execute(&list, on_retry));
    let mut data = in_window(interpret(answer)?, from, to);
    match listed {
        Ok(page) => {
            let (events, more) = read_listed(page, from, to);
            data.events = merge(std::mem::take(&mut data.events), events);
            if more {
                data.events_note = Some(format!(
                    "more than {LIST_LIMIT} events in the window: the first {LIST_LIMIT} are shown"
                ));
            }
        }
        Err(e) => {
            data.events_note = Some(format!("the window's events could not be listed: {e}"));
        }
    }
    Ok(data)
}

/// The events of the window only: what is counted is what is drawn.
pub(super) fn in_window(mut data: ChartData, from_ms: i64, to_ms: i64) -> ChartData {
    data.events.retain(|e| e.overlaps(from_ms, to_ms));
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::chart::parse_query_result;

    #[test]
    fn only_the_windows_events_are_kept() {
        let answer = serde_json::json!({"events": [
            {"name": "before", "start": 10, "end": 20},
            {"name": "across", "start": 50, "end": 150},
            {"name": "after", "start": 300}
        ]});
        let data = in_window(parse_query_result(&answer).unwrap(), 100, 200);
        let names: Vec<&str> = data.events.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["across"]);
    }
}
