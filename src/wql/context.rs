//! What each token is in its place (for colour), and what is being typed at a cursor (for
//! completion). Both come from one walk over the tokens, keeping the open calls on a stack.

use super::lex::{Token, TokenKind, lex};

/// A token's role in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Function,
    Metric,
    /// `source` / `host` in a filter.
    SourceKey,
    TagKey,
    TagValue,
    /// `and`, `or`, `not`, `by`, `without`.
    Keyword,
    String,
    Number,
    Time,
    Variable,
    Operator,
    Punctuation,
    Space,
    /// A name whose place says nothing (a bare word outside any call).
    Plain,
}

/// What the cursor is in the middle of typing; `prefix` is what is typed of it so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    Function {
        prefix: String,
    },
    /// A metric name inside `ts(`: `namespace` is the prefix up to its last `.` (`cpu.load.`).
    Metric {
        prefix: String,
        namespace: String,
    },
    /// A source after `source=` / `host=`, for the metric of the `ts(` it is in.
    Source {
        prefix: String,
        metric: Option<String>,
    },
    /// A point-tag key in the filter part of `ts(metric, …)`.
    TagKey {
        prefix: String,
        metric: Option<String>,
    },
    /// A point-tag value after `key=`.
    TagValue {
        key: String,
        prefix: String,
        metric: Option<String>,
    },
    /// Nothing to complete (inside a string, a number, a time).
    Nothing,
}

/// An open call or parenthesis.
#[derive(Debug, Clone, Default)]
struct Frame {
    /// Lower-cased function name; empty for a bare parenthesis.
    func: String,
    /// Which argument (commas seen).
    arg: usize,
    /// The metric of a `ts(`/`hs(`: its first argument.
    metric: Option<String>,
}

const SERIES_FUNCTIONS: &[&str] = &["ts", "hs", "spans", "events"];
const KEYWORDS: &[&str] = &["and", "or", "not", "by", "without"];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

fn is_source_key(word: &str) -> bool {
    word.eq_ignore_ascii_case("source") || word.eq_ignore_ascii_case("host")
}

/// Filter comparison operators (`=`, `!=`, `=~`).
fn is_match_op(t: &Token) -> bool {
    t.kind == TokenKind::Operator && matches!(t.text.as_str(), "=" | "!=" | "=~" | "!=~")
}

/// The walk: the stack of open calls, and the tokens seen.
#[derive(Default)]
struct Walk {
    stack: Vec<Frame>,
    /// The last two tokens that were not spaces.
    last: Option<Token>,
    before_last: Option<Token>,
}

impl Walk {
    /// The `ts(` frame whose filter we are in: the innermost, through bare parentheses.
    fn series_frame(&self) -> Option<&Frame> {
        for f in self.stack.iter().rev() {
            if SERIES_FUNCTIONS.contains(&f.func.as_str()) {
                return Some(f);
            }
            if !f.func.is_empty() {
                return None;
            }
        }
        None
    }

