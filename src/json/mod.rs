//! The JSON document model of the inspector: a flat index of nodes over the original bytes,
//! built once without recursion (a 2,000-deep document opens), then folded, walked and searched
//! in steps that do not depend on the document's size.

pub mod diff;
pub mod index;
pub mod jq;
pub mod path;
pub mod shown;
pub mod value;

pub use index::{Doc, Documents, NodeKind, ParseError};
pub use value::{STACK_SIZE, parse_str, parse_value};
