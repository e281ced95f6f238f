//! The two VMware Cloud services (CSP) exchanges that turn credentials into an access token
//! (FACTS §3.1): a user API token, or a server-to-server app's client credentials.

use serde::Deserialize;

use super::error::AuthError;
use crate::api::InstanceAddress;
use crate::api::error::server_message;
use crate::secret::Secret;

pub const API_TOKEN_PATH: &str = "/csp/gateway/am/api/auth/api-tokens/authorize";
pub const CLIENT_CREDENTIALS_PATH: &str = "/csp/gateway/am/api/auth/authorize";

/// A fresh access token and how long it lives.
#[derive(Debug)]
pub struct AccessToken {
    pub token: Secret,
    /// Seconds, as CSP says; the JWT's own `exp` wins when present.
    pub expires_in: u64,
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    scope: Option<String>,
}

/// `POST {csp}/csp/gateway/am/api/auth/api-tokens/authorize` with `api_token=…`.
pub async fn exchange_api_token(
    http: &reqwest::Client,
    csp: &InstanceAddress,
    api_token: &Secret,
) -> Result<AccessToken, AuthError> {
    let req = http
        .post(csp.join(API_TOKEN_PATH))
        .form(&[("api_token", api_token.expose())]);
    send(req).await
}

/// `POST {csp}/csp/gateway/am/api/auth/authorize`, HTTP Basic with the app's id and secret,
/// `grant_type=client_credentials` and `orgId` when one is given.
pub async fn exchange_client_credentials(
    http: &reqwest::Client,
    csp: &InstanceAddress,
    client_id: &str,
    client_secret: &Secret,
    org_id: Option<&str>,
) -> Result<AccessToken, AuthError> {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(org) = org_id.filter(|o| !o.trim().is_empty()) {
        form.push(("orgId", org.trim()));
    }
    let req = http
        .post(csp.join(CLIENT_CREDENTIALS_PATH))
        .basic_auth(client_id, Some(client_secret.expose()))
        .form(&form);
    send(req).await
}

async fn send(req: reqwest::RequestBuilder) -> Result<AccessToken, AuthError> {
    let started = std::time::Instant::now();
    let resp = req
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| AuthError::Unreachable(transport_text(&e, started)))?;
    let status = resp.status();
    let body = crate::api::transport::read_body(resp, crate::api::client::max_body())
        .await
        .map_err(|e| match e {
            crate::api::transport::BodyError::Transport(e) => {
                AuthError::Unreachable(transport_text(&e, started))
            }
            too_large => AuthError::Protocol(format!("the token answer: {too_large}")),
        })?;
    if !status.is_success() {
        return Err(AuthError::Rejected {
            by: "VMware Cloud services",
            status: status.as_u16(),
            message: server_message(&body).unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("no message")
                    .to_string()
            }),
        });
    }
    let parsed: TokenResponse = crate::json::parse_value(&body)
        .and_then(serde_json::from_value)
        .map_err(|e| AuthError::Protocol(format!("the token response is not JSON ({e})")))?;
    let token = parsed
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AuthError::Protocol("the token response has no access_token".into()))?;
    let expires_in = match parsed.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .unwrap_or(1800);
    Ok(AccessToken {
        token: Secret::new(token),
        expires_in,
        scope: parsed.scope,
    })
}

fn transport_text(e: &reqwest::Error, started: std::time::Instant) -> String {
    let (_, message) = crate::api::client::describe_transport_error(e, started.elapsed());
    format!("VMware Cloud services: {message}")
}
