//! The token status pane: who, what, until when, and how refreshing goes. Never a secret.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{LoginState, State};
use crate::format::{countdown, relative_time};
use crate::text::sanitize;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(" Token status", theme.title)),
        Line::default(),
    ];
    let t = match &state.login {
        LoginState::LoggedIn(t) => t,
        LoginState::LoggedOut | LoginState::Standalone(_) => {
            lines.push(Line::from(" not logged in"));
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        LoginState::Pending { account } => {
            lines.push(Line::from(format!(" logging in to {}…", sanitize(account))));
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        LoginState::Failed { account, message } => {
            lines.push(Line::from(Span::styled(
                format!(
                    " login to {} failed: {}",
                    sanitize(account),
                    sanitize(message)
                ),
                theme.error,
            )));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            return;
        }
    };
    let now = state.now_ms;
    let full = |ms| state.times.full(ms);
    let when = |ms: Option<i64>| -> String {
        ms.map(|ms| format!("{} ({})", full(ms), relative_time(ms, now)))
            .unwrap_or_else(|| "—".into())
    };
    let row = |label: &str, value: String| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!(" {label:<18}"), theme.muted),
            Span::raw(sanitize(&value).into_owned()),
        ])
    };
    lines.push(row("account", t.account.clone()));
    lines.push(row("instance", t.instance.clone()));
    lines.push(row(
        "method",
        t.method.map(|m| m.label().to_string()).unwrap_or_default(),
    ));
    let unknown = || match &t.identity_unknown {
        Some(why) => format!("unknown: {why}"),
        None => "unknown".into(),
    };
    lines.push(row("identity", t.identity.clone().unwrap_or_else(unknown)));
    lines.push(row(
        "account type",
        t.account_type.clone().unwrap_or_else(|| {
            if t.identity_unknown.is_some() {
                unknown()
            } else {
                "—".into()
            }
        }),
    ));
    lines.push(row(
        "organization",
        t.org.clone().unwrap_or_else(|| "—".into()),
    ));
    lines.push(row("issued", when(t.issued_at_ms)));
    lines.push(row(
        "expires",
        match t.expires_at_ms {
            Some(exp) => format!("{} (in {})", full(exp), countdown(exp, now)),
            None => "does not expire on a clock (API token)".into(),
        },
    ));
    lines.push(row("next refresh", when(t.next_refresh_at_ms)));
    let last = match (&t.last_refresh_at_ms, &t.last_refresh_error) {
        (None, _) => "none yet".to_string(),
        (Some(at), None) => format!("ok, {}", relative_time(*at, now)),
        (Some(at), Some(err)) => format!("failed {}: {err}", relative_time(*at, now)),
    };
    lines.push(row("last refresh", last));
    lines.push(row("refreshes", t.refresh_count.to_string()));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(" permissions", theme.muted)));
    if t.permissions.is_empty() {
        lines.push(Line::from(
            "   — (API tokens carry the account's permissions on the server)",
        ));
    }
    for p in &t.permissions {
        lines.push(Line::from(format!("   {}", sanitize(p))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
