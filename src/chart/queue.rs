//! Queue length over time, one panel per tier with a line per candidate; the warm-up
//! is shaded grey, peak seasons orange and incident bursts red.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, colour, draw_legend, legend_height, text, title_font};

/// A shaded time window.
#[derive(Clone, Debug, PartialEq)]
pub struct Shade {
    /// Legend label.
    pub label: String,
    /// `peak`, `burst` or `warm-up`.
    pub kind: String,
    /// Start, hours.
    pub start_hours: f64,
    /// End, hours.
    pub end_hours: f64,
}

/// Queue length over time.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueChart {
    /// Title.
    pub title: String,
    /// Tier names, one panel each.
    pub tiers: Vec<String>,
    /// Candidate names, one line each.
    pub candidates: Vec<String>,
    /// `queue[candidate][tier]`: mean tickets waiting per bin from time 0.
    pub queue: Vec<Vec<Vec<f64>>>,
    /// Bin width, hours.
    pub bin_hours: f64,
    /// Horizon, hours.
    pub horizon_hours: f64,
    /// Shaded windows.
    pub shades: Vec<Shade>,
}

const WIDTH: u32 = 1200;
const PANEL: u32 = 260;

fn shade_colour(kind: &str) -> RGBAColor {
    match kind {
        "peak" => RGBColor(230, 159, 0).mix(0.18),
        "burst" => RGBColor(213, 40, 0).mix(0.30),
        _ => RGBColor(128, 128, 128).mix(0.15),
    }
}

impl QueueChart {
    fn legend(&self) -> Vec<(String, RGBColor)> {
        let mut out: Vec<(String, RGBColor)> = self
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), colour(i)))
            .collect();
        for s in &self.shades {
            let c = match s.kind.as_str() {
                "peak" => RGBColor(248, 228, 186),
                "burst" => RGBColor(242, 180, 170),
                _ => RGBColor(225, 225, 225),
            };
            out.push((format!("{}: {}", s.kind, s.label), c));
        }
        out
    }
}

impl Chart for QueueChart {
    fn stem(&self) -> &str {
        "queue"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        let panels = self.tiers.len().max(1) as u32;
        (
            WIDTH,
            60 + PANEL * panels + legend_height(&self.legend(), WIDTH),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plots, legend_area) = area.split_vertically(h - legend_height(&legend, WIDTH));
        let panels = plots.split_evenly((self.tiers.len().max(1), 1));
        for (t, (tier, panel)) in self.tiers.iter().zip(&panels).enumerate() {
            let max = self
                .queue
                .iter()
                .filter_map(|c| c.get(t))
                .flatten()
                .filter(|v| v.is_finite())
                .fold(0.0f64, |a, b| a.max(*b));
            let y_max = if max > 0.0 { max * 1.1 } else { 1.0 };
            let mut chart = ChartBuilder::on(panel)
                .margin(10)
                .caption(format!("tier {tier}"), text(17))
                .x_label_area_size(36)
                .y_label_area_size(64)
                .build_cartesian_2d(0.0..self.horizon_hours.max(1.0), 0.0..y_max)?;
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .light_line_style(TRANSPARENT)
                .x_desc("hours since start")
                .y_desc("tickets waiting")
                .label_style(text(13))
                .axis_desc_style(text(14))
                .draw()?;
            for s in &self.shades {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(s.start_hours, 0.0), (s.end_hours, y_max)],
                    shade_colour(&s.kind).filled(),
                )))?;
            }
            for (c, per_tier) in self.queue.iter().enumerate() {
                let Some(series) = per_tier.get(t) else {
                    continue;
                };
                let pts = series
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_finite())
                    .map(|(i, v)| ((i as f64 + 0.5) * self.bin_hours, *v));
                chart.draw_series(LineSeries::new(pts, colour(c).stroke_width(2)))?;
            }
        }
        draw_legend(&legend_area, &legend)
    }
}
