//! The alert summary for the console's header and the badge: one small read a period.

use super::fetch::announce_retries;
use super::{Event, RequestId, Worker};

impl Worker {
    /// `Command::AlertSummary`: answered by `Event::AlertSummary`.
    pub(super) fn alert_summary(&mut self, id: RequestId) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let result = crate::api::alerting::fetch_summary(&api, &on_retry).await;
            Event::AlertSummary { id, result }
        });
    }
}
