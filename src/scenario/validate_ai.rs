//! The AI triage model: `[ai]`, `[ai.weights]` and `[ai.review]` → [`AiModel`]
//! (`[ai.confusion]` in [`super::validate_confusion`]).
//!
//! Without `[ai]` the AI is a perfect estimator with the default score weights and no
//! review ([`AiModel::default`]); a missing field of `[ai]` or `[ai.weights]` takes
//! its value from the same defaults. `tier_accuracy` and `[ai.confusion]` exclude each
//! other; with the matrices, the model's `tier_accuracy` is the accuracy they imply.

use super::context::AiRefs;
use super::dists::{Quantity, dist};
use super::problem::{Problems, join, num};
use super::raw::{RawAi, RawReview, RawWeights};
use super::suggest::Names;
use super::validate_confusion::{confusion, implied_accuracy};
use super::validate_vocab::keyword_mask;
use super::validate_when::severity;
use super::values::{non_negative, positive, required, share};
use crate::model::{AiModel, PolicySpec, Review, RoleId, ScoreWeights};

const REVIEW_DELAY: Quantity = Quantity {
    unit: "minutes",
    typical: 15.0,
};

/// Validates `[ai]` (absent: [`AiModel::default`]).
pub(crate) fn ai(
    problems: &mut Problems,
    raw: Option<&RawAi>,
    refs: &AiRefs<'_>,
) -> Option<AiModel> {
    let Some(raw) = raw else {
        return Some(AiModel::default());
    };
    let (keywords, roles, tiers) = (refs.keywords, refs.roles, refs.tiers);
    let d = AiModel::default();
    let matrices = raw
        .confusion
        .as_ref()
        .map(|m| confusion(problems, m, tiers, refs.categories, refs.typed_categories));
    if raw.confusion.is_some() && raw.tier_accuracy.is_some() {
        problems.error(
            "ai.tier_accuracy",
            "give either tier_accuracy (errors uniform over the other tiers) or [ai.confusion], not both",
            "remove tier_accuracy: the confusion matrices set the accuracy",
        );
    }
    let accuracy = match &matrices {
        Some(Some(m)) if raw.tier_accuracy.is_none() => Some(
            refs.typed_categories
                .map_or(1.0, |c| implied_accuracy(m, c)),
        ),
        Some(_) => None,
        None => above_zero_share(
            problems,
            "ai.tier_accuracy",
            raw.tier_accuracy.unwrap_or(d.tier_accuracy),
            "give the probability that the AI predicts the needed tier right, e.g. tier_accuracy = 0.8",
        ),
    };
    let noise = non_negative(
        problems,
        "ai.sentiment_noise_sd",
        raw.sentiment_noise_sd.unwrap_or(d.sentiment_noise_sd),
        "give the standard deviation of the sentiment estimate's error, e.g. 0.2",
    );
    let recall = share(
        problems,
        "ai.keyword_recall",
        raw.keyword_recall.unwrap_or(d.keyword_recall),
        "give the share of mentioned keywords the AI detects, e.g. keyword_recall = 0.9",
    );
    let precision = above_zero_share(
        problems,
        "ai.keyword_precision",
        raw.keyword_precision.unwrap_or(d.keyword_precision),
        "give the share of keyword detections that are right, e.g. keyword_precision = 0.95",
    );
    let weights = match &raw.weights {
        None => Some(ScoreWeights::default()),
        Some(w) => weights(problems, w, keywords),
    };
    let review = match &raw.review {
        None => Some(None),
        Some(r) => review(problems, r, roles, tiers).map(Some),
    };
    Some(AiModel {
        tier_accuracy: accuracy?,
        confusion: matrices.flatten(),
        sentiment_noise_sd: noise?,
        keyword_recall: recall?,
        keyword_precision: precision?,
        weights: weights?,
        review: review?,
    })
}

