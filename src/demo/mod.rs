//! The stand-in instance: real HTTP on 127.0.0.1 that answers like Wavefront and CSP, with data
//! from `assets/demo` (embedded in the binary). Used by `--demo`, `demo-server` and the tests.

mod alert_summary;
mod alerting;
mod api;
pub mod chart;
mod chart_alerts;
mod chart_events;

pub use api::source as synthetic_source;
pub mod collections;
mod csp;
mod dashboards;
mod event_query;
mod events;
pub mod faults;
pub mod firings;
pub mod fixtures;
/// Test-only: built with the `test-support` feature, which `cargo test` turns on.
#[cfg(feature = "test-support")]
pub mod hostile;
mod metrics;
mod mutations;
mod random;
mod search;
mod state;
mod trash;
mod variant;
mod versions;
mod writes;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::api::{InstanceAddress, parse_address};
use crate::auth::{Account, Credentials};
use crate::secret::Secret;
pub use state::{DemoState, RequestRecord};

/// How to run the stand-in.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// How many synthetic sources to serve.
    pub sources: usize,
    /// Lifetime of the CSP access tokens it issues.
    pub token_lifetime: Duration,
    /// The credentials to accept; fresh random ones when `None`.
    pub credentials: Option<DemoCredentials>,
    /// Faults to inject from the start (`--fault`).
    pub faults: Vec<String>,
    /// Whether the product's undocumented completion endpoints (`/chart/metrics/all`,
    /// `/chart/autocomplete`, `/chart/api/keys`) answer; off, they are 404s.
    pub undocumented: bool,
    /// Which instance of `demo-server --instances N` this is: 0 serves the fixtures as they
    /// are, 1 and up the same company's other account (see `variant`).
    pub instance: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            port: 0,
            sources: 250,
            token_lifetime: Duration::from_secs(1800),
            credentials: None,
            faults: Vec::new(),
            undocumented: true,
            instance: 0,
        }
    }
}

/// The credentials the stand-in accepts: fresh random ones every start.
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    pub user: String,
    pub api_token: Secret,
    pub service_account: String,
    pub service_account_token: Secret,
    pub csp_api_token: Secret,
    pub app_id: String,
    pub app_secret: Secret,
    pub org_id: String,
}

impl DemoCredentials {
    pub fn generate() -> Self {
        Self {
            user: "demo@example.com".into(),
            api_token: Secret::new(random::uuid()),
            service_account: "sa::demo-automation".into(),
            service_account_token: Secret::new(random::uuid()),
            csp_api_token: Secret::new(random::token(43)),
            app_id: format!("demo-app-{}", &random::uuid()[..8]),
            app_secret: Secret::new(random::token(32)),
            org_id: random::uuid(),
        }
    }
}

/// A running stand-in. Dropping it stops the server.
pub struct DemoServer {
    pub address: InstanceAddress,
    pub local_addr: SocketAddr,
    state: Arc<DemoState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Binds 127.0.0.1 (never another interface) and serves in the background.
    pub async fn start(options: DemoOptions) -> io::Result<DemoServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let local_addr = listener.local_addr()?;
        let credentials = options
            .credentials
            .clone()
            .unwrap_or_else(DemoCredentials::generate);
        let state = Arc::new(DemoState::new(&options, credentials));
        for spec in &options.faults {
            let rule = faults::parse(spec).map_err(io::Error::other)?;
            state.add_fault(rule);
        }
        let router = api::router(state.clone())
            .merge(csp::router(state.clone()))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                faults::inject,
            ));
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "demo server stopped");
            }
        });
        let address = parse_address(&format!("http://{local_addr}"))
            .map_err(|e| io::Error::other(e.to_string()))?;
        Ok(DemoServer {
            address,
            local_addr,
            state,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub fn url(&self) -> String {
        self.address.to_string()
    }

    pub fn credentials(&self) -> &DemoCredentials {
        &self.state.credentials
    }

    /// The server's state, for tests to inspect and steer (revoke tokens, change lifetimes).
    pub fn state(&self) -> &Arc<DemoState> {
        &self.state
    }

    /// An account logging in to this stand-in with the given method's demo credentials.
    pub fn account(&self, method: crate::auth::LoginMethod) -> Account {
        use crate::auth::LoginMethod as M;
        let c = self.credentials();
        let credentials = match method {
            M::CspApiToken => Credentials::CspApiToken {
                api_token: c.csp_api_token.clone(),
            },
            M::CspServerToServer => Credentials::CspServerToServer {
                client_id: c.app_id.clone(),
                client_secret: c.app_secret.clone(),
                org_id: Some(c.org_id.clone()),
            },
            M::ApiToken => Credentials::ApiToken {
                token: c.api_token.clone(),
            },
            M::ServiceAccountToken => Credentials::ServiceAccountToken {
                token: c.service_account_token.clone(),
            },
        };
        Account {
            name: "demo".into(),
            instance: self.address.clone(),
            csp: self.address.clone(),
            credentials,
        }
    }

    /// Waits until the server stops (for `wf-tui demo-server`).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
