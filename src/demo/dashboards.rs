//! The stand-in's dashboard favourites: `POST /api/v2/dashboard/{id}/favorite|unfavorite`
//! flip the caller's `favorite` and count them in `numFavorites`; the answer is the spec's
//! plain `ResponseContainer`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::api::{envelope_error, envelope_ok};
use super::state::DemoState;

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route(
            "/api/v2/dashboard/{id}/favorite",
            post(|s: State<Arc<DemoState>>, id: Path<String>| mark(s, id, true)),
        )
        .route(
            "/api/v2/dashboard/{id}/unfavorite",
            post(|s: State<Arc<DemoState>>, id: Path<String>| mark(s, id, false)),
        )
}

async fn mark(State(state): State<Arc<DemoState>>, Path(id): Path<String>, on: bool) -> Response {
    let mut found = false;
    state.edit_items("dashboard", |items| {
        if let Some(d) = items.iter_mut().find(|d| d["id"] == id.as_str()) {
            found = true;
            let was = d["favorite"].as_bool().unwrap_or(false);
            if was != on {
                let n = d["numFavorites"].as_i64().unwrap_or(0);
                d["numFavorites"] = Value::from(if on { n + 1 } else { (n - 1).max(0) });
            }
            d["favorite"] = Value::Bool(on);
        }
    });
    if found {
        envelope_ok(json!({}))
    } else {
        envelope_error(
            StatusCode::NOT_FOUND,
            &format!("Dashboard {id} does not exist"),
        )
    }
}
