//! Cost against resolution breach rate, one point per candidate coloured by staffing
//! model, with 95 % whiskers on the breach rate. Points on the Pareto front (no other
//! candidate is both cheaper and less breach-prone) are filled and joined by a dashed
//! line; dominated points are hollow.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, DrawResult, colour, draw_legend, legend_height, text, title_font};
use crate::metrics::compare::ParetoPoint;

/// The Pareto scatter.
#[derive(Clone, Debug, PartialEq)]
pub struct Pareto {
    /// Title.
    pub title: String,
    /// Every candidate's point.
    pub points: Vec<ParetoPoint>,
    /// Staffing model names, in colour order.
    pub staffing: Vec<String>,
}

const SIZE: (u32, u32) = (1100, 680);

impl Pareto {
    fn legend(&self) -> Vec<(String, RGBColor)> {
        self.staffing
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("staffing: {s}"), colour(i)))
            .collect()
    }
}

fn range(values: impl Iterator<Item = f64>, floor_zero: bool) -> (f64, f64) {
    let v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.15
    } else {
        hi.abs().max(1.0) * 0.05
    };
    let lo = if floor_zero {
        (lo - pad).max(0.0)
    } else {
        lo - pad
    };
    (lo, hi + pad)
}

impl Chart for Pareto {
    fn stem(&self) -> &str {
        "pareto"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        (SIZE.0, SIZE.1 + legend_height(&self.legend(), SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = self.legend();
        let (_, h) = area.dim_in_pixel();
        let (plot, legend_area) = area.split_vertically(h - legend_height(&legend, SIZE.0));
        let (x0, x1) = range(self.points.iter().map(|p| p.cost), true);
        // Room on the right for the labels of the costliest points.
        let x1 = x1 + (x1 - x0) * 0.15;
        let (y0, y1) = range(
            self.points
                .iter()
                .flat_map(|p| [p.breach_low, p.breach_high, p.breach])
                .map(|v| v * 100.0),
            true,
        );
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc("cost over the measurement window (mean)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_desc("resolution SLA breach rate, %")
            .label_style(text(14))
            .axis_desc_style(text(15))
            .draw()?;
        let mut front: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter(|p| p.on_front)
            .map(|p| (p.cost, p.breach * 100.0))
            .collect();
        front.sort_by(|a, b| a.0.total_cmp(&b.0));
        chart.draw_series(DashedLineSeries::new(front, 6, 4, BLACK.stroke_width(1)))?;
        for (i, p) in self.points.iter().enumerate() {
            if !(p.cost.is_finite() && p.breach.is_finite()) {
                continue;
            }
            let c = colour(
                self.staffing
                    .iter()
                    .position(|s| *s == p.staffing)
                    .unwrap_or(0),
            );
            let (x, y) = (p.cost, p.breach * 100.0);
            if p.breach_low.is_finite() && p.breach_high.is_finite() {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![
                        (x, p.breach_low.max(0.0) * 100.0),
                        (x, p.breach_high * 100.0),
                    ],
                    c.stroke_width(1),
                )))?;
            }
            let style = if p.on_front {
                c.filled()
            } else {
                c.stroke_width(2)
            };
            chart.draw_series(std::iter::once(Circle::new((x, y), 7, style)))?;
            // Candidates sharing a cost are labelled alternately right and left.
            let same_cost_before = self.points[..i].iter().filter(|q| q.cost == p.cost).count();
            let (dx, h) = if same_cost_before % 2 == 0 {
                (12, HPos::Left)
            } else {
                (-12, HPos::Right)
            };
            let label = format!(
                "{}{}",
                p.policy,
                if p.bound {
                    " (bound)"
                } else if p.on_front {
                    " (front)"
                } else {
                    ""
                }
            );
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, y))
                    + Text::new(label, (dx, 0), text(14).pos(Pos::new(h, VPos::Center))),
            ))?;
        }
        draw_legend(&legend_area, &legend)
    }
}
