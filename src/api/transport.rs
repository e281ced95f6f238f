//! What the HTTP client may do on the way to an instance: which proxy it may use, which
//! redirects it may follow, and how much of an answer it reads. Each rule keeps the bearer
//! token where it belongs.

use reqwest::Url;

use super::address::is_loopback;

/// The proxy for one request: the environment's HTTPS proxy (`HTTPS_PROXY`, `ALL_PROXY`, either
/// case) for `https://` to a host `NO_PROXY` does not exempt; **never** for plain `http://`,
/// which wf-tui sends only to loopback hosts: through a proxy the `Authorization` header would
/// cross the network in the clear. (reqwest's own environment proxy sends loopback `http://`
/// through `HTTP_PROXY`/`ALL_PROXY`.)
pub fn proxy() -> reqwest::Proxy {
    let https_proxy = env_proxy(|k| std::env::var(k).ok());
    reqwest::Proxy::custom(move |url| proxy_for(url, https_proxy.as_ref()))
        .no_proxy(reqwest::NoProxy::from_env())
}

/// The HTTPS proxy the environment names, if any.
fn env_proxy(var: impl Fn(&str) -> Option<String>) -> Option<Url> {
    ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .into_iter()
        .filter_map(var)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .find_map(|v| {
            let v = if v.contains("://") {
                v
            } else {
                format!("http://{v}")
            };
            Url::parse(&v).ok()
        })
}

fn proxy_for(url: &Url, https_proxy: Option<&Url>) -> Option<Url> {
    if url.scheme() != "https" || is_loopback(url) {
        return None;
    }
    https_proxy.cloned()
}

/// Redirects are followed only within the origin they started from (same scheme, host and
/// port), at most five: an answer from anywhere else is not the instance's, and a redirect from
/// https to http would put the token in the clear.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().cloned();
        match first {
            Some(first) if !same_origin(&first, attempt.url()) => {
                let refused = RedirectRefused {
                    to: origin(attempt.url()),
                };
                attempt.error(refused)
            }
            _ if attempt.previous().len() > 5 => attempt.error(TooManyRedirects),
            _ => attempt.follow(),
        }
    })
}

/// A redirect that leaves the instance.
#[derive(Debug, thiserror::Error)]
#[error("the server redirected to {to}, outside the instance: not followed")]
pub struct RedirectRefused {
    pub to: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the server redirected more than five times")]
pub struct TooManyRedirects;

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

fn origin(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
        (Some(host), None) => format!("{}://{host}", url.scheme()),
        _ => url.scheme().to_string(),
    }
}

/// Reading an answer's body failed.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// More than the limit came (counted after decompression: a small gzip body can inflate
    /// to gigabytes).
    #[error("the answer is larger than {} MiB (max_response_mb)", .limit >> 20)]
    TooLarge { limit: u64 },
    #[error(transparent)]
    Transport(#[from] reqwest::Error),
}

/// Reads the body chunk by chunk (reqwest inflates gzip as it streams), stopping once more
/// than `limit` bytes came: memory stays bounded whatever the server sends.
pub async fn read_body(mut resp: reqwest::Response, limit: u64) -> Result<Vec<u8>, BodyError> {
    let mut body = Vec::new();
    if let Some(len) = resp.content_length() {
        if len > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.reserve(len as usize);
    }
    while let Some(chunk) = resp.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn plain_http_and_loopback_never_go_through_a_proxy() {
        let proxy = url("http://proxy.corp:3128");
        assert_eq!(
            proxy_for(&url("http://127.0.0.1:8080/api/v2/alert"), Some(&proxy)),
            None
        );
        assert_eq!(proxy_for(&url("http://localhost/api"), Some(&proxy)), None);
        assert_eq!(proxy_for(&url("https://127.0.0.1/api"), Some(&proxy)), None);
        assert_eq!(
            proxy_for(&url("https://acme.wavefront.com/api"), Some(&proxy)),
            Some(proxy.clone())
        );
        assert_eq!(
            proxy_for(&url("https://acme.wavefront.com/api"), None),
            None
        );
    }

    #[test]
    fn only_https_proxies_of_the_environment_count() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        // HTTP_PROXY is for plain http, which never uses a proxy here.
        assert_eq!(env_proxy(env(&[("HTTP_PROXY", "http://p:1")])), None);
        assert_eq!(
            env_proxy(env(&[("https_proxy", "p.corp:3128")])),
            Some(url("http://p.corp:3128"))
        );
        assert_eq!(
            env_proxy(env(&[("ALL_PROXY", "socks5://s:1080")])),
            Some(url("socks5://s:1080"))
        );
    }

    #[test]
    fn origins() {
        assert!(same_origin(
            &url("https://a.com/x"),
            &url("https://a.com:443/y")
        ));
        assert!(!same_origin(
            &url("https://a.com/x"),
            &url("http://a.com/x")
        ));
        assert!(!same_origin(
            &url("https://a.com/x"),
            &url("https://b.com/x")
        ));
        assert!(!same_origin(
            &url("http://127.0.0.1:1/x"),
            &url("http://127.0.0.1:2/x")
        ));
        assert_eq!(origin(&url("http://127.0.0.1:9/api")), "http://127.0.0.1:9");
    }
}
