//! `POST /api/v2/dashboard/{id}/favorite|unfavorite` (answers a `ResponseContainer`).

use crate::api::request::{ApiRequest, encode_path_segment};

/// The request that marks (or unmarks) a dashboard as a favourite of the caller. A POST, so
/// read-only mode refuses it as every other write.
pub fn favorite_request(dashboard_id: &str, favorite: bool) -> ApiRequest {
    let verb = if favorite { "favorite" } else { "unfavorite" };
    ApiRequest::post(format!(
        "/api/v2/dashboard/{}/{verb}",
        encode_path_segment(dashboard_id)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_escaped_and_read_only_refuses_it() {
        let r = favorite_request("a/b c", true);
        assert_eq!(r.path, "/api/v2/dashboard/a%2Fb%20c/favorite");
        assert!(r.is_mutation());
        assert_eq!(
            favorite_request("x", false).path,
            "/api/v2/dashboard/x/unfavorite"
        );
        let ro = crate::readonly::ReadOnly::new(true, false, false);
        assert!(ro.refusal(&r).is_some());
    }
}
