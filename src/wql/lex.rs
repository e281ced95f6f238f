//! A tolerant lexer: any text lexes (an unclosed string runs to the end, an unknown character
//! is a token of its own), positions are in chars.

/// What a token is, before its place in the query says more (see [`super::context::roles`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A name: a function, metric, tag key or value, keyword (`cpu.load`, `env`, `and`, `web-*`).
    Word,
    /// `"…"`; `closed` is false when the text ends inside it.
    Str {
        closed: bool,
    },
    /// `${var}` (a dashboard variable).
    Variable,
    Number,
    /// `5m`, `1h`, `30s`, `2d`, `1w`.
    Time,
    /// `= != =~ > < >= <= == + - * / % ^ & |`
    Operator,
    LParen,
    RParen,
    Comma,
    Space,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Char positions: `start..end`.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Characters a name may hold: metric names carry dots, dashes, `~`, globs (`*`), and tag
/// values slashes and colons.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || "_.-*~:/@#".contains(c)
}

fn is_time_unit(c: char) -> bool {
    matches!(c, 's' | 'm' | 'h' | 'd' | 'w' | 'y')
}

pub fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let kind = lex_one(&chars, &mut i);
        tokens.push(Token {
            kind,
            start,
            end: i,
            text: chars[start..i].iter().collect(),
        });
    }
    tokens
}

/// Reads the token at `*i`, moving `*i` past it.
fn lex_one(chars: &[char], i: &mut usize) -> TokenKind {
    let c = chars[*i];
    let take_while = |i: &mut usize, f: &dyn Fn(char) -> bool| {
        while *i < chars.len() && f(chars[*i]) {
            *i += 1;
        }
    };
    *i += 1;
    match c {
        _ if c.is_whitespace() => {
            take_while(i, &|c| c.is_whitespace());
            TokenKind::Space
        }
        '"' | '\'' => {
            let mut escaped = false;
            while *i < chars.len() {
                let d = chars[*i];
                *i += 1;
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == c {
                    return TokenKind::Str { closed: true };
                }
            }
            TokenKind::Str { closed: false }
        }
        '$' if chars.get(*i) == Some(&'{') => {
            take_while(i, &|c| c != '}');
            if *i < chars.len() {
                *i += 1;
            }
            TokenKind::Variable
        }
        '(' => TokenKind::LParen,
        ')' => TokenKind::RParen,
        ',' => TokenKind::Comma,
        '=' | '!' | '<' | '>' => {
            take_while(i, &|c| matches!(c, '=' | '~'));
            TokenKind::Operator
        }
        '+' | '%' | '^' | '&' | '|' => TokenKind::Operator,
        // A lone `*`, `-` or `/` is arithmetic; inside a name it is part of it (`cpu.*`).
        '*' | '-' | '/' if !chars.get(*i).is_some_and(|&d| is_word_char(d) && d != '-') => {
            TokenKind::Operator
        }
        _ if c.is_ascii_digit() => number(chars, i),
        _ if is_word_char(c) => {
            take_while(i, &|c| is_word_char(c));
            TokenKind::Word
        }
        _ => TokenKind::Other,
    }
}

/// `42`, `0.5`, `1e3`, a time `5m`; digits that run into letters are a name (`5xx.count`).
fn number(chars: &[char], i: &mut usize) -> TokenKind {
    let start = *i - 1;
    while *i < chars.len() && (chars[*i].is_ascii_digit() || chars[*i] == '.') {
        *i += 1;
    }
    let at_word_end = |j: usize| !chars.get(j).is_some_and(|&d| is_word_char(d));
    if chars.get(*i).copied().is_some_and(is_time_unit) && at_word_end(*i + 1) {
        *i += 1;
        return TokenKind::Time;
    }
    if at_word_end(*i) {
        return TokenKind::Number;
    }
    *i = start + 1;
    while *i < chars.len() && is_word_char(chars[*i]) {
        *i += 1;
    }
    TokenKind::Word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, String)> {
        lex(text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| (t.kind, t.text))
            .collect()
    }

    #[test]
    fn lexes_a_query() {
        use TokenKind::*;
        let k = kinds(r#"mavg(5m, ts("cpu.load", env=prod and source=web-*)) > 0.5"#);
        let expect: Vec<(TokenKind, &str)> = vec![
            (Word, "mavg"),
            (LParen, "("),
            (Time, "5m"),
            (Comma, ","),
            (Word, "ts"),
            (LParen, "("),
            (Str { closed: true }, "\"cpu.load\""),
            (Comma, ","),
            (Word, "env"),
            (Operator, "="),
            (Word, "prod"),
            (Word, "and"),
            (Word, "source"),
            (Operator, "="),
            (Word, "web-*"),
            (RParen, ")"),
            (RParen, ")"),
            (Operator, ">"),
            (Number, "0.5"),
        ];
        let got: Vec<(TokenKind, &str)> = k.iter().map(|(k, t)| (*k, t.as_str())).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn tolerates_anything() {
        use TokenKind::*;
        assert_eq!(
            kinds("ts(\"cpu"),
            vec![
                (Word, "ts".into()),
                (LParen, "(".into()),
                (Str { closed: false }, "\"cpu".into())
            ]
        );
        assert_eq!(kinds("${env}")[0].0, Variable);
        assert_eq!(kinds("${env")[0].0, Variable);
        assert_eq!(kinds("5xx.count")[0], (Word, "5xx.count".into()));
        assert_eq!(kinds("a - b")[1], (Operator, "-".into()));
        assert_eq!(kinds("a * 2")[1], (Operator, "*".into()));
        assert_eq!(kinds("env!=x")[1], (Operator, "!=".into()));
        assert_eq!(kinds("é¿")[1].0, Other);
        assert!(lex("").is_empty());
        // Positions are chars, not bytes.
        let t = lex("é(x");
        assert_eq!((t[2].start, t[2].end), (2, 3));
    }
}
