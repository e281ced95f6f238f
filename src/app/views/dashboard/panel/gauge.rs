//! A gauge: the value's place between the chart's min and max (0 and 100 unless set), in its
//! threshold's colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::Gauge;

use super::Content;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, content: &Content, theme: &Theme) {
    let look = content.look;
    let Some(value) = content.series.iter().find_map(|s| look.stat.of(&s.points)) else {
        return;
    };
    let (lo, hi) = (look.min.unwrap_or(0.0), look.max.unwrap_or(100.0));
    let ratio = if hi > lo {
        ((value - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let style = look
        .color_of(value)
        .map_or(theme.accent, |c| Style::new().fg(c));
    let height = area.height.min(3);
    let [_, bar, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let label = format!(
        "{} of {}",
        look.stat_text(value),
        look.value_text(hi, false)
    );
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .gauge_style(style)
            .label(crate::text::fit(&label, area.width as usize).into_owned()),
        bar,
    );
}
