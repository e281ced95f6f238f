//! An account ready to log in: which instance, which method, which secrets.

use serde::{Deserialize, Serialize};

use crate::api::InstanceAddress;
use crate::secret::Secret;

pub const DEFAULT_CSP_URL: &str = "https://console.cloud.vmware.com";

/// The four ways the product documents to get a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginMethod {
    /// A VMware Cloud services user API token, exchanged for a ~30 min access token.
    CspApiToken,
    /// A CSP server-to-server OAuth app (client id + secret), client-credentials grant.
    CspServerToServer,
    /// An original-subscription API token of a user account: the bearer itself.
    ApiToken,
    /// An original-subscription API token of a service account: the bearer itself.
    ServiceAccountToken,
}

impl LoginMethod {
    pub const ALL: [LoginMethod; 4] = [
        LoginMethod::CspApiToken,
        LoginMethod::CspServerToServer,
        LoginMethod::ApiToken,
        LoginMethod::ServiceAccountToken,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LoginMethod::CspApiToken => "CSP API token",
            LoginMethod::CspServerToServer => "CSP server-to-server app",
            LoginMethod::ApiToken => "API token",
            LoginMethod::ServiceAccountToken => "Service account token",
        }
    }

    /// One line on when to use it.
    pub fn when_to_use(self) -> &'static str {
        match self {
            LoginMethod::CspApiToken => {
                "Your instance is onboarded to VMware Cloud services and you have a user API token"
            }
            LoginMethod::CspServerToServer => {
                "Automation on a CSP-onboarded instance: an OAuth app's client id and secret"
            }
            LoginMethod::ApiToken => {
                "Original subscription: the API token from your user profile (a UUID)"
            }
            LoginMethod::ServiceAccountToken => {
                "Original subscription: the API token of a service account (a UUID)"
            }
        }
    }

    pub fn is_csp(self) -> bool {
        matches!(
            self,
            LoginMethod::CspApiToken | LoginMethod::CspServerToServer
        )
    }
}

/// The secrets of one method.
#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    CspApiToken {
        api_token: Secret,
    },
    CspServerToServer {
        client_id: String,
        client_secret: Secret,
        org_id: Option<String>,
    },
    ApiToken {
        token: Secret,
    },
    ServiceAccountToken {
        token: Secret,
    },
}

impl Credentials {
    pub fn method(&self) -> LoginMethod {
        match self {
            Credentials::CspApiToken { .. } => LoginMethod::CspApiToken,
            Credentials::CspServerToServer { .. } => LoginMethod::CspServerToServer,
            Credentials::ApiToken { .. } => LoginMethod::ApiToken,
            Credentials::ServiceAccountToken { .. } => LoginMethod::ServiceAccountToken,
        }
    }
}

/// Everything needed to log in to one instance.
#[derive(Debug, Clone)]
pub struct Account {
    /// The name a person gave it (`prod`), or `env` / `demo` for unsaved ones.
    pub name: String,
    pub instance: InstanceAddress,
    /// The CSP console, for the two CSP methods.
    pub csp: InstanceAddress,
    pub credentials: Credentials,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_credentials_hides_secrets() {
        let c = Credentials::CspServerToServer {
            client_id: "app-id".into(),
            client_secret: Secret::new("s3cr3t-value"),
            org_id: None,
        };
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("s3cr3t-value"), "{dbg}");
        assert!(dbg.contains("app-id"));
    }
}
