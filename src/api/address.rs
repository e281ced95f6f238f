//! Instance and CSP addresses: a host (`acme.wavefront.com`, https implied) or a URL.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;

/// A parsed, checked base URL of a Wavefront instance or a CSP console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceAddress {
    url: Url,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    #[error("the address is empty")]
    Empty,
    #[error("`{0}` is not a valid address: {1}")]
    Invalid(String, String),
    #[error("`{0}`: only https:// (or http:// to this machine) is supported")]
    Scheme(String),
    #[error(
        "`{0}`: plain http:// would send the token unencrypted; it is accepted only for \
         loopback hosts (localhost, 127.0.0.1, ::1). Use https://"
    )]
    InsecureHttp(String),
    /// `https://user:pass@host`: reqwest would send Basic auth in place of the bearer token,
    /// and every copied curl would print the password.
    #[error(
        "the address has a user name or password in it: give only the host (the token is the \
         credential)"
    )]
    UserInfo,
}

/// Parses what a person typed as an instance address.
///
/// `acme.wavefront.com` means `https://acme.wavefront.com`; a trailing `/api/v2` (as pasted from
/// API docs) is dropped; `http://` is refused unless the host is a loopback address.
pub fn parse_address(input: &str) -> Result<InstanceAddress, AddressError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(AddressError::Empty);
    }
    let with_scheme = if input.contains("://") {
        input.to_string()
    } else {
        format!("https://{input}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| AddressError::Invalid(input.to_string(), e.to_string()))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(AddressError::Invalid(input.to_string(), "no host".into()));
    }
    // Said without echoing the input: it holds a password.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AddressError::UserInfo);
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(AddressError::InsecureHttp(input.to_string())),
        _ => return Err(AddressError::Scheme(input.to_string())),
    }
    let path = url.path().trim_end_matches('/');
    let path = path
        .strip_suffix("/api/v2")
        .or_else(|| path.strip_suffix("/api"))
        .unwrap_or(path)
        .to_string();
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    Ok(InstanceAddress { url })
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl InstanceAddress {
    /// The full URL of an API path such as `/api/v2/cloudintegration`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.url.as_str().trim_end_matches('/'), path)
    }

    /// `host` or `host:port`, for the header line.
    pub fn host_label(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// `host:port`, the port said even when it is the scheme's default, for error messages.
    pub fn host_port(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port_or_known_default() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }
}

impl fmt::Display for InstanceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {

    /// `user:pass@` used to replace the bearer with Basic auth and put the password in every
    /// copied curl.
    #[test]
    fn user_info_is_refused_without_echoing_it() {
        for input in [
            "https://user:s3cret@acme.wavefront.com",
            "http://user@127.0.0.1:8080",
            "admin:s3cret@acme.wavefront.com",
        ] {
            let err = parse_address(input).unwrap_err();
            assert_eq!(err, AddressError::UserInfo, "{input}");
            assert!(!err.to_string().contains("s3cret"));
        }
    }

    use super::*;

    #[test]
    fn bare_host_means_https() {
        let a = parse_address("acme.wavefront.com").unwrap();
        assert_eq!(a.as_str(), "https://acme.wavefront.com");
        assert_eq!(a.host_label(), "acme.wavefront.com");
        assert_eq!(
            a.join("/api/v2/alert"),
            "https://acme.wavefront.com/api/v2/alert"
        );
    }

    #[test]
    fn pasted_api_path_is_dropped() {
        let a = parse_address(" https://acme.wavefront.com/api/v2/ ").unwrap();
        assert_eq!(a.as_str(), "https://acme.wavefront.com");
    }

    #[test]
    fn http_only_for_loopback() {
        assert!(parse_address("http://127.0.0.1:8080").is_ok());
        assert!(parse_address("http://localhost:1").is_ok());
        assert!(parse_address("http://[::1]:9").is_ok());
        assert_eq!(
            parse_address("http://acme.wavefront.com"),
            Err(AddressError::InsecureHttp(
                "http://acme.wavefront.com".into()
            ))
        );
        assert!(matches!(
            parse_address("http://10.0.0.1"),
            Err(AddressError::InsecureHttp(_))
        ));
        assert!(matches!(
            parse_address("ftp://x"),
            Err(AddressError::Scheme(_))
        ));
        assert_eq!(parse_address("  "), Err(AddressError::Empty));
        assert!(matches!(
            parse_address("https://"),
            Err(AddressError::Invalid(..))
        ));
    }

    #[test]
    fn port_is_kept_in_label() {
        let a = parse_address("http://127.0.0.1:4321").unwrap();
        assert_eq!(a.host_label(), "127.0.0.1:4321");
    }
}
