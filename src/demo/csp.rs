//! The two CSP token endpoints (FACTS §3.1), checking the form and HTTP Basic as CSP does, and
//! issuing JWT-shaped access tokens with the configured lifetime.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

use super::random;
use super::state::DemoState;
use crate::auth::csp::{API_TOKEN_PATH, CLIENT_CREDENTIALS_PATH};
use crate::auth::session::wall_ms;

pub fn router(state: Arc<DemoState>) -> Router {
    Router::new()
        .route(API_TOKEN_PATH, post(api_token))
        .route(CLIENT_CREDENTIALS_PATH, post(client_credentials))
        .layer(axum::middleware::from_fn_with_state(state.clone(), outage))
        .with_state(state)
}

/// Answers 503 with an HTML page while `csp_down` is set, as a console behind a proxy would.
async fn outage(
    State(state): State<Arc<DemoState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if state.csp_down.load(std::sync::atomic::Ordering::SeqCst) {
        let page = "<html><head><title>503 Service Temporarily Unavailable</title></head></html>";
        return (StatusCode::SERVICE_UNAVAILABLE, page).into_response();
    }
    next.run(req).await
}

async fn api_token(
    State(state): State<Arc<DemoState>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    // CSP also accepts the older `refresh_token=` spelling.
    let given = form.get("api_token").or_else(|| form.get("refresh_token"));
    match given {
        Some(t) if t == state.credentials.csp_api_token.expose() => {
            let user = state.credentials.user.clone();
            grant(&state, Some(&user), "csp_demo_client")
        }
        Some(_) => csp_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "invalid_grant: Invalid refresh token",
        ),
        None => csp_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The api_token parameter is required",
        ),
    }
}

async fn client_credentials(
    State(state): State<Arc<DemoState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let c = &state.credentials;
    let Some((id, secret)) = basic_auth(&headers) else {
        return csp_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "invalid_client: Client authentication is required (HTTP Basic)",
        );
    };
    if id != c.app_id || secret != c.app_secret.expose() {
        return csp_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "invalid_client: Client authentication failed",
        );
    }
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return csp_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    if let Some(org) = form.get("orgId") {
        if org != &c.org_id {
            return csp_error(
                StatusCode::FORBIDDEN,
                "invalid_org",
                "The app is not a member of the requested organization",
            );
        }
    }
    grant(&state, None, &id)
}

fn grant(state: &DemoState, username: Option<&str>, client_id: &str) -> Response {
    let lifetime = state.token_lifetime();
    let now_s = wall_ms() / 1000;
    let c = &state.credentials;
    let mut claims = json!({
        "sub": username.map_or_else(|| client_id.to_string(), |_| format!("vmwareid:{}", random::uuid())),
        "iss": "https://gaz.csp-vidm-prod.com",
        "context": random::uuid(),
        "context_name": c.org_id,
        "azp": client_id,
        "domain": "vmwareid",
        "perms": [
            "csp:org_member",
            "external/6f1c2d3e-wavefront/aoa:admin",
            "external/6f1c2d3e-wavefront/aoa:directDataIngestion",
        ],
        "iat": now_s,
        "exp": now_s + lifetime.as_secs() as i64,
        "jti": random::uuid(),
    });
    if let Some(u) = username {
        claims["username"] = json!(u);
    }
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT","kid":"demo"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        random::token(86)
    );
    let identity = username.unwrap_or(client_id).to_string();
    state.issue(token.clone(), identity, lifetime);
    Json(json!({
        "id_token": null,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
        "scope": "csp:org_member aoa:admin aoa:directDataIngestion",
        "access_token": token,
        "refresh_token": null,
    }))
    .into_response()
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

fn csp_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "statusCode": status.as_u16(),
        "errorCode": code,
        "message": message,
        "requestId": random::uuid(),
    });
    (status, Json(body)).into_response()
}
