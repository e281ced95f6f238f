//! The panes' lines: the series that fired ("Affected"), the events related to the firing
//! ("Related"), the alert's runbook links, additional information and triage dashboards
//! ("Runbook"). Every server string is sanitised and cut (or wrapped) to the pane's width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{AlertViewer, Pane};
use crate::api::alert_firings::{Related, SeriesPair};
use crate::app::remote::Remote;
use crate::app::views::chart::bands::severity_style;
use crate::format::Times;
use crate::text::{fit, sanitize};
use crate::theme::Theme;

/// The lines of `pane`, `width` cells wide.
pub fn lines(
    v: &AlertViewer,
    pane: Pane,
    width: usize,
    times: &Times,
    theme: &Theme,
) -> Vec<Line<'static>> {
    match pane {
        Pane::Affected => affected(v, width, times, theme),
        Pane::Related => related(v, width, times, theme),
        Pane::Runbook => runbook(&v.alert, width, theme),
    }
}

/// How many lines `pane` has at `width` (for scrolling).
pub fn len(v: &AlertViewer, pane: Pane, width: usize) -> usize {
    lines(v, pane, width, &Times::default(), &Theme::default()).len()
}

/// The count a pane's tab shows: `Affected (3)`, `Related (100+)`.
pub fn count(v: &AlertViewer, pane: Pane) -> Option<String> {
    match pane {
        Pane::Affected => v.details.loaded().map(|d| d.len().to_string()),
        Pane::Related => v
            .related
            .loaded()
            .map(|r| format!("{}{}", r.items.len(), if r.more { "+" } else { "" })),
        Pane::Runbook => None,
    }
}

/// A pane's one line in place of its items: loading, failed, nothing.
fn state_line<T>(
    v: &AlertViewer,
    remote: &Remote<T, String>,
    what: &str,
    theme: &Theme,
) -> Option<Line<'static>> {
    if v.firing().is_none() {
        let text = if v.history.is_loading() {
            "loading the firings…".to_string()
        } else if v.firings().is_empty() {
            "no firings in the last 7 days".to_string()
        } else {
            "no firing chosen ([ ] choose one)".to_string()
        };
        return Some(Line::styled(text, theme.muted));
    }
    match remote {
        Remote::NotAsked => Some(Line::styled(format!("{what}: not asked"), theme.muted)),
        Remote::Loading(l) => Some(Line::styled(
            match &l.retrying {
                Some(r) => format!("loading {what}… ⟳ {}", sanitize(r)),
                None => format!("loading {what}…"),
            },
            theme.muted,
        )),
        Remote::Failed(e) => Some(Line::styled(
            format!("{what} not loaded: {}", sanitize(e)),
            theme.error,
        )),
        Remote::Loaded(_) => None,
    }
}

fn affected(v: &AlertViewer, width: usize, times: &Times, theme: &Theme) -> Vec<Line<'static>> {
    if let Some(line) = state_line(v, &v.details, "the series that fired", theme) {
        return vec![line];
    }
    let pairs = v.details.loaded().map_or(&[][..], Vec::as_slice);
    if pairs.is_empty() {
        return vec![Line::styled(
            "the server names no series for this firing",
            theme.muted,
        )];
    }
    let host_width = pairs
        .iter()
        .map(|p| p.host.as_deref().map_or(1, |h| sanitize(h).width()))
        .max()
        .unwrap_or(1)
        .min(width / 3);
    pairs
        .iter()
        .map(|p| pair_line(p, host_width, width, times, theme))
        .collect()
}

/// `SEVERE  web-01  cpu.load  env=prod  since 01-15 09:12`.
fn pair_line(
    p: &SeriesPair,
    host_width: usize,
    width: usize,
    times: &Times,
    theme: &Theme,
) -> Line<'static> {
    let severity = p.severity.as_deref().unwrap_or("—");
    let host = p.host.as_deref().map_or_else(|| "—".into(), sanitize);
    let host = fit(&host, host_width).into_owned();
    let pad = host_width.saturating_sub(host.width());
    let tags = p
        .tags
        .iter()
        .map(|(k, v)| format!("{}={}", sanitize(k), sanitize(v)))
        .collect::<Vec<_>>()
        .join(" ");
    let when = p
        .start_ms
        .map(|t| format!("since {}", times.month_day_minute(t)))
        .unwrap_or_default();
    cut(
        vec![
            Span::styled(
                format!("{:<7} ", fit(&sanitize(severity), 7)),
                severity_style(severity, theme),
            ),
            Span::raw(format!("{host}{} ", " ".repeat(pad))),
            Span::raw(
                p.label
                    .as_deref()
                    .map(sanitize)
                    .unwrap_or_default()
                    .into_owned(),
            ),
            Span::styled(format!("  {tags}"), theme.muted),
            Span::styled(format!("  {when}"), theme.muted),
        ],
        width,
    )
}

fn related(v: &AlertViewer, width: usize, times: &Times, theme: &Theme) -> Vec<Line<'static>> {
    if let Some(line) = state_line(v, &v.related, "the related events", theme) {
        return vec![line];
    }
    let Some(listed) = v.related.loaded() else {
        return Vec::new();
    };
    if listed.items.is_empty() {
        return vec![Line::styled(
            "nothing else happened near this firing",
            theme.muted,
        )];
    }
    let mut out: Vec<Line<'static>> = listed
        .items
        .iter()
        .map(|r| related_line(r, width, times, theme))
        .collect();
    if listed.more {
        out.push(Line::styled("… the server has more", theme.muted));
    }
    out
}

