//! A seeded generator of JSON values from the spec's own models (`definitions`), with the
//! variations a real instance may send and the spec does not promise: optional and required
//! fields absent or null, every enum value and unknown ones, empty and hostile strings, huge
//! numbers, a string where a number belongs, deep nesting, unknown extra fields.
//!
//! Values the `serde_json::Value` type cannot hold as they are sent (numbers beyond 64 bits,
//! `1e400`, a 2,000-deep array) are generated as marker strings and written out raw by
//! [`to_wire`], so the server sends exactly the text a real one could.

use serde_json::{Map, Value, json};

/// A tiny deterministic PRNG (SplitMix64): the same seed gives the same data everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x005e_ed0f_c0f0_4a11)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Which variations the generator may produce. Those the app cannot take yet (fixed on other
/// branches) are switched off by the test's gates.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Numbers beyond 64 bits and doubles (`12345678901234567890123`, `-9223372036854775809`).
    pub huge_numbers: bool,
    /// `1e400`: out of the range of a double.
    pub out_of_range_numbers: bool,
    /// An extra field holding a 2,000-deep array or object.
    pub deep_nesting: bool,
}

const RAW: &str = "\u{0}RAW:";
const RAW_END: &str = ":RAW\u{0}";
const DEEP: usize = 2000;

/// A value written out as raw JSON text (a number, a deep document) by [`to_wire`].
pub fn raw(text: &str) -> Value {
    Value::String(format!("{RAW}{text}{RAW_END}"))
}

/// Whether a string is a [`raw`] marker (a number or a deep value on the wire).
pub fn is_raw(s: &str) -> bool {
    s.starts_with(RAW) && s.ends_with(RAW_END)
}

/// The JSON text of `value` with every [`raw`] marker replaced by its text.
pub fn to_wire(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("values serialize");
    // serde_json writes the marker's NUL as \u0000.
    let (open, close) = ("\"\\u0000RAW:", ":RAW\\u0000\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let end = after.find(close).expect("a marker ends");
        let inner = &after[..end];
        match inner {
            "deep-array" => {
                out.push_str(&"[".repeat(DEEP));
                out.push_str(&"]".repeat(DEEP));
            }
            "deep-object" => {
                out.push_str(&"{\"a\":".repeat(DEEP - 1));
                out.push_str("{}");
                out.push_str(&"}".repeat(DEEP - 1));
            }
            number => out.push_str(number),
        }
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The raw numbers (as written) anywhere in `value`, for checking they come back exactly.
pub fn raw_numbers(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Some(inner) = s.strip_prefix(RAW).and_then(|s| s.strip_suffix(RAW_END)) {
                if !inner.starts_with("deep") {
                    out.push(inner.to_string());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| raw_numbers(v, out)),
        Value::Object(map) => map.values().for_each(|v| raw_numbers(v, out)),
        _ => {}
    }
}

/// Whether `value` holds a deep-nesting marker.
pub fn has_deep(value: &Value) -> bool {
    match value {
        Value::String(s) => s.starts_with(RAW) && s.contains("deep-"),
        Value::Array(items) => items.iter().any(has_deep),
        Value::Object(map) => map.values().any(has_deep),
        _ => false,
    }
}

/// Strings a server may send: empty, unicode, right-to-left, emoji, control characters and
/// escapes, bidi overrides, zero-width characters, a spreadsheet formula, a long one.
pub const STRINGS: &[&str] = &[
    "",
    "plain",
    "Ünïcödé straße ✓",
    "שלום עולם مرحبا",
    "🚀🔥👍🏽 👨‍👩‍👧‍👦",
    "\u{1b}[2J\u{1b}[31mred\u{7}\r\n\ttab",
    "quote \" backslash \\ slash / \u{8}\u{c}",
    "zero\u{200b}width\u{feff}",
    "\u{202e}evil\u{202c} override",
    "=HYPERLINK(\"http://x\")",
    "null",
    "{\"not\":\"json\"}",
    "日本語のテキスト、全角",
    "\u{0}nul\u{1f}",
];

fn string(rng: &mut Rng) -> Value {
    if rng.chance(5) {
        return Value::String("long ".repeat(60 + rng.below(200)));
    }
    Value::String(rng.pick(STRINGS).to_string())
}

fn integer(rng: &mut Rng, options: &Options) -> Value {
    let now = 1_764_590_000_000i64;
    // Drawn whatever is picked, so that a seed draws the same whatever the options.
    let small = rng.below(100_000);
    match rng.below(14) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MAX),
        3 => json!(i64::MIN),
        4 => json!(u64::MAX),
        5 if options.huge_numbers => raw("12345678901234567890123"),
        6 if options.huge_numbers => raw("-9223372036854775809"),
        7 if options.out_of_range_numbers => raw("1e400"),
        8 => json!("42"),
        9 => json!(now - rng.below(86_400_000) as i64),
        10 => json!(1.5),
        _ => json!(small),
    }
}

fn number(rng: &mut Rng, options: &Options) -> Value {
    let fallback = integer(rng, options);
    match rng.below(8) {
        0 => json!(0.1),
        1 => json!(-1.0e-300),
        2 => json!(f64::MAX),
        3 if options.huge_numbers => raw("12345678901234567890123.000000000000000001"),
        4 if options.out_of_range_numbers => raw("-1e400"),
        5 => json!("3.14"),
        _ => fallback,
    }
}

/// The generator for one case: the spec, a seed's PRNG, the options.
pub struct Generator<'a> {
    pub spec: &'a Value,
    pub rng: Rng,
    pub options: Options,
}

impl<'a> Generator<'a> {
    pub fn new(spec: &'a Value, seed: u64, options: Options) -> Self {
        Generator {
            spec,
            rng: Rng::new(seed),
            options,
        }
    }