/// `min_confidence` of policy `base` of kind `kind` (`Some(None)` when absent; an
/// error on a policy that is not `ai`, or outside `[0, 1]`).
pub(crate) fn min_confidence(
    problems: &mut Problems,
    base: &str,
    v: Option<f64>,
    kind: &str,
) -> Option<Option<f64>> {
    let Some(v) = v else {
        return Some(None);
    };
    let path = join(base, "min_confidence");
    if kind != "ai" {
        problems.error(
            &path,
            format!("min_confidence only applies to kind = \"ai\", not `{kind}`"),
            "remove it, or set kind = \"ai\" to route by the AI's prediction when it is at least this confident",
        );
        return None;
    }
    share(
        problems,
        &path,
        v,
        "give the confidence from which the AI's prediction is followed, e.g. min_confidence = 0.9",
    )
    .map(Some)
}

/// A warning for each `ai` policy whose `min_confidence` is at least the review's
/// `below_confidence`: the AI then routes no ticket the review would catch for low
/// confidence.
pub(crate) fn min_confidence_warnings(
    problems: &mut Problems,
    ai: &AiModel,
    policies: &[PolicySpec],
) {
    let Some(below) = ai.review.as_ref().and_then(|r| r.below_confidence) else {
        return;
    };
    for p in policies {
        if let Some(m) = p.min_confidence.filter(|&m| m >= below) {
            problems.warning(
                join(&join("policies", &p.name), "min_confidence"),
                format!(
                    "the AI routes only tickets with confidence >= {}, so [ai.review] below_confidence = {} never reviews this policy's decisions (the rest follow the path unreviewed)",
                    num(m),
                    num(below)
                ),
                "lower min_confidence below below_confidence, or drop below_confidence and review by severity_at_least",
            );
        }
    }
}

/// A probability in `(0, 1]`.
fn above_zero_share(problems: &mut Problems, path: &str, v: f64, fix: &str) -> Option<f64> {
    if v.is_finite() && v > 0.0 && v <= 1.0 {
        Some(v)
    } else {
        problems.error(
            path,
            format!("must be a probability greater than 0 and at most 1, got {v}"),
            fix,
        );
        None
    }
}

fn weights(problems: &mut Problems, raw: &RawWeights, keywords: &Names) -> Option<ScoreWeights> {
    let d = ScoreWeights::default();
    let mut weight = |field: &str, v: Option<f64>, default: f64| {
        non_negative(
            problems,
            &join("ai.weights", field),
            v.unwrap_or(default),
            "give a weight >= 0 (weights are relative: the score divides by their sum)",
        )
    };
    let severity = weight("severity", raw.severity, d.severity);
    let account_value = weight("account_value", raw.account_value, d.account_value);
    let order_value = weight("order_value", raw.order_value, d.order_value);
    let sentiment = weight("sentiment", raw.sentiment, d.sentiment);
    let keyword_weight = weight("keywords", raw.keywords, d.keywords);
    let sla_risk = weight("sla_risk", raw.sla_risk, d.sla_risk);
    let account_scale = positive(
        problems,
        "ai.weights.account_value_scale",
        raw.account_value_scale.unwrap_or(d.account_value_scale),
        "give the account value at which its feature reaches 1, currency units, e.g. 100000",
    );
    let order_scale = positive(
        problems,
        "ai.weights.order_value_scale",
        raw.order_value_scale.unwrap_or(d.order_value_scale),
        "give the order value at which its feature reaches 1, currency units, e.g. 1000",
    );
    let risk = match &raw.risk_keywords {
        None => Some(d.risk_keywords),
        Some(list) => keyword_mask(problems, "ai.weights.risk_keywords", list, keywords),
    };
    let all = [
        severity,
        account_value,
        order_value,
        sentiment,
        keyword_weight,
        sla_risk,
    ];
    if all.iter().all(|w| *w == Some(0.0)) {
        problems.error(
            "ai.weights",
            "every weight is 0, so the score is undefined",
            "give at least one weight > 0, e.g. severity = 1",
        );
        return None;
    }
    match (keyword_weight, risk) {
        (Some(w), Some(0)) if w > 0.0 => problems.warning(
            "ai.weights.keywords",
            format!(
                "weight {} is given to risk keywords, but `risk_keywords` lists none, so the feature is always 0",
                num(w)
            ),
            "list the category keywords that signal risk, e.g. risk_keywords = [\"outage\"]",
        ),
        (Some(w), Some(m)) if w == 0.0 && m != 0 => problems.warning(
            "ai.weights.risk_keywords",
            "risk keywords are listed, but their weight `keywords` is 0, so they do not change the score",
            "give them a weight, e.g. keywords = 0.2, or remove `risk_keywords`",
        ),
        _ => {}
    }
    Some(ScoreWeights {
        severity: severity?,
        account_value: account_value?,
        account_value_scale: account_scale?,
        order_value: order_value?,
        order_value_scale: order_scale?,
        sentiment: sentiment?,
        keywords: keyword_weight?,
        risk_keywords: risk?,
        sla_risk: sla_risk?,
    })
}

