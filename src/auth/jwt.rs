//! Reading the claims of a CSP access token (a JWT). Decoding only: the instance verifies it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// The claims wf-tui shows (FACTS §3.5); every one is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: Option<String>,
    pub username: Option<String>,
    pub domain: Option<String>,
    /// The CSP organization id.
    pub context_name: Option<String>,
    pub context: Option<String>,
    #[serde(default)]
    pub perms: Vec<String>,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub azp: Option<String>,
    pub jti: Option<String>,
}

impl Claims {
    /// Who the token belongs to: the user name, else the subject, else the OAuth client.
    pub fn identity(&self) -> Option<String> {
        self.username
            .clone()
            .or_else(|| self.sub.clone())
            .or_else(|| self.azp.clone())
    }
}

/// Decodes the payload of `header.payload.signature`; `None` for anything that is not a JWT.
pub fn decode_claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_csp_claims() {
        let t = jwt(
            r#"{"sub":"vmwareid:b3b8","username":"jane@acme.com","context_name":"6f1c",
            "perms":["csp:org_member","external/x/admin"],"exp":1700001800,"iat":1700000000}"#,
        );
        let c = decode_claims(&t).unwrap();
        assert_eq!(c.identity().as_deref(), Some("jane@acme.com"));
        assert_eq!(c.context_name.as_deref(), Some("6f1c"));
        assert_eq!(c.perms.len(), 2);
        assert_eq!(c.exp, Some(1_700_001_800));
    }

    #[test]
    fn identity_falls_back_to_sub_then_azp() {
        let c = decode_claims(&jwt(r#"{"azp":"app-1"}"#)).unwrap();
        assert_eq!(c.identity().as_deref(), Some("app-1"));
    }

    #[test]
    fn non_jwts_are_none() {
        assert!(decode_claims("a411c16b-3cf7-4f03-bf11-8ca05aab898d").is_none());
        assert!(decode_claims("a.b.c").is_none());
        assert!(decode_claims("a.b.c.d").is_none());
    }
}
