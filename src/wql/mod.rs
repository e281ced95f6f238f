//! Wavefront Query Language, as far as an editor needs it: a tolerant lexer ([`lex`]), the role
//! of each token (for colour) and what is being typed at a cursor ([`context`]), the static
//! function table ([`functions`]) and completion candidates with the range they replace
//! ([`complete`]). Pure: no I/O, char positions throughout (what a text input's cursor counts).

pub mod complete;
pub mod context;
pub mod functions;
pub mod lex;
pub mod position;

pub use complete::{Candidate, CandidateKind, Completion, Known, complete};
pub use context::{Context, Role, context_at, roles};
pub use lex::{Token, TokenKind, lex};
