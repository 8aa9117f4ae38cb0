//! Charts: one file per chart kind, each a value that borrows finished data and draws
//! it (charts compute nothing). [`save`] renders a chart to `<stem>.svg` with the
//! embedded DejaVu Sans font (no system fonts) and rasterises that SVG to `<stem>.png`
//! (resvg, with the same embedded font), writing each file under a temporary name
//! first. [`inputs`] picks the data for every chart of a report
//! out of a summary and its comparison.

pub mod bars;
pub mod heatmap;
pub mod inputs;
pub mod ladder;
pub mod pareto;
pub mod queue;
pub mod staffing;
pub mod tornado;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

/// DejaVu Sans, regular (licence in `assets/fonts/LICENSE-DejaVu.txt`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The font family every chart uses.
pub const FONT: &str = "sans-serif";

/// Why a chart could not be drawn or saved.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The embedded font was rejected.
    #[error("cannot load the embedded font ({style})")]
    Font {
        /// Which style.
        style: &'static str,
    },
    /// Drawing failed.
    #[error("cannot draw chart {chart}: {message}")]
    Draw {
        /// Chart file stem.
        chart: String,
        /// Why.
        message: String,
    },
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A plotters error, before the chart's name is attached.
#[derive(Debug)]
pub struct DrawError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// What a chart's `draw` returns.
pub type DrawResult = Result<(), DrawError>;

/// A chart kind.
pub trait Chart {
    /// File stem, e.g. `breach`.
    fn stem(&self) -> &str;
    /// Title drawn on the chart and used as its caption in reports.
    fn title(&self) -> &str;
    /// Size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws onto a white area of [`Chart::size`].
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult;
}

/// A chart saved as SVG and PNG.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    /// File stem (`charts/<stem>.svg`, `charts/<stem>.png`).
    pub stem: String,
    /// Title.
    pub title: String,
    /// The SVG document, for inlining.
    pub svg: String,
}

/// Registers the embedded font once per process.
pub fn ensure_fonts() -> Result<(), ChartError> {
    static DONE: OnceLock<Result<(), &'static str>> = OnceLock::new();
    let r = DONE.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, REGULAR).map_err(|_| "regular")?;
        register_font(FONT, FontStyle::Bold, BOLD).map_err(|_| "bold")
    });
    r.map_err(|style| ChartError::Font { style })
}

/// The series colours, in order (colour-blind-friendly, after Okabe & Ito).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
    RGBColor(240, 228, 66),
];

/// The `i`th series colour: the palette, then (for more than eight series) the
/// palette again at 55 % and then 30 % brightness, so that up to 24 series stay apart.
pub fn colour(i: usize) -> RGBColor {
    let RGBColor(r, g, b) = PALETTE[i % PALETTE.len()];
    let shade = match (i / PALETTE.len()) % 3 {
        0 => return RGBColor(r, g, b),
        1 => 0.55,
        _ => 0.3,
    };
    let dim = |c: u8| (f64::from(c) * shade).round() as u8;
    RGBColor(dim(r), dim(g), dim(b))
}

/// The title font.
pub fn title_font() -> TextStyle<'static> {
    (FONT, 24, FontStyle::Bold).into_font().into()
}

/// Regular text of `size` pixels.
pub fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// Pixels needed for a label of `chars` characters at 14 px.
pub fn label_width(chars: usize) -> u32 {
    (chars as u32) * 8 + 16
}

/// `svg` with every character XML 1.0 forbids (control characters other than tab,
/// line feed and carriage return, which a name may hold) replaced by a space, so the
/// file stays well-formed whatever the names.
fn xml_text(svg: String) -> String {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if svg.contains(bad) {
        svg.chars().map(|c| if bad(c) { ' ' } else { c }).collect()
    } else {
        svg
    }
}

/// The fonts the PNG rasteriser knows: the embedded DejaVu Sans, regular and bold,
/// standing for every generic family the SVG names.
fn font_options() -> &'static resvg::usvg::Options<'static> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut opt = resvg::usvg::Options::default();
        let db = opt.fontdb_mut();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        opt.font_family = "DejaVu Sans".to_string();
        opt
    })
}

