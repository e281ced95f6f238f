//! The header line: who is logged in where, how, and for how long.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{LoginState, State};
use crate::format::countdown;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // What fires, on every screen: room is kept for it before the identity is fitted.
    let badge = crate::app::views::firing::draw::badge(state, theme)
        .filter(|b| b.width() * 3 <= area.width as usize);
    let badge_width = badge.as_ref().map_or(0, Span::width);
    let (left, right) = header_text(state, (area.width as usize).saturating_sub(badge_width));
    let pad = (area.width as usize).saturating_sub(left.width() + right.width() + badge_width);
    let mut spans = vec![
        Span::styled(left, theme.header_accent),
        Span::styled(" ".repeat(pad), theme.header),
    ];
    spans.extend(badge);
    spans.push(Span::styled(right, theme.header_accent));
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line).style(theme.header), area);
}

/// `prod · acme.wavefront.com · CSP API token · jane@acme.com · org 6f1c… ` and ` token 27m `.
/// Identifiers stay whole while they fit; then the org id is shortened, then the method and
/// identity go, and the countdown on the right always stays.
fn header_text(state: &State, width: usize) -> (String, String) {
    let (parts, right): (Vec<String>, String) = match &state.login {
        LoginState::LoggedOut => (vec!["wf-tui".into(), "not logged in".into()], String::new()),
        LoginState::Standalone(label) => (vec!["wf-tui".into(), label.clone()], String::new()),
        LoginState::Pending { account } => {
            (vec![account.clone(), "logging in…".into()], String::new())
        }
        LoginState::Failed { account, .. } => {
            (vec![account.clone(), "login failed".into()], String::new())
        }
        LoginState::LoggedIn(t) => {
            let mut parts = vec![t.account.clone(), t.instance.clone()];
            if let Some(m) = t.method {
                parts.push(m.label().to_string());
            }
            if let Some(who) = &t.identity {
                parts.push(who.clone());
            } else if let Some(why) = &t.identity_unknown {
                // The short part of the reason; the token pane (`t`) has all of it.
                let short = why.split(':').next().unwrap_or(why).trim();
                parts.push(format!("identity unknown ({short})"));
            }
            if let Some(org) = &t.org {
                parts.push(format!("org {org}"));
            }
            let right = match t.expires_at_ms {
                Some(exp) => format!(" token {} ", countdown(exp, state.now_ms)),
                None => String::new(),
            };
            (parts, right)
        }
    };
    // A switch under way is in sight wherever the person is (the accounts pane says it too).
    let right = match (&state.switching, &state.login) {
        (Some(next), LoginState::LoggedIn(_)) => {
            let next: String = sanitize(next).chars().take(24).collect();
            format!(
                " switching to {next}…{}",
                if right.is_empty() { " " } else { &right }
            )
        }
        _ => right,
    };
    // Read-only mode is always in sight.
    let right = if state.read_only.is_on() {
        format!(" RO{}", if right.is_empty() { " " } else { &right })
    } else {
        right
    };
    let parts: Vec<String> = parts.iter().map(|p| sanitize(p).into_owned()).collect();
    let budget = width.saturating_sub(right.width());
    let join = |parts: &[String]| format!(" {} ", parts.join(" · "));
    let mut attempt = parts.clone();
    let mut text = join(&attempt);
    if text.width() > budget {
        if let Some(org) = attempt.iter_mut().find(|p| p.starts_with("org ")) {
            *org = format!("org {}…", org.chars().skip(4).take(8).collect::<String>());
        }
        text = join(&attempt);
    }
    // Drop the method, then the identity, while it still does not fit.
    while text.width() > budget && attempt.len() > 2 {
        let drop = if attempt.len() > 3 {
            2
        } else {
            attempt.len() - 1
        };
        attempt.remove(drop);
        text = join(&attempt);
    }
    (fit(&text, budget).into_owned(), right)
}
