//! An unsaved account from environment variables, named as the ecosystem names them:
//! `WAVEFRONT_ADDRESS` (or `WAVEFRONT_ENDPOINT`), `WAVEFRONT_TOKEN`, `CSP_API_TOKEN`,
//! `CSP_APP_ID` + `CSP_APP_SECRET`, `CSP_ORG_ID`, `CSP_BASE_URL`.

use crate::api::address::{AddressError, parse_address};
use crate::auth::{Account, Credentials, DEFAULT_CSP_URL};
use crate::secret::Secret;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EnvError {
    #[error("{0}: {1}")]
    Address(&'static str, AddressError),
    #[error("{0} is set but {1} is not")]
    Missing(&'static str, &'static str),
    #[error(
        "WAVEFRONT_ADDRESS is set but no credentials: set WAVEFRONT_TOKEN, CSP_API_TOKEN, \
         or CSP_APP_ID and CSP_APP_SECRET"
    )]
    NoCredentials,
}

/// Reads an account from `lookup` (the process environment in the app, a map in tests).
/// `Ok(None)` when no address is set.
pub fn account_from(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Account>, EnvError> {
    let get = |k: &str| {
        lookup(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (var, address) = match (get("WAVEFRONT_ADDRESS"), get("WAVEFRONT_ENDPOINT")) {
        (Some(a), _) => ("WAVEFRONT_ADDRESS", a),
        (None, Some(a)) => ("WAVEFRONT_ENDPOINT", a),
        (None, None) => return Ok(None),
    };
    let instance = parse_address(&address).map_err(|e| EnvError::Address(var, e))?;
    let csp_raw = get("CSP_BASE_URL").unwrap_or_else(|| DEFAULT_CSP_URL.to_string());
    let csp = parse_address(&csp_raw).map_err(|e| EnvError::Address("CSP_BASE_URL", e))?;
    let credentials = if let Some(token) = get("CSP_API_TOKEN") {
        Credentials::CspApiToken {
            api_token: Secret::new(token),
        }
    } else if let Some(id) = get("CSP_APP_ID") {
        let secret =
            get("CSP_APP_SECRET").ok_or(EnvError::Missing("CSP_APP_ID", "CSP_APP_SECRET"))?;
        Credentials::CspServerToServer {
            client_id: id,
            client_secret: Secret::new(secret),
            org_id: get("CSP_ORG_ID"),
        }
    } else if let Some(token) = get("WAVEFRONT_TOKEN") {
        Credentials::ApiToken {
            token: Secret::new(token),
        }
    } else {
        return Err(EnvError::NoCredentials);
    };
    Ok(Some(Account {
        name: "env".into(),
        instance,
        csp,
        credentials,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Option<Account>, EnvError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        account_from(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_is_none() {
        assert!(from(&[]).unwrap().is_none());
    }

    #[test]
    fn api_token() {
        let a = from(&[
            ("WAVEFRONT_ENDPOINT", "acme.wavefront.com"),
            ("WAVEFRONT_TOKEN", "t"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.instance.as_str(), "https://acme.wavefront.com");
        assert_eq!(
            a.credentials,
            Credentials::ApiToken {
                token: Secret::new("t")
            }
        );
    }

    #[test]
    fn csp_methods_win_over_api_token_and_take_base_url() {
        let a = from(&[
            ("WAVEFRONT_ADDRESS", "acme.wavefront.com"),
            ("WAVEFRONT_TOKEN", "t"),
            ("CSP_APP_ID", "id"),
            ("CSP_APP_SECRET", "s"),
            ("CSP_ORG_ID", "org"),
            ("CSP_BASE_URL", "console-stg.cloud.vmware.com"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(a.csp.as_str(), "https://console-stg.cloud.vmware.com");
        assert!(
            matches!(a.credentials, Credentials::CspServerToServer { ref org_id, .. } if org_id.as_deref() == Some("org"))
        );
    }

    #[test]
    fn errors_are_clear() {
        assert_eq!(
            from(&[("WAVEFRONT_ADDRESS", "x.com"), ("CSP_APP_ID", "id")]).unwrap_err(),
            EnvError::Missing("CSP_APP_ID", "CSP_APP_SECRET")
        );
        assert_eq!(
            from(&[("WAVEFRONT_ADDRESS", "x.com")]).unwrap_err(),
            EnvError::NoCredentials
        );
        assert!(matches!(
            from(&[
                ("WAVEFRONT_ADDRESS", "http://x.com"),
                ("WAVEFRONT_TOKEN", "t")
            ])
            .unwrap_err(),
            EnvError::Address("WAVEFRONT_ADDRESS", AddressError::InsecureHttp(_))
        ));
    }
}