    fn in_metric_position(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| SERIES_FUNCTIONS.contains(&f.func.as_str()) && f.arg == 0)
    }

    fn in_filter(&self) -> bool {
        !self.in_metric_position() && self.series_frame().is_some()
    }

    fn metric(&self) -> Option<String> {
        self.series_frame().and_then(|f| f.metric.clone())
    }

    /// The key of a `key=` just before, if the last token is a match operator.
    fn key_before(&self) -> Option<&str> {
        match (&self.last, &self.before_last) {
            (Some(op), Some(key)) if is_match_op(op) && key.kind == TokenKind::Word => {
                Some(key.text.as_str())
            }
            _ => None,
        }
    }

    /// The role of a name (word or string) here; `next` is the next token that is not a space.
    fn name_role(&self, token: &Token, next: Option<&Token>) -> Role {
        if self.key_before().is_some() {
            return Role::TagValue;
        }
        let is_word = token.kind == TokenKind::Word;
        if is_word && next.is_some_and(|n| n.kind == TokenKind::LParen) {
            return Role::Function;
        }
        if is_word && is_keyword(&token.text) {
            return Role::Keyword;
        }
        if self.in_metric_position() {
            return Role::Metric;
        }
        if next.is_some_and(is_match_op) || (is_word && self.in_filter()) {
            return if is_source_key(&token.text) {
                Role::SourceKey
            } else {
                Role::TagKey
            };
        }
        if is_word { Role::Plain } else { Role::String }
    }

    /// Takes `token` in (after its role was read).
    fn step(&mut self, token: &Token, role: Role) {
        match token.kind {
            TokenKind::Space => return,
            TokenKind::LParen => {
                let func = match (&self.last, role) {
                    (Some(prev), _) if prev.kind == TokenKind::Word => prev.text.to_lowercase(),
                    _ => String::new(),
                };
                self.stack.push(Frame {
                    func,
                    ..Frame::default()
                });
            }
            TokenKind::RParen => {
                self.stack.pop();
            }
            TokenKind::Comma => {
                if let Some(f) = self.stack.last_mut() {
                    f.arg += 1;
                }
            }
            _ if role == Role::Metric => {
                if let Some(f) = self.stack.last_mut() {
                    f.metric = Some(unquote(&token.text).to_string());
                }
            }
            _ => {}
        }
        self.before_last = self.last.take();
        self.last = Some(token.clone());
    }
}

fn unquote(text: &str) -> &str {
    let t = text.strip_prefix(['"', '\'']).unwrap_or(text);
    t.strip_suffix(['"', '\'']).unwrap_or(t)
}

fn fixed_role(kind: TokenKind) -> Option<Role> {
    Some(match kind {
        TokenKind::Variable => Role::Variable,
        TokenKind::Number => Role::Number,
        TokenKind::Time => Role::Time,
        TokenKind::Operator => Role::Operator,
        TokenKind::LParen | TokenKind::RParen | TokenKind::Comma => Role::Punctuation,
        TokenKind::Space => Role::Space,
        TokenKind::Other => Role::Plain,
        TokenKind::Word | TokenKind::Str { .. } => return None,
    })
}

/// Every token with its role, in order.
pub fn roles(text: &str) -> Vec<(Token, Role)> {
    let tokens = lex(text);
    let mut walk = Walk::default();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens[i + 1..].iter().find(|t| t.kind != TokenKind::Space);
        let role = fixed_role(token.kind).unwrap_or_else(|| {
            let role = walk.name_role(token, next);
            match (role, token.kind) {
                (Role::Plain | Role::Keyword, TokenKind::Str { .. }) => Role::String,
                (r, _) => r,
            }
        });
        walk.step(token, role);
        out.push((token.clone(), role));
    }
    out
}

/// What is typed at `cursor` (chars), and the char range a completion replaces: the whole
/// name the cursor is in (inside quotes, the part between them).
pub fn context_at(text: &str, cursor: usize) -> (Context, std::ops::Range<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    let before: String = chars[..cursor].iter().collect();
    let mut tokens = lex(&before);
    // The name being typed: the last token, when the cursor touches it.
    let typing = match tokens.last() {
        Some(t) if t.kind == TokenKind::Word || t.kind == TokenKind::Str { closed: false } => {
            tokens.pop()
        }
        Some(t) if matches!(t.kind, TokenKind::Number | TokenKind::Time) => {
            // A number starting a name (`5xx`) is still being typed; a whole one is not a name.
            return (Context::Nothing, cursor..cursor);
        }
        Some(t)
            if matches!(
                t.kind,
                TokenKind::Str { closed: true } | TokenKind::Variable
            ) =>
        {
            return (Context::Nothing, cursor..cursor);
        }
        _ => None,
    };
    let mut walk = Walk::default();
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens[i + 1..].iter().find(|t| t.kind != TokenKind::Space);
        let role = fixed_role(token.kind).unwrap_or_else(|| walk.name_role(token, next));
        walk.step(token, role);
    }
    let quoted = typing.as_ref().is_some_and(|t| t.kind != TokenKind::Word);
    let start = typing
        .as_ref()
        .map_or(cursor, |t| t.start + usize::from(quoted));
    let prefix: String = chars[start..cursor].iter().collect();
    // The rest of the name after the cursor is replaced too.
    let mut end = cursor;
    while end < chars.len() && crate::wql::lex::is_word_char(chars[end]) {
        end += 1;
    }
    let context = typed_context(&walk, prefix, quoted);
    (context, start..end)
}

