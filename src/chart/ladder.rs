//! Time to resolution per candidate as a percentile ladder: for each candidate a line
//! from p50 to p99 with a marker at p50, p90, p95 and p99 (means over replications).

use super::Bands;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, colour, draw_legend, label_width, legend_height, text, title_font};

/// The percentiles drawn, with their labels.
pub const RUNGS: [&str; 4] = ["p50", "p90", "p95", "p99"];

/// A percentile ladder.
#[derive(Clone, Debug, PartialEq)]
pub struct Ladder {
    /// Title.
    pub title: String,
    /// Candidate names, top to bottom.
    pub candidates: Vec<String>,
    /// Per candidate: p50, p90, p95, p99 in hours (NaN when undefined).
    pub hours: Vec<[f64; 4]>,
}

const WIDTH: u32 = 1100;

impl Ladder {
    fn legend() -> Vec<(String, RGBColor)> {
        RUNGS
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("{r} time to resolution"), colour(i)))
            .collect()
    }
}

impl Chart for Ladder {
    fn stem(&self) -> &str {
        "ttr_ladder"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        (
            WIDTH,
            140 + 44 * self.candidates.len() as u32 + legend_height(&Self::legend(), WIDTH),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = Self::legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) = area.split_vertically(h - legend_height(&legend, WIDTH));
        let n = self.candidates.len();
        let max = self
            .hours
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |a, b| a.max(*b));
        let x_max = if max > 0.0 { max * 1.08 } else { 1.0 };
        let names = self.candidates.clone();
        let chars = names.iter().map(|g| g.chars().count()).max().unwrap_or(0);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(label_width(chars))
            .build_cartesian_2d(0.0..x_max, Bands(n))?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .x_desc("time to resolution, hours (mean over replications)")
            .label_style(text(14))
            .axis_desc_style(text(15))
            .y_label_formatter(&|y| {
                let i = n as f64 - y.floor() - 1.0;
                names.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()?;
        for (g, q) in self.hours.iter().enumerate() {
            let y = (n - g) as f64 - 0.5;
            let finite: Vec<(f64, f64)> = q
                .iter()
                .filter(|v| v.is_finite())
                .map(|v| (*v, y))
                .collect();
            chart.draw_series(std::iter::once(PathElement::new(
                finite,
                RGBColor(150, 150, 150).stroke_width(3),
            )))?;
            for (i, v) in q.iter().enumerate() {
                if v.is_finite() {
                    chart.draw_series(std::iter::once(Circle::new(
                        (*v, y),
                        7,
                        colour(i).filled(),
                    )))?;
                }
            }
        }
        draw_legend(&legend_area, &legend)
    }
}
