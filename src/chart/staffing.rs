//! Staffed agents against offered load over the week, one panel per tier: the plan of
//! `escalsim plan` (a step line per block) and the offered load of the busiest week
//! (erlangs, shaded).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, colour, draw_legend, legend_height, text, title_font};

/// Staffing against load, per tier over the week.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffingChart {
    /// Title.
    pub title: String,
    /// Tier names, one panel each.
    pub tiers: Vec<String>,
    /// Block length, hours.
    pub block_hours: f64,
    /// `agents[tier][block]`.
    pub agents: Vec<Vec<u32>>,
    /// `offered[tier][block]`, erlangs.
    pub offered: Vec<Vec<f64>>,
}

const WIDTH: u32 = 1200;
const PANEL: u32 = 230;
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl StaffingChart {
    fn legend() -> Vec<(String, RGBColor)> {
        vec![
            ("agents planned".to_string(), colour(0)),
            (
                "offered load, busiest week (erlangs)".to_string(),
                RGBColor(230, 159, 0),
            ),
        ]
    }
}

impl Chart for StaffingChart {
    fn stem(&self) -> &str {
        "staffing"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        let panels = self.tiers.len().max(1) as u32;
        (
            WIDTH,
            60 + PANEL * panels + legend_height(&Self::legend(), WIDTH),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let legend = Self::legend();
        let (_, h) = area.dim_in_pixel();
        let (plots, legend_area) = area.split_vertically(h - legend_height(&legend, WIDTH));
        let panels = plots.split_evenly((self.tiers.len().max(1), 1));
        let week = 168.0;
        for (t, (tier, panel)) in self.tiers.iter().zip(&panels).enumerate() {
            let agents = self.agents.get(t).map(Vec::as_slice).unwrap_or(&[]);
            let offered = self.offered.get(t).map(Vec::as_slice).unwrap_or(&[]);
            let max = agents
                .iter()
                .map(|&a| f64::from(a))
                .chain(offered.iter().copied().filter(|v| v.is_finite()))
                .fold(0.0f64, f64::max);
            let y_max = if max > 0.0 { max * 1.15 } else { 1.0 };
            let mut chart = ChartBuilder::on(panel)
                .margin(10)
                .caption(format!("tier {tier}"), text(17))
                .x_label_area_size(30)
                .y_label_area_size(56)
                .build_cartesian_2d(0.0..week, 0.0..y_max)?;
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .x_labels(8)
                .x_label_formatter(&|h: &f64| {
                    let d = (*h / 24.0).floor() as usize;
                    DAYS.get(d).map_or(String::new(), |s| (*s).to_string())
                })
                .y_desc("agents")
                .label_style(text(13))
                .axis_desc_style(text(14))
                .draw()?;
            let bh = self.block_hours;
            chart.draw_series(offered.iter().enumerate().map(|(b, &v)| {
                Rectangle::new(
                    [(b as f64 * bh, 0.0), ((b as f64 + 1.0) * bh, v.max(0.0))],
                    RGBColor(230, 159, 0).mix(0.35).filled(),
                )
            }))?;
            let mut steps = Vec::with_capacity(agents.len() * 2);
            for (b, &a) in agents.iter().enumerate() {
                steps.push((b as f64 * bh, f64::from(a)));
                steps.push(((b as f64 + 1.0) * bh, f64::from(a)));
            }
            chart.draw_series(LineSeries::new(steps, colour(0).stroke_width(2)))?;
        }
        draw_legend(&legend_area, &legend)
    }
}