/// The context of a name typed after the walk so far.
fn typed_context(walk: &Walk, prefix: String, quoted: bool) -> Context {
    let metric = walk.metric();
    if let Some(key) = walk.key_before() {
        return if is_source_key(key) {
            Context::Source { prefix, metric }
        } else {
            Context::TagValue {
                key: key.to_string(),
                prefix,
                metric,
            }
        };
    }
    if walk.in_metric_position() {
        let namespace = prefix
            .rfind('.')
            .map_or(String::new(), |i| prefix[..=i].to_string());
        return Context::Metric { prefix, namespace };
    }
    if quoted {
        return Context::Nothing;
    }
    if walk.in_filter() && !is_keyword(&prefix) {
        // After a key (`env `) a keyword or operator comes, not another key.
        let after_name = walk
            .last
            .as_ref()
            .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Str { .. }))
            && !walk.last.as_ref().is_some_and(|t| is_keyword(&t.text));
        if !after_name {
            return Context::TagKey { prefix, metric };
        }
    }
    Context::Function { prefix }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context at the `|` in `marked`, and the text the range covers.
    fn at(marked: &str) -> (Context, String) {
        let cursor = marked.chars().position(|c| c == '|').unwrap();
        let text: String = marked.chars().filter(|&c| c != '|').collect();
        let (ctx, range) = context_at(&text, cursor);
        let covered: String = text.chars().skip(range.start).take(range.len()).collect();
        (ctx, covered)
    }

    fn func(p: &str) -> Context {
        Context::Function { prefix: p.into() }
    }

    fn metric(p: &str, ns: &str) -> Context {
        Context::Metric {
            prefix: p.into(),
            namespace: ns.into(),
        }
    }

    fn key(p: &str, m: &str) -> Context {
        Context::TagKey {
            prefix: p.into(),
            metric: Some(m.into()),
        }
    }

    fn value(k: &str, p: &str, m: &str) -> Context {
        Context::TagValue {
            key: k.into(),
            prefix: p.into(),
            metric: Some(m.into()),
        }
    }

    #[test]
    fn functions_at_the_start_and_in_arguments() {
        assert_eq!(at("|"), (func(""), "".into()));
        assert_eq!(at("su|"), (func("su"), "su".into()));
        assert_eq!(at("s|um(ts(x))"), (func("s"), "sum".into()));
        assert_eq!(at("sum(|"), (func(""), "".into()));
        assert_eq!(at("sum(ra|"), (func("ra"), "ra".into()));
        assert_eq!(at("mavg(5m, |"), (func(""), "".into()));
        assert_eq!(at("mavg(5m, ra|te(ts(x)))"), (func("ra"), "rate".into()));
        assert_eq!(at("ts(a) - ts(b) + de|"), (func("de"), "de".into()));
        assert_eq!(at("if(ts(a) > 2, |"), (func(""), "".into()));
    }

    #[test]
    fn metrics_inside_ts() {
        assert_eq!(at("ts(|"), (metric("", ""), "".into()));
        assert_eq!(at("ts(cpu.|"), (metric("cpu.", "cpu."), "cpu.".into()));
        assert_eq!(
            at("ts(cpu.load.1|m)"),
            (metric("cpu.load.1", "cpu.load."), "cpu.load.1m".into())
        );
        assert_eq!(at("sum(rate(ts(jvm|"), (metric("jvm", ""), "jvm".into()));
        assert_eq!(at("ts( mem|"), (metric("mem", ""), "mem".into()));
        // In quotes: the part after the quote.
        assert_eq!(
            at("ts(\"disk.us|"),
            (metric("disk.us", "disk."), "disk.us".into())
        );
        assert_eq!(at("hs(lat|"), (metric("lat", ""), "lat".into()));
        assert_eq!(at("TS(cp|"), (metric("cp", ""), "cp".into()));
    }

    #[test]
    fn tag_keys_in_the_filter() {
        assert_eq!(at("ts(cpu.load, |"), (key("", "cpu.load"), "".into()));
        assert_eq!(at("ts(cpu.load, en|"), (key("en", "cpu.load"), "en".into()));
        assert_eq!(
            at("ts(cpu.load, env=prod and reg|"),
            (key("reg", "cpu.load"), "reg".into())
        );
        assert_eq!(
            at("ts(cpu.load, (env=a or |"),
            (key("", "cpu.load"), "".into())
        );
        assert_eq!(at("ts(cpu.load, not |"), (key("", "cpu.load"), "".into()));
        assert_eq!(at("ts(\"cpu.load\", |"), (key("", "cpu.load"), "".into()));
        // After a whole value, a keyword is next: functions and keywords, not keys.
        assert_eq!(at("ts(cpu, env=prod |"), (func(""), "".into()));
    }

    #[test]
    fn tag_values_and_sources() {
        assert_eq!(
            at("ts(cpu.load, env=|"),
            (value("env", "", "cpu.load"), "".into())
        );
        assert_eq!(
            at("ts(cpu.load, env=pr|"),
            (value("env", "pr", "cpu.load"), "pr".into())
        );
        assert_eq!(
            at("ts(cpu.load, env=pr|od)"),
            (value("env", "pr", "cpu.load"), "prod".into())
        );
        assert_eq!(
            at("ts(cpu.load, env=\"pr|"),
            (value("env", "pr", "cpu.load"), "pr".into())
        );
        assert_eq!(
            at("ts(cpu.load, env!=st|"),
            (value("env", "st", "cpu.load"), "st".into())
        );
        assert_eq!(
            at("ts(cpu.load, source=web|"),
            (
                Context::Source {
                    prefix: "web".into(),
                    metric: Some("cpu.load".into())
                },
                "web".into()
            )
        );
        assert_eq!(
            at("ts(cpu.load, host = |"),
            (
                Context::Source {
                    prefix: "".into(),
                    metric: Some("cpu.load".into())
                },
                "".into()
            )
        );
        // The metric of the innermost ts.
        assert_eq!(
            at("ts(a.b, x=1) / ts(c.d, y=|"),
            (value("y", "", "c.d"), "".into())
        );
    }

    #[test]
    fn nothing_in_numbers_strings_and_variables() {
        assert_eq!(at("mavg(5m|").0, Context::Nothing);
        assert_eq!(at("ts(a) > 0.5|").0, Context::Nothing);
        assert_eq!(at("ts(a, \"x\"|").0, Context::Nothing);
        assert_eq!(at("ts(${metric}|").0, Context::Nothing);
        assert_eq!(at("alias(ts(a), \"na|").0, Context::Nothing);
        // Past the end: clamped.
        assert_eq!(context_at("su", 99).0, func("su"));
    }

    #[test]
    fn roles_colour_each_part() {
        let r: Vec<(String, Role)> = roles("sum(ts(cpu.load, env=prod and source=\"w\")) > 2")
            .into_iter()
            .filter(|(_, r)| *r != Role::Space)
            .map(|(t, r)| (t.text, r))
            .collect();
        let expect = [
            ("sum", Role::Function),
            ("(", Role::Punctuation),
            ("ts", Role::Function),
            ("(", Role::Punctuation),
            ("cpu.load", Role::Metric),
            (",", Role::Punctuation),
            ("env", Role::TagKey),
            ("=", Role::Operator),
            ("prod", Role::TagValue),
            ("and", Role::Keyword),
            ("source", Role::SourceKey),
            ("=", Role::Operator),
            ("\"w\"", Role::TagValue),
            (")", Role::Punctuation),
            (")", Role::Punctuation),
            (">", Role::Operator),
            ("2", Role::Number),
        ];
        let got: Vec<(&str, Role)> = r.iter().map(|(t, r)| (t.as_str(), *r)).collect();
        assert_eq!(got, expect);
        assert_eq!(roles("alias(x, \"n\")")[5].1, Role::String);
    }
}
