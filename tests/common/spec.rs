//! The official API description vendored in `spec/` (see `spec/README.md`), for tests that hold
//! the app and the stand-in to it. Read from the repository, so a fresh clone tests itself.

use std::io::Read;
use std::path::PathBuf;

use serde_json::Value;

/// `spec/` at the root of the repository.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec")
}

/// The official Swagger 2.0 spec (`spec/swagger.spec.gz`, kept gzipped as it was published).
pub fn spec() -> Value {
    let path = spec_dir().join("swagger.spec.gz");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: not gzipped UTF-8: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

/// The newest official client's operation list (`spec/endpoints-2.223.1.tsv`): a header line,
/// then `method<TAB>path<TAB>…` per operation.
pub fn endpoints_tsv() -> String {
    let path = spec_dir().join("endpoints-2.223.1.tsv");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