    /// A definition by name (`Alert`) or `$ref` (`#/definitions/Alert`).
    pub fn definition(&self, name: &str) -> &'a Value {
        let name = name.trim_start_matches("#/definitions/");
        self.spec
            .pointer(&format!(
                "/definitions/{}",
                name.replace('~', "~0").replace('/', "~1")
            ))
            .unwrap_or_else(|| panic!("no definition {name} in the spec"))
    }

    /// A schema with its `$ref` followed.
    pub fn resolve(&self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self.resolve(self.definition(r)),
            None => schema,
        }
    }

    /// A value for `schema`, `depth` levels down (models refer to themselves: depth bounds it).
    pub fn value(&mut self, schema: &'a Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(m) = self.value(part, depth) {
                    merged.extend(m);
                }
            }
            return Value::Object(merged);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            // Every value of the enum, and ones the spec does not know yet.
            let unknown = [json!("SOMETHING_NEW"), json!(""), json!("lowercase_value")];
            let pick = self.rng.below(values.len() + 1);
            return match values.get(pick) {
                Some(v) => v.clone(),
                None => self.rng.pick(&unknown).clone(),
            };
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let has_properties = schema.get("properties").is_some();
        match ty {
            Some("string") => {
                if schema.get("format").and_then(Value::as_str) == Some("date-time")
                    && self.rng.chance(60)
                {
                    return json!("2026-12-01T13:56:35.123Z");
                }
                string(&mut self.rng)
            }
            Some("integer") => integer(&mut self.rng, &self.options),
            Some("number") => number(&mut self.rng, &self.options),
            Some("boolean") => match self.rng.below(10) {
                0 => json!("true"),
                1 => json!(1),
                n => json!(n % 2 == 0),
            },
            Some("array") => {
                let n = if depth > 3 { 0 } else { self.rng.below(4) };
                let items = schema.get("items").unwrap_or(&Value::Null);
                Value::Array((0..n).map(|_| self.value(items, depth + 1)).collect())
            }
            Some("object") | None if has_properties => self.object(schema, depth),
            Some("object") => match schema.get("additionalProperties") {
                Some(extra) if extra.is_object() => {
                    let n = if depth > 3 { 0 } else { self.rng.below(4) };
                    let mut map = Map::new();
                    for i in 0..n {
                        let key = format!("{}{i}", self.rng.pick(STRINGS));
                        map.insert(key, self.value(extra, depth + 1));
                    }
                    Value::Object(map)
                }
                _ => self.anything(depth),
            },
            _ => self.anything(depth),
        }
    }

    /// An object of `schema`'s properties, each maybe absent or null (required ones too, less
    /// often: the spec's `required` is not trusted), and maybe an unknown extra field.
    fn object(&mut self, schema: &'a Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut map = Map::new();
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (name, prop) in props {
                let (absent, null) = if required.contains(&name.as_str()) {
                    (4, 4)
                } else {
                    (20, 10)
                };
                if self.rng.chance(absent) {
                    continue;
                }
                if self.rng.chance(null) {
                    map.insert(name.clone(), Value::Null);
                    continue;
                }
                if depth > 3 && prop.get("$ref").is_some() {
                    map.insert(name.clone(), json!({}));
                    continue;
                }
                let v = self.value(prop, depth + 1);
                map.insert(name.clone(), v);
            }
        }
        if self.rng.chance(15) {
            let v = self.anything(depth + 1);
            map.insert("someFieldFromTheFuture".into(), v);
        }
        Value::Object(map)
    }

    /// A value of no declared type (`JsonNode`, an unknown field).
    pub fn anything(&mut self, depth: usize) -> Value {
        match self.rng.below(if depth > 3 { 4 } else { 6 }) {
            0 => Value::Null,
            1 => string(&mut self.rng),
            2 => integer(&mut self.rng, &self.options),
            3 => json!(self.rng.chance(50)),
            4 => Value::Array(vec![self.anything(depth + 1), self.anything(depth + 1)]),
            _ => {
                let key = self.rng.pick(STRINGS).to_string();
                let v = self.anything(depth + 1);
                json!({ key: v })
            }
        }
    }

    /// A 2,000-deep array or object, written raw.
    pub fn deep(&mut self) -> Value {
        if self.rng.chance(50) {
            raw("deep-array")
        } else {
            raw("deep-object")
        }
    }

    /// A unique, usable id for item `i`: strings with path-hostile or non-ASCII characters, or
    /// integers up to 64 bits.
    pub fn id(&mut self, i: usize) -> Value {
        match self.rng.below(9) {
            0 => json!(u64::MAX - i as u64),
            1 => json!(i as u64 + 1),
            2 => json!(format!("a/b c?d#e%{i}")),
            3 => json!(format!("ünï-cödé-{i}-✓")),
            4 => json!(format!("user{i}@example.com")),
            5 => json!(format!("sa::svc-{i}")),
            6 => json!(format!("🚀-{i}")),
            7 => json!(format!("{i:08x}-1b2c-4d5e-8f90-a1b2c3d4e5f6")),
            _ => json!(format!("id-{i}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_markers_become_raw_text() {
        let v = json!({"n": raw("1e400"), "d": raw("deep-array"), "s": "x"});
        let text = to_wire(&v);
        assert!(
            text.starts_with("{\"n\":1e400,\"d\":[[["),
            "{}",
            &text[..40]
        );
        assert!(text.ends_with("]]],\"s\":\"x\"}"));
        let mut nums = Vec::new();
        raw_numbers(&v, &mut nums);
        assert_eq!(nums, vec!["1e400".to_string()]);
        assert!(has_deep(&v));
    }
}
