//! The Wavefront v2 response envelope: `{"status": {result, message, code}, "response": …}`.
//!
//! Most endpoints wrap their payload in it; a few (`GET /api/v2/user`, chart queries) answer
//! bare. [`unwrap_envelope`] accepts both, so callers need not know which kind they hit.
//!
//! It is read only for a 2xx answer (the HTTP status decides success) and as the official
//! generated clients read it: a `response` member is the payload whatever `status.result`
//! says; only an `ERROR` status with no payload is an error.

use serde_json::Value;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EnvelopeError {
    /// A 2xx whose envelope says `ERROR` and carries no `response`.
    #[error("{message}")]
    Error { code: Option<u16>, message: String },
}

/// The members an envelope may have (`debugInfo` since v2.223.1).
pub const ENVELOPE_KEYS: &[&str] = &["status", "response", "debugInfo"];

/// Whether an object with these keys, whose `status.result` is or is not a string, is an
/// envelope: a status with a `result` (any value: unknown ones too), or nothing but envelope
/// members with a `response` among them (a gateway that drops `status`, or writes
/// `"result": null`). An item that merely has a `status` field (alerts do) is not one.
pub fn is_envelope<'a>(mut keys: impl Iterator<Item = &'a str>, result_is_string: bool) -> bool {
    let mut has_response = false;
    let only_envelope_keys = keys.all(|k| {
        has_response |= k == "response";
        ENVELOPE_KEYS.contains(&k)
    });
    result_is_string || (only_envelope_keys && has_response)
}

/// Returns the payload of an envelope, or the value itself when it is not one.
pub fn unwrap_envelope(value: Value) -> Result<Value, EnvelopeError> {
    let Value::Object(mut map) = value else {
        return Ok(value);
    };
    let result_is_string = map
        .get("status")
        .and_then(|s| s.get("result"))
        .is_some_and(Value::is_string);
    if !is_envelope(map.keys().map(String::as_str), result_is_string) {
        return Ok(Value::Object(map));
    }
    let status = map.remove("status").unwrap_or(Value::Null);
    match map.remove("response") {
        Some(response) if !response.is_null() => Ok(response),
        _ if status.get("result").and_then(Value::as_str) == Some("ERROR") => {
            let code = status
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok());
            let message = status
                .get("message")
                .and_then(Value::as_str)
                .filter(|m| !m.trim().is_empty())
                .unwrap_or("the server reported an error without a message")
                .to_string();
            Err(EnvelopeError::Error { code, message })
        }
        _ => Ok(Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_envelope_yields_response() {
        let v = json!({"status":{"result":"OK","message":"","code":200},"response":{"items":[1]}});
        assert_eq!(unwrap_envelope(v).unwrap(), json!({"items":[1]}));
    }

    /// A `status` of `"result": null`, or none at all, used to make the whole envelope the
    /// payload: a list of nothing, silently (found by the conformance tests).
    #[test]
    fn an_envelope_without_a_status_result_still_yields_its_response() {
        for v in [
            json!({"response":{"items":[1]}}),
            json!({"status":{"result":null,"code":200},"response":{"items":[1]}}),
            json!({"status":null,"response":{"items":[1]},"debugInfo":["x"]}),
        ] {
            assert_eq!(
                unwrap_envelope(v.clone()).unwrap(),
                json!({"items":[1]}),
                "{v}"
            );
        }
        // An item with a `response` field among others is an item.
        let item = json!({"response":"yes","name":"x"});
        assert_eq!(unwrap_envelope(item.clone()).unwrap(), item);
    }

    #[test]
    fn ok_envelope_without_response_is_null() {
        let v = json!({"status":{"result":"OK","code":200}});
        assert_eq!(unwrap_envelope(v).unwrap(), Value::Null);
    }

    #[test]
    fn error_envelope_without_response_is_an_error() {
        for v in [
            json!({"status":{"result":"ERROR","message":"bad query","code":400}}),
            json!({"status":{"result":"ERROR","message":"bad query","code":400},"response":null}),
        ] {
            assert_eq!(
                unwrap_envelope(v).unwrap_err(),
                EnvelopeError::Error {
                    code: Some(400),
                    message: "bad query".into()
                }
            );
        }
    }

    #[test]
    fn a_response_is_the_payload_whatever_the_status_says() {
        for result in ["ERROR", "WARNING", "PARTIAL", ""] {
            let v =
                json!({"status":{"result":result,"message":"m","code":200},"response":{"id":"x"}});
            assert_eq!(unwrap_envelope(v).unwrap(), json!({"id":"x"}), "{result}");
        }
        let unknown = json!({"status":{"result":"SOMETHING","code":200}});
        assert_eq!(unwrap_envelope(unknown).unwrap(), Value::Null);
    }

    #[test]
    fn bare_payloads_pass_through() {
        let arr = json!([{"identifier":"a@b.c"}]);
        assert_eq!(unwrap_envelope(arr.clone()).unwrap(), arr);
        // An item that merely has a `status` field (alerts do) is not an envelope.
        let item = json!({"status":["FIRING"],"name":"x"});
        assert_eq!(unwrap_envelope(item.clone()).unwrap(), item);
    }
}