/// `01-15 09:12  SEVERE  Pricing SLO burn rate  started 12m after, 2 common sources`.
fn related_line(r: &Related, width: usize, times: &Times, theme: &Theme) -> Line<'static> {
    let e = &r.event;
    let when = e
        .start_ms
        .map_or_else(|| "—".repeat(11), |t| times.month_day_minute(t));
    let is_alert = e
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("alert"));
    let (tag, style) = match (&e.severity, is_alert) {
        (Some(s), true) => (s.to_ascii_uppercase(), severity_style(s, theme)),
        _ => (
            e.kind.as_deref().unwrap_or("event").to_string(),
            theme.accent,
        ),
    };
    let name = e
        .name
        .as_deref()
        .map(sanitize)
        .unwrap_or_else(|| "(no name)".into());
    let mut spans = vec![
        Span::styled(format!("{when}  "), theme.muted),
        Span::styled(format!("{:<7} ", fit(&sanitize(&tag), 7)), style),
        Span::raw(name.into_owned()),
    ];
    if e.ongoing() {
        spans.push(Span::styled(" (ongoing)", theme.warn));
    }
    if let Some(why) = &r.summary {
        spans.push(Span::styled(format!("  {}", sanitize(why)), theme.muted));
    }
    cut(spans, width)
}

fn runbook(alert: &Value, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let text_width = width.saturating_sub(2).max(10);
    let mut out = Vec::new();
    let links: Vec<String> = alert
        .get("runbookLinks")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .filter(|s| !s.trim().is_empty())
                .collect()
        })
        .unwrap_or_default();
    out.push(Line::styled("Runbook links", theme.title));
    if links.is_empty() {
        out.push(Line::styled("  none", theme.muted));
    }
    for link in &links {
        for (i, part) in wrap(&sanitize(link), text_width).into_iter().enumerate() {
            let lead = if i == 0 { "• " } else { "  " };
            out.push(Line::styled(format!("{lead}{part}"), theme.accent));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Additional information", theme.title));
    match alert
        .get("additionalInformation")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
    {
        None => out.push(Line::styled("  none", theme.muted)),
        Some(text) => {
            for paragraph in text.lines() {
                let wrapped = wrap(&sanitize(paragraph), text_width);
                if wrapped.is_empty() {
                    out.push(Line::raw(""));
                }
                out.extend(wrapped.into_iter().map(|l| Line::raw(format!("  {l}"))));
            }
        }
    }
    let triage = triage_dashboards(alert);
    if !triage.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Triage dashboards", theme.title));
        out.extend(
            triage
                .into_iter()
                .map(|t| Line::raw(format!("• {}", fit(&t, text_width)))),
        );
    }
    out
}

/// `Pricing service overview (pricing-service-overview)`.
fn triage_dashboards(alert: &Value) -> Vec<String> {
    alert
        .get("alertTriageDashboards")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let id = d.get("dashboardId").and_then(Value::as_str);
            let description = d.get("description").and_then(Value::as_str);
            let text = match (description, id) {
                (Some(desc), Some(id)) => format!("{desc} ({id})"),
                (Some(one), None) | (None, Some(one)) => one.to_string(),
                (None, None) => return None,
            };
            Some(sanitize(&text).into_owned())
        })
        .collect()
}

/// Words to lines of at most `width` cells; a word longer than a line is split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let sep = usize::from(!line.is_empty());
            if line.width() + sep + word.width() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word wider than a line: as much as fits, the rest on the next.
            let mut used = 0;
            let split = word
                .char_indices()
                .find(|(_, c)| {
                    used += c.width().unwrap_or(0);
                    used > width
                })
                .map_or(word.len(), |(i, _)| {
                    i.max(word.chars().next().map_or(1, char::len_utf8))
                });
            let rest = word.split_off(split);
            lines.push(word);
            if rest.is_empty() {
                break;
            }
            word = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Spans cut to `width` cells, the last one that overflows ending in `…`.
fn cut(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = s.content.width();
        if used + w <= width {
            used += w;
            out.push(s);
            continue;
        }
        let room = width - used;
        if room > 0 {
            let style: Style = s.style;
            out.push(Span::styled(fit(&s.content, room).into_owned(), style));
        }
        break;
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrapping_keeps_words_and_splits_the_too_long() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("  spaced   out  ", 20), ["spaced out"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
        assert!(wrap("", 5).is_empty());
        assert_eq!(wrap("x", 0), ["x"]);
    }

    #[test]
    fn spans_are_cut_to_the_width() {
        let line = cut(vec![Span::raw("abcd"), Span::raw("efgh")], 6);
        let text: String = line.spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, "abcde…");
        assert_eq!(text.width(), 6);
    }

    #[test]
    fn the_runbook_is_sanitised_and_wrapped() {
        let theme = Theme::default();
        let alert = json!({
            "runbookLinks": ["https://wiki/x\u{1b}[2J", 3],
            "additionalInformation": "Check the dashboard first.\n\nThen \u{202e}escalate.",
            "alertTriageDashboards": [{"dashboardId": "d", "description": "Overview"}, {}]
        });
        let text: Vec<String> = runbook(&alert, 20, &theme)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
            .collect();
        assert_eq!(
            text,
            [
                "Runbook links",
                "• https://wiki/x␛[2J",
                "• 3",
                "",
                "Additional information",
                "  Check the",
                "  dashboard first.",
                "",
                "  Then �escalate.",
                "",
                "Triage dashboards",
                "• Overview (d)",
            ]
        );
        let none: Vec<String> = runbook(&json!({"runbookLinks": null}), 40, &theme)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
            .collect();
        assert_eq!(
            none,
            [
                "Runbook links",
                "  none",
                "",
                "Additional information",
                "  none"
            ]
        );
    }
}