/// The chart's SVG drawn as a PNG of `size` pixels (resvg: text is shaped from the
/// font, so its letters are spaced as in the SVG).
fn rasterise(svg: &str, size: (u32, u32)) -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_str(svg, font_options())
        .map_err(|e| format!("cannot read the chart's SVG: {e}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.0, size.1)
        .ok_or_else(|| format!("cannot allocate a {}x{} image", size.0, size.1))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

/// A horizontal 95 % interval from `lo` to `hi` at height `y`, with end caps `cap`
/// high: the whisker every bar chart draws.
pub fn whisker(lo: f64, hi: f64, y: f64, cap: f64) -> [PathElement<(f64, f64)>; 3] {
    let line = BLACK.stroke_width(1);
    [
        PathElement::new(vec![(lo, y), (hi, y)], line),
        PathElement::new(vec![(lo, y - cap), (lo, y + cap)], line),
        PathElement::new(vec![(hi, y - cap), (hi, y + cap)], line),
    ]
}

/// Renders `chart` into `dir` as SVG, and as PNG rasterised from that SVG.
pub fn save<C: Chart>(chart: &C, dir: &Path) -> Result<ChartFile, ChartError> {
    ensure_fonts()?;
    crate::out_file::real_dir(dir).map_err(|source| ChartError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let draw_err = |e: DrawError| ChartError::Draw {
        chart: chart.stem().to_string(),
        message: e.0,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_err(e.into()))?;
        chart.draw(&root).map_err(draw_err)?;
        root.present().map_err(|e| draw_err(e.into()))?;
    }
    let svg = xml_text(svg);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ChartError::Io { path, source }
    };
    let svg_path = dir.join(format!("{}.svg", chart.stem()));
    let tmp = dir.join(format!("{}.partial.svg", chart.stem()));
    let mut f = crate::out_file::fresh(&tmp).map_err(io(&tmp))?;
    std::io::Write::write_all(&mut f, svg.as_bytes()).map_err(io(&tmp))?;
    drop(f);
    std::fs::rename(&tmp, &svg_path).map_err(io(&svg_path))?;

    let png_path = dir.join(format!("{}.png", chart.stem()));
    let tmp = dir.join(format!("{}.partial.png", chart.stem()));
    let png = rasterise(&svg, chart.size()).map_err(|message| ChartError::Draw {
        chart: chart.stem().to_string(),
        message,
    })?;
    // Created new here (a planted link removed), so a plain file is written.
    let mut f = crate::out_file::fresh(&tmp).map_err(io(&tmp))?;
    std::io::Write::write_all(&mut f, &png).map_err(io(&tmp))?;
    drop(f);
    std::fs::rename(&tmp, &png_path).map_err(io(&png_path))?;
    Ok(ChartFile {
        stem: chart.stem().to_string(),
        title: chart.title().to_string(),
        svg,
    })
}

/// Renders every chart of a report into `dir` (usually `<out>/charts`).
/// The stem of every chart [`render_all`] can draw: a report folder's `charts/`
/// holds no other files of escalsim's, so only these are cleared before a new report.
pub const REPORT_CHARTS: [&str; 8] = [
    "breach",
    "breach_by_severity",
    "first_response_by_severity",
    "utilisation",
    "ttr_ladder",
    "queue",
    "breach_by_segment",
    "pareto",
];

/// Draws every chart of a report (each one of [`REPORT_CHARTS`]) into `dir`.
pub fn render_all(input: &inputs::Inputs, dir: &Path) -> Result<Vec<ChartFile>, ChartError> {
    let mut out = Vec::new();
    for b in &input.bars {
        out.push(save(b, dir)?);
    }
    out.push(save(&input.ladder, dir)?);
    out.push(save(&input.queue, dir)?);
    if let Some(h) = &input.heatmap {
        out.push(save(h, dir)?);
    }
    out.push(save(&input.pareto, dir)?);
    Ok(out)
}

/// Height of a legend strip for `entries` labels across `width` pixels.
pub fn legend_height(entries: &[(String, RGBColor)], width: u32) -> u32 {
    let (per_row, _) = legend_layout(entries, width);
    let rows = entries.len().div_ceil(per_row.max(1)) as u32;
    rows * 24 + 12
}

fn legend_layout(entries: &[(String, RGBColor)], width: u32) -> (usize, u32) {
    let chars = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(0);
    let item = label_width(chars) + 28;
    (((width.saturating_sub(40)) / item).max(1) as usize, item)
}

/// Draws a legend (colour swatch + label per entry) in rows across `area`.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor)],
) -> DrawResult {
    let (width, _) = area.dim_in_pixel();
    let (per_row, item) = legend_layout(entries, width);
    for (i, (label, c)) in entries.iter().enumerate() {
        let x = 40 + (i % per_row) as i32 * item as i32;
        let y = 8 + (i / per_row) as i32 * 24;
        area.draw(&Rectangle::new([(x, y + 3), (x + 16, y + 17)], c.filled()))?;
        area.draw(&Text::new(label.clone(), (x + 22, y + 2), text(14)))?;
    }
    Ok(())
}

/// A categorical axis: `n` bands over `0..n`, with key points (labels) at the band
/// centres `i + 0.5`. Values are `f64` so bars can sit anywhere inside a band.
#[derive(Clone, Copy, Debug)]
pub struct Bands(pub usize);

impl plotters::coord::ranged1d::Ranged for Bands {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let n = self.0.max(1) as f64;
        limit.0 + ((limit.1 - limit.0) as f64 * v / n).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.max_num_points() < self.0 {
            return Vec::new();
        }
        (0..self.0).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.0 as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_24_series_get_distinct_colours() {
        let all: Vec<(u8, u8, u8)> = (0..24)
            .map(|i| {
                let RGBColor(r, g, b) = colour(i);
                (r, g, b)
            })
            .collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 24, "{all:?}");
        assert_eq!(colour(24), colour(0));
    }
}
