//! Grouped horizontal bars with 95 % confidence whiskers: SLA breach rates by
//! candidate, breach rates by severity, utilisation per tier. Groups run down the
//! y axis (first group on top); each series is one bar per group.

use super::Bands;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, colour, draw_legend, label_width, legend_height, text, title_font};

/// One bar: mean and interval (NaN when undefined: the bar is left out).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Mean.
    pub mean: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// One series: a bar per group.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSeries {
    /// Legend label.
    pub name: String,
    /// One bar per group, in group order.
    pub bars: Vec<Bar>,
}

/// A grouped bar chart.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupedBars {
    /// File stem.
    pub stem: String,
    /// Title.
    pub title: String,
    /// Value axis label.
    pub axis: String,
    /// Group labels, top to bottom.
    pub groups: Vec<String>,
    /// Series, drawn top to bottom within a group.
    pub series: Vec<BarSeries>,
    /// Multiplier for display (100 for percentages).
    pub scale: f64,
}

const WIDTH: u32 = 1100;

impl GroupedBars {
    fn legend(&self) -> Vec<(String, RGBColor)> {
        self.series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), colour(i)))
            .collect()
    }

    fn band(&self) -> u32 {
        (self.series.len() as u32 * 18 + 18).max(40)
    }
}

impl Chart for GroupedBars {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        let h = 130 + self.groups.len() as u32 * self.band() + legend_height(&self.legend(), WIDTH);
        (WIDTH, h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) = area.split_vertically(h - legend_height(&legend, WIDTH));
        let n = self.groups.len();
        let max = self
            .series
            .iter()
            .flat_map(|s| &s.bars)
            .flat_map(|b| [b.mean, b.high])
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
            * self.scale;
        let x_max = if max > 0.0 { max * 1.1 } else { 1.0 };
        let names = self.groups.clone();
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
            .x_desc(self.axis.as_str())
            .label_style(text(14))
            .axis_desc_style(text(15))
            .y_label_formatter(&|y| {
                let i = n as f64 - y.floor() - 1.0;
                names.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()?;
        let k = self.series.len().max(1) as f64;
        let pad = 0.12;
        let h = (1.0 - 2.0 * pad) / k;
        for (j, s) in self.series.iter().enumerate() {
            let c = colour(j);
            for (g, b) in s.bars.iter().enumerate() {
                if !b.mean.is_finite() {
                    continue;
                }
                let top = (n - g) as f64 - pad - j as f64 * h;
                let (y0, y1) = (top - h * 0.9, top);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (b.mean * self.scale, y1)],
                    c.filled(),
                )))?;
                if b.low.is_finite() && b.high.is_finite() {
                    let (lo, hi, ym) = (
                        b.low.max(0.0) * self.scale,
                        b.high * self.scale,
                        (y0 + y1) / 2.0,
                    );
                    let cap = h * 0.25;
                    chart.draw_series(super::whisker(lo, hi, ym, cap))?;
                }
            }
        }
        draw_legend(&legend_area, &legend)
    }
}
