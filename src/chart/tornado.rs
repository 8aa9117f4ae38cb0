//! Tornado chart of a sweep: one row per axis, widest swing on top; for each row a bar
//! from zero to the metric's paired difference at the axis's lowest value and one at
//! its highest, each with its 95 % interval, so a planner sees at a glance which
//! what-if moves the metric most and in which direction.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Bands, Chart, DrawResult, colour, draw_legend, label_width, legend_height, text, title_font,
};

/// One bar: a paired difference and its interval half-width (NaN: no interval).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Swing {
    /// Mean difference from the base point.
    pub mean: f64,
    /// Half-width of its 95 % interval.
    pub half_width: f64,
}

/// One row: an axis with its lowest and highest values.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Label, e.g. `volume × 0.8 / × 1.2`.
    pub label: String,
    /// At the lowest value.
    pub low: Swing,
    /// At the highest value.
    pub high: Swing,
}

/// A tornado chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    /// File stem.
    pub stem: String,
    /// Title.
    pub title: String,
    /// Value axis label.
    pub axis: String,
    /// Rows, drawn top to bottom in the order given (sort them by swing first).
    pub rows: Vec<Row>,
    /// Multiplier for display (100 for percentages, so differences are points).
    pub scale: f64,
}

const WIDTH: u32 = 1100;
const BAND: u32 = 56;

impl Tornado {
    fn legend() -> Vec<(String, RGBColor)> {
        vec![
            ("lowest value".to_string(), colour(0)),
            ("highest value".to_string(), colour(1)),
        ]
    }
}

impl Chart for Tornado {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        let h = 130 + self.rows.len() as u32 * BAND + legend_height(&Tornado::legend(), WIDTH);
        (WIDTH, h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = Tornado::legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) = area.split_vertically(h - legend_height(&legend, WIDTH));
        let n = self.rows.len();
        let reach = self
            .rows
            .iter()
            .flat_map(|r| [r.low, r.high])
            .flat_map(|s| {
                let hw = if s.half_width.is_finite() {
                    s.half_width
                } else {
                    0.0
                };
                [s.mean - hw, s.mean + hw]
            })
            .filter(|v| v.is_finite())
            .fold(0.0f64, |a, v| a.max(v.abs()))
            * self.scale;
        let x = if reach > 0.0 { reach * 1.15 } else { 1.0 };
        let names: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        let chars = names.iter().map(|g| g.chars().count()).max().unwrap_or(0);
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(label_width(chars))
            .build_cartesian_2d(-x..x, Bands(n))?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .disable_y_mesh()
            .x_desc(self.axis.as_str())
            .label_style(text(14))
            .axis_desc_style(text(15))
            .y_label_formatter(&|y| {
                let i = n as f64 - y.floor() - 1.0;
                names.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            BLACK.stroke_width(1),
        )))?;
        let pad = 0.15;
        let hgt = (1.0 - 2.0 * pad) / 2.0;
        for (g, r) in self.rows.iter().enumerate() {
            for (j, s) in [r.low, r.high].into_iter().enumerate() {
                if !s.mean.is_finite() {
                    continue;
                }
                let top = (n - g) as f64 - pad - j as f64 * hgt;
                let (y0, y1) = (top - hgt * 0.9, top);
                let m = s.mean * self.scale;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(m.min(0.0), y0), (m.max(0.0), y1)],
                    colour(j).filled(),
                )))?;
                if s.half_width.is_finite() {
                    let (lo, hi) = (
                        (s.mean - s.half_width) * self.scale,
                        (s.mean + s.half_width) * self.scale,
                    );
                    let (ym, cap) = ((y0 + y1) / 2.0, hgt * 0.25);
                    chart.draw_series(super::whisker(lo, hi, ym, cap))?;
                }
            }
        }
        draw_legend(&legend_area, &legend)
    }
}
