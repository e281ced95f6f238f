//! Why a token could not be had.

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum AuthError {
    #[error("{by} refused the login: {message} (HTTP {status})")]
    Rejected {
        by: &'static str,
        status: u16,
        message: String,
    },
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Protocol(String),
}
