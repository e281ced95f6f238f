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
    let Some(list) = query.events_request() else {
        return interpret(chart.await);
    };
    let (answer, listed) = tokio::join!(chart, api.execute(&list, on_retry));
    let mut data = interpret(answer)?;
    match listed {
        Ok(page) => {
            let (events, more) = read_listed(page, query.start_ms(), query.end_ms);
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
