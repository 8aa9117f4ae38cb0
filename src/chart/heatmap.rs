//! Resolution breach rate by customer segment × candidate as a heatmap: one row per
//! candidate, one column per segment, white (0) to red (the largest rate), the rate
//! written in each cell.

use super::Bands;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, DrawResult, label_width, text, title_font};

/// A heatmap of rates.
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    /// Title.
    pub title: String,
    /// Row labels (candidates), top to bottom.
    pub rows: Vec<String>,
    /// Column labels (segments), left to right.
    pub columns: Vec<String>,
    /// `values[row][column]`, fractions (NaN when undefined).
    pub values: Vec<Vec<f64>>,
}

impl Chart for Heatmap {
    fn stem(&self) -> &str {
        "breach_by_segment"
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn size(&self) -> (u32, u32) {
        let chars = self
            .rows
            .iter()
            .map(|g| g.chars().count())
            .max()
            .unwrap_or(0);
        let w = (label_width(chars) + 60 + 150 * self.columns.len() as u32).max(700);
        (w, 150 + 50 * self.rows.len() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let area = root.titled(&self.title, title_font())?;
        let (nr, nc) = (self.rows.len(), self.columns.len());
        let max = self
            .values
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |a, b| a.max(*b));
        let chars = self
            .rows
            .iter()
            .map(|g| g.chars().count())
            .max()
            .unwrap_or(0);
        let (rows, cols) = (self.rows.clone(), self.columns.clone());
        let mut chart = ChartBuilder::on(&area)
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(label_width(chars))
            .build_cartesian_2d(Bands(nc), Bands(nr))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("customer segment (resolution SLA breach rate, mean over replications)")
            .label_style(text(14))
            .axis_desc_style(text(15))
            .x_label_formatter(&|x| cols.get(x.floor() as usize).cloned().unwrap_or_default())
            .y_label_formatter(&|y| {
                let i = nr as f64 - y.floor() - 1.0;
                rows.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()?;
        for (r, row) in self.values.iter().enumerate() {
            let y = (nr - r - 1) as f64;
            for (c, v) in row.iter().enumerate() {
                let x = c as f64;
                let (fill, label) = if v.is_finite() {
                    let t = if max > 0.0 { v / max } else { 0.0 };
                    let g = (255.0 * (1.0 - 0.8 * t)) as u8;
                    (RGBColor(255, g, g), format!("{:.2}%", v * 100.0))
                } else {
                    (RGBColor(230, 230, 230), "n/a".to_string())
                };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.02, y + 0.04), (x + 0.98, y + 0.96)],
                    fill.filled(),
                )))?;
                let style = text(15).pos(Pos::new(HPos::Center, VPos::Center));
                chart.draw_series(std::iter::once(Text::new(label, (x + 0.5, y + 0.5), style)))?;
            }
        }
        Ok(())
    }
}
