//! The token status pane: who, what, until when, and how refreshing goes. Never a secret.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::{LoginState, State};
use crate::format::{countdown, relative_time};
use crate::text::sanitize;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(" Token status", theme.title)),
        Line::default(),
    ];
    let t = match &state.login {
        LoginState::LoggedIn(t) => t,
        LoginState::LoggedOut => {
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
    let when = |ms: Option<i64>| -> String {
        ms.map(|ms| format!("{} ({})", utc(ms), relative_time(ms, now)))
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
    lines.push(row(
        "identity",
        t.identity.clone().unwrap_or_else(|| "unknown".into()),
    ));
    lines.push(row(
        "account type",
        t.account_type.clone().unwrap_or_else(|| "—".into()),
    ));
    lines.push(row(
        "organization",
        t.org.clone().unwrap_or_else(|| "—".into()),
    ));
    lines.push(row("issued", when(t.issued_at_ms)));
    lines.push(row(
        "expires",
        match t.expires_at_ms {
            Some(exp) => format!("{} (in {})", utc(exp), countdown(exp, now)),
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

/// `2026-11-28 00:41:05 UTC`, without a time-zone database.
pub fn utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(super::utc(1_800_000_000_000), "2027-01-15 08:00:00 UTC");
        assert_eq!(super::utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
    }
}
