//! Distribution tables (`{ dist = "lognormal", mean = 8, cv = 0.8 }`) → [`Dist`].
//!
//! Checks that the kind is known, that exactly the parameters of that kind are given,
//! and turns a [`crate::model::dist::DistError`] into a problem at the offending
//! parameter's path (`tiers.T2.handle_minutes.mean`).

use super::problem::{Problems, join, num};
use super::raw::RawDist;
use super::suggest::word;
use crate::model::Dist;

const KINDS: [&str; 6] = [
    "constant",
    "exponential",
    "lognormal",
    "gamma",
    "uniform",
    "empirical",
];

/// What a distribution field measures, for messages and fixes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quantity {
    /// Unit of the samples (`minutes`, `currency units`).
    pub unit: &'static str,
    /// A typical mean, used in example fixes.
    pub typical: f64,
}

/// Validates a distribution table at `path`.
pub(crate) fn dist(
    problems: &mut Problems,
    path: &str,
    raw: &RawDist,
    q: Quantity,
) -> Option<Dist> {
    let example = format!(
        "e.g. {{ dist = \"exponential\", mean = {} }} ({})",
        num(q.typical),
        q.unit
    );
    let Some(kind) = raw.dist.as_deref() else {
        problems.error(
            join(path, "dist"),
            "missing required field: which distribution",
            format!("add `dist` = one of {}, {example}", KINDS.join(", ")),
        );
        return None;
    };
    let given: [(&str, bool); 9] = [
        ("value", raw.value.is_some()),
        ("mean", raw.mean.is_some()),
        ("sd", raw.sd.is_some()),
        ("cv", raw.cv.is_some()),
        ("shape", raw.shape.is_some()),
        ("scale", raw.scale.is_some()),
        ("min", raw.min.is_some()),
        ("max", raw.max.is_some()),
        ("values", raw.values.is_some()),
    ];
    let is_given = |name: &str| given.iter().any(|&(n, g)| n == name && g);
    // Parameter sets each kind accepts (alternatives listed separately).
    let forms: &[&[&str]] = match kind {
        "constant" => &[&["value"]],
        "exponential" => &[&["mean"]],
        "lognormal" => &[&["mean", "cv"], &["mean", "sd"]],
        "gamma" => &[&["shape", "scale"], &["mean", "cv"]],
        "uniform" => &[&["min", "max"]],
        "empirical" => &[&["values"]],
        _ => {
            let known = KINDS.join(", ");
            word(
                problems,
                &join(path, "dist"),
                "distribution",
                kind,
                (&KINDS, &format!("known: {known}")),
                &format!("use one of {known}"),
            );
            return None;
        }
    };
    let describe = |form: &[&str]| {
        form.iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let alternatives = forms
        .iter()
        .map(|f| describe(f))
        .collect::<Vec<_>>()
        .join(", or ");
    let mut ok = true;
    // Parameters that no form of this kind takes.
    for &(name, g) in &given {
        if g && !forms.iter().any(|f| f.contains(&name)) {
            problems.error(
                join(path, name),
                format!("`{name}` is not a parameter of the {kind} distribution (it takes {alternatives})"),
                format!("remove `{name}`, or change `dist` to the distribution you meant"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    // Exactly one complete form.
    let complete: Vec<&[&str]> = forms
        .iter()
        .copied()
        .filter(|f| f.iter().all(|p| is_given(p)))
        .collect();
    let form = match complete.as_slice() {
        [one] => *one,
        [] => {
            problems.error(
                path,
                format!("the {kind} distribution needs {alternatives}"),
                format!("add the missing parameters, {}", kind_example(kind, q)),
            );
            return None;
        }
        _ => {
            problems.error(
                path,
                format!("the {kind} distribution takes {alternatives}, not both"),
                "remove one of the alternatives",
            );
            return None;
        }
    };
    // A parameter given but not part of the chosen form (e.g. gamma shape+scale+cv).
    for &(name, g) in &given {
        if g && !form.contains(&name) {
            problems.error(
                join(path, name),
                format!(
                    "`{name}` cannot be combined with {} in the {kind} distribution",
                    describe(form)
                ),
                format!("remove `{name}`"),
            );
            return None;
        }
    }
    let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
    let built = match (kind, form) {
        ("constant", _) => Dist::constant(v(raw.value)),
        ("exponential", _) => Dist::exponential(v(raw.mean)),
        ("lognormal", ["mean", "cv"]) => Dist::lognormal_mean_cv(v(raw.mean), v(raw.cv)),
        ("lognormal", _) => Dist::lognormal_mean_sd(v(raw.mean), v(raw.sd)),
        ("gamma", ["shape", "scale"]) => Dist::gamma(v(raw.shape), v(raw.scale)),
        ("gamma", _) => Dist::gamma_mean_cv(v(raw.mean), v(raw.cv)),
        ("uniform", _) => Dist::uniform(v(raw.min), v(raw.max)),
        _ => Dist::empirical(raw.values.clone().unwrap_or_default()),
    };
    match built {
        Ok(d) => Some(d),
        Err(e) => {
            report_dist_error(problems, path, kind, form, &e.0, q);
            None
        }
    }
}

/// Puts a `DistError` ("`mean` must be …") at the parameter's path when it names one
/// the file gave, otherwise at the distribution's path.
fn report_dist_error(
    problems: &mut Problems,
    path: &str,
    kind: &str,
    form: &[&str],
    message: &str,
    q: Quantity,
) {
    let named = message
        .strip_prefix('`')
        .and_then(|rest| rest.split_once('`'))
        .map(|(param, tail)| (param.to_string(), tail.trim_start().to_string()));
    if let Some((param, tail)) = named {
        let base = param.split('[').next().unwrap_or(&param).to_string();
        if form.contains(&base.as_str()) {
            let p = if base == param {
                join(path, &param)
            } else {
                format!("{}{}", join(path, &base), &param[base.len()..])
            };
            problems.error(p, tail, param_fix(&base, q));
            return;
        }
    }
    problems.error(path, message.to_string(), kind_example(kind, q));
}

fn param_fix(param: &str, q: Quantity) -> String {
    let t = q.typical;
    let unit = q.unit;
    match param {
        "mean" => format!(
            "give the mean in {unit} as a number > 0, e.g. mean = {}",
            num(t)
        ),
        "sd" => format!(
            "give the standard deviation in {unit} as a number > 0, e.g. sd = {}",
            num(t / 2.0)
        ),
        "cv" => {
            "give the coefficient of variation (sd / mean) as a number > 0, e.g. cv = 0.8".into()
        }
        "shape" => "give the shape as a number > 0, e.g. shape = 2".into(),
        "scale" => format!(
            "give the scale in {unit} as a number > 0, e.g. scale = {}",
            num(t / 2.0)
        ),
        "value" => format!(
            "give the value in {unit} as a number >= 0, e.g. value = {}",
            num(t)
        ),
        "min" | "max" => format!(
            "give 0 <= min < max in {unit}, e.g. min = {}, max = {}",
            num(t / 2.0),
            num(t * 1.5)
        ),
        _ => format!(
            "give values in {unit}, each >= 0, e.g. values = [{}, {}]",
            num(t / 2.0),
            num(t * 1.5)
        ),
    }
}

fn kind_example(kind: &str, q: Quantity) -> String {
    let t = num(q.typical);
    let half = num(q.typical / 2.0);
    let more = num(q.typical * 1.5);
    let body = match kind {
        "constant" => format!("value = {t}"),
        "exponential" => format!("mean = {t}"),
        "lognormal" => format!("mean = {t}, cv = 0.8"),
        "gamma" => format!("mean = {t}, cv = 0.8"),
        "uniform" => format!("min = {half}, max = {more}"),
        _ => format!("values = [{half}, {t}, {more}]"),
    };
    format!("e.g. {{ dist = \"{kind}\", {body} }} ({})", q.unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTES: Quantity = Quantity {
        unit: "minutes",
        typical: 12.0,
    };

    fn parse(src: &str) -> RawDist {
        toml::from_str(src).unwrap_or_default()
    }

    fn check(src: &str) -> (Option<Dist>, Vec<super::super::problem::Problem>) {
        let mut ps = Problems::default();
        let d = dist(&mut ps, "tiers.T2.handle_minutes", &parse(src), MINUTES);
        (d, ps.into_sorted())
    }

    #[test]
    fn every_kind_and_form_builds() {
        for (src, mean) in [
            ("dist = 'constant'\nvalue = 2", 2.0),
            ("dist = 'exponential'\nmean = 5", 5.0),
            ("dist = 'lognormal'\nmean = 8\ncv = 0.8", 8.0),
            ("dist = 'lognormal'\nmean = 8\nsd = 4", 8.0),
            ("dist = 'gamma'\nshape = 2\nscale = 3", 6.0),
            ("dist = 'gamma'\nmean = 6\ncv = 0.5", 6.0),
            ("dist = 'uniform'\nmin = 2\nmax = 6", 4.0),
            ("dist = 'empirical'\nvalues = [1, 2, 6]", 3.0),
        ] {
            let (d, problems) = check(src);
            assert!(problems.is_empty(), "{src}: {problems:?}");
            let d = d.map(|d| d.mean()).unwrap_or(f64::NAN);
            assert!((d - mean).abs() < 1e-9, "{src}: mean {d}");
        }
    }

    #[test]
    fn bad_parameters_are_reported_at_their_path() {
        let (d, p) = check("dist = 'exponential'\nmean = -3");
        assert!(d.is_none());
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.mean");
        assert_eq!(p[0].message, "must be a finite number > 0, got -3");
        assert!(p[0].fix.contains("minutes"), "{}", p[0].fix);

        let (_, p) = check("dist = 'empirical'\nvalues = [1, -2]");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.values[1]");

        let (_, p) = check("dist = 'uniform'\nmin = 5\nmax = 5");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.min");
    }

    #[test]
    fn wrong_kind_parameters_and_forms_are_named() {
        let (_, p) = check("dist = 'exponental'\nmean = 5");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.dist");
        assert_eq!(p[0].fix, "did you mean `exponential`?");

        let (_, p) = check("dist = 'exponential'\nmean = 5\ncv = 1");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.cv");
        assert_eq!(
            p[0].message,
            "`cv` is not a parameter of the exponential distribution (it takes `mean`)"
        );

        let (_, p) = check("dist = 'lognormal'\nmean = 5");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes");
        assert_eq!(
            p[0].message,
            "the lognormal distribution needs `mean` and `cv`, or `mean` and `sd`"
        );

        let (_, p) = check("dist = 'lognormal'\nmean = 5\ncv = 1\nsd = 2");
        assert!(p[0].message.contains("not both"), "{}", p[0].message);

        let (_, p) = check("mean = 5");
        assert_eq!(p[0].path, "tiers.T2.handle_minutes.dist");
    }
}
