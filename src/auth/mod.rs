//! Logging in: the four methods, the CSP token exchange, JWT claims, and the session that keeps a
//! valid bearer token (refreshing it ahead of expiry and after a 401). Never logs or shows a secret.

pub mod account;
pub mod csp;
pub mod error;
pub mod jwt;
pub mod refresh_schedule;
pub mod session;
pub mod store;

pub use account::{Account, Credentials, DEFAULT_CSP_URL, LoginMethod};
pub use error::AuthError;
pub use session::{Session, TokenStatus};
