//! The version history's reads: a call of [`crate::api::versions`], sent and its answer read
//! off the UI thread.

use super::fetch::announce_retries;
use super::{Event, RequestId, Worker};
use crate::api::ApiError;
use crate::api::versions::Call;

impl Worker {
    /// `Command::Versions`: answered by `Event::Versions`.
    pub(super) fn versions(&mut self, id: RequestId, call: Call) {
        let events = self.events.clone();
        self.spawn_request(id, move |api| async move {
            let on_retry = announce_retries(events, id);
            let request = call.request();
            let result = api.execute(&request, &on_retry).await.and_then(|payload| {
                call.read(payload).map_err(|e| ApiError::Decode {
                    method: request.method.as_str(),
                    path: request.path.clone(),
                    message: e.to_string(),
                })
            });
            Event::Versions { id, result }
        });
    }
}
