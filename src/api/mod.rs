//! The Wavefront REST API: addresses, the HTTP client, envelopes and errors, paging, and the
//! catalog of resource kinds. Knows nothing about the terminal.

pub mod actions;
pub mod address;
pub mod alert_firings;
pub mod alerting;
pub mod catalog;
pub mod chart;
pub mod chart_events;
pub mod chart_stats;
pub mod client;
pub mod dashboard;
pub mod edit;
pub mod envelope;
pub mod error;
pub mod executor;
pub mod history;
pub mod metrics;
pub mod paging;
pub mod request;
pub mod retry;
pub mod search;
pub mod skim;
pub mod transport;
pub mod versions;

pub use address::{InstanceAddress, parse_address};
pub use catalog::{Kind, kind_by_name};
pub use client::ApiClient;
pub use error::ApiError;
pub use executor::{Executor, TokenSource};
pub use paging::{Page, PageGuard, PageRequest, Stopped};
pub use request::{ApiRequest, HttpMethod};
