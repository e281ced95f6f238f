//! The vendored Swagger 2.0 spec of the Wavefront REST API (`spec/swagger.spec.gz`).

use std::io::Read;

/// The spec, decompressed and parsed.
pub fn spec() -> serde_json::Value {
    let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/swagger.spec.gz"))
        .expect("spec/swagger.spec.gz is vendored");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .expect("the vendored spec gunzips");
    serde_json::from_str(&text).expect("the vendored spec is JSON")
}