fn review(
    problems: &mut Problems,
    raw: &RawReview,
    roles: &[String],
    tiers: &Names,
) -> Option<Review> {
    let role_fix = "name who reviews, e.g. role = \"support team lead\"";
    let role = required(problems, "ai.review.role", &raw.role, role_fix).and_then(|r| {
        let id = roles.iter().position(|n| n == r.trim());
        if id.is_none() {
            problems.error("ai.review.role", "role name must not be empty", role_fix);
        }
        id.map(|i| RoleId(i as u16))
    });
    let at_least = match &raw.severity_at_least {
        None => Some(None),
        Some(s) => severity(problems, "ai.review.severity_at_least", s).map(Some),
    };
    let below = match raw.below_confidence {
        None => Some(None),
        Some(c) => above_zero_share(
            problems,
            "ai.review.below_confidence",
            c,
            "give the confidence below which decisions are reviewed, e.g. below_confidence = 0.6",
        )
        .map(Some),
    };
    if raw.severity_at_least.is_none() && raw.below_confidence.is_none() {
        problems.error(
            "ai.review",
            "no decision is ever reviewed: give `severity_at_least`, `below_confidence` or both",
            "e.g. severity_at_least = \"critical\" and/or below_confidence = 0.6",
        );
    }
    let delay = required(
        problems,
        "ai.review.delay_minutes",
        &raw.delay_minutes,
        "give the time from the decision to the reviewed decision, minutes, e.g. delay_minutes = { dist = \"exponential\", mean = 15 }",
    )
    .and_then(|d| dist(problems, "ai.review.delay_minutes", d, REVIEW_DELAY));
    let work = non_negative(
        problems,
        "ai.review.work_minutes",
        raw.work_minutes.unwrap_or(0.0),
        "give the reviewer's working time per review, minutes, e.g. work_minutes = 3",
    );
    let catch_fix = "give the probability that the reviewer corrects a wrong predicted tier, e.g. catch_rate = 0.8";
    let catch = required(problems, "ai.review.catch_rate", &raw.catch_rate, catch_fix)
        .and_then(|&c| share(problems, "ai.review.catch_rate", c, catch_fix));
    if raw.severity_at_least.is_none() && raw.below_confidence.is_none() {
        return None;
    }
    let tier = match &raw.tier {
        None => Some(None),
        Some(t) => tiers
            .lookup(problems, "ai.review.tier", t)
            .map(|i| Some(crate::model::TierId(i as u16))),
    };
    Some(Review {
        tier: tier?,
        role: role?,
        severity_at_least: at_least?,
        below_confidence: below?,
        delay_minutes: delay?,
        work_minutes: work?,
        catch_rate: catch?,
    })
}
