//! Known-answer tests against queueing theory: special cases of the support model whose
//! steady state is known exactly (M/M/c, M/M/c+M, non-preemptive priorities, a Jackson
//! network, M/G/1) are simulated and every estimate is compared with the exact value.
//!
//! The exact values and the recommended run lengths come from
//! `tests/data/queueing_cases.csv`, a copy of the project's shared reference table
//! (`../shared/reference/queueing_cases.csv`, columns explained in
//! `tests/data/README.md`). The CSV is parsed here; no exact value is typed into this
//! file.
//!
//! # Method
//! Each case becomes a scenario (one tier, or three for the network) with a constant
//! Poisson arrival rate, constant staffing, a 24×7 clock and no hand-off delays. It
//! runs `REPLICATIONS` independent replications (seed `SEED` + the case's row in the
//! table, so cases do not share random streams); each deletes the case's
//! `warmup_hours` and then measures `required_arrivals_2pct × scale / REPLICATIONS`
//! arrivals, so that the mean wait (the CSV's `runlen_metric`) is known to about ±2 %
//! (95 %) at scale 1. For each metric the per-replication values give the mean and
//! the standard deviation `sd`, and
//!
//! ```text
//! z = (mean − exact) / (sd / sqrt(REPLICATIONS))
//! ```
//!
//! must satisfy `|z| < 3.3` (a 0.1 % false-alarm rate per assertion under the normal
//! approximation, 0.2 % under Student's t with 39 degrees of freedom; with 20
//! replications it would be 0.4 %, too many false alarms over ~120 assertions). The
//! seeds are fixed, so the tests are deterministic. Every case also checks its
//! measured arrivals against `lambda_per_hour` × the measurement window. Every family
//! prints its table (`cargo test --release theory -- --nocapture`) before asserting,
//! so a failure shows every metric of the family.
//!
//! # Cases
//! Every model family is covered; the cases were picked to keep the whole module at
//! about 20 s of CPU time in release mode, about 31 M measured arrivals (the engine
//! does about 1.5 M tickets per second per core):
//!
//! - `erlang_c`: C01, C02, C04, C06, C08 at scale 1. C10 (50 agents at ρ = 0.95)
//!   would need 33 M arrivals for ±2 %, more than all other cases together; C08
//!   (20 agents, ρ = 0.9) already covers a large, heavily loaded team.
//! - `erlang_a`: A01, A02, A04 (overloaded, ρ = 1.1), A05, all at scale 1.
//! - `priority_np_mmc`: P01 at scale 1 and P02 at scale 0.5 (5.8 M arrivals at scale
//!   1; at 0.5 the binding class-2 mean wait is still known to about ±3 %).
//! - `jackson_mmc`: J01 at scale 1 and J02 (heavy, ρ up to 0.93) at scale 0.3, each
//!   routed by needs and again by a `transfers` policy from `net_routing` (15 M
//!   arrivals at scale 1; ±3.7 % at 0.3 on the total wait, tighter on the
//!   end-to-end sojourn time that includes service).
//! - `mg1_lognormal`: G01, G02 at scale 1.
//! - `staffing_erlang_c` (S01, S02, S05) is skipped: it checks the staffing search,
//!   a later feature, not the simulator.
//!
//! # Metric mapping (escalsim metric ↔ reference column)
//! - M/M/c: `tier.T1.p_wait` ↔ `p_wait`; `tier.T1.wait_mean_minutes` ↔
//!   `mean_wait_min`; `tier.T1.utilisation` ↔ `utilisation`; `tier.T1.mean_queue` ↔
//!   `mean_queue_len`; `ttr_mean_hours × 60` ↔ `mean_sojourn_min`; `ttr_p90_hours × 60`
//!   ↔ `p90_sojourn_min`; `1 − first_response_breach_rate` (first-response target =
//!   `sl_threshold_min`) ↔ `p_wait_le_t`.
//! - M/M/c+M: `abandon_rate` ↔ `p_abandon`; `tier.T1.wait_mean_minutes` (served
//!   tickets only: abandoners never start service) ↔ `mean_wait_served_min`;
//!   `tier.T1.utilisation` ↔ `utilisation`; `tier.T1.mean_queue` ↔ `mean_queue_len`.
//!   Two more are derived from CSV columns: `tier.T1.p_wait` counts tickets that
//!   started service, and every abandoner waited, so it is
//!   `(p_wait − p_abandon) / (1 − p_abandon)`; `1 − first_response_breach_rate`
//!   counts served tickets and tickets abandoned after the target (docs/metrics.md),
//!   so it is `frac_answered_within_t / (1 − p_wait_le_t + frac_answered_within_t)`.
//!   Service levels: `service_level_offered` ↔ `frac_answered_within_t`,
//!   `service_level_answered` ↔ `sl_served_within_t`; with a short-abandon threshold
//!   longer than any patience (10^9 s) every abandon is short, so
//!   `service_level_short_abandons_excluded` ↔ `sl_served_within_t` too;
//!   `service_level_abandons_within_target_excluded` is the first-response one above.
//!   (`tests/golden.rs` checks a finite threshold by hand.)
//! - Priorities (`discipline = "severity"`, class 1 = `high`, class 2 = `low`):
//!   `first_response_mean_minutes.severity.high` ↔ `class1_mean_wait_min`,
//!   `.low` ↔ `class2_mean_wait_min`. Work conservation: the overall mean wait
//!   `tier.T1.wait_mean_minutes` must equal the FIFO M/M/c mean wait, computed here
//!   from λ, μ and c with the Erlang C formula (and checked against the CSV's
//!   `mean_wait_min` to 1e-4); `tier.T1.p_wait` ↔ `p_wait` and
//!   `tier.T1.utilisation` ↔ `utilisation` do not depend on the discipline either.
//! - Jackson network: `ttr_mean_hours × 60` ↔ `mean_sojourn_min`;
//!   `1 + escalations_per_ticket` ↔ `visits_per_ticket`; per tier
//!   `tier.Tk.wait_mean_minutes` ↔ `node_mean_wait_min`, `tier.Tk.utilisation` ↔
//!   `node_rho`, `tier.Tk.p_wait` ↔ `node_p_wait`. The network is T1 → T2 → T3 with
//!   `needs = { T1 = 1 − p12, T2 = p12 (1 − p23), T3 = p12 p23 }` and no
//!   `triage_minutes`, so a tier spends a full exponential handle time before
//!   escalating and service at a node does not depend on the route (a Kelly network
//!   with FIFO nodes and class-independent exponential service: product form).
//! - M/G/1 lognormal: `tier.T1.wait_mean_minutes` ↔ `mean_wait_min`
//!   (Pollaczek–Khinchine), `tier.T1.p_wait` ↔ `p_wait`, `tier.T1.utilisation` ↔
//!   `utilisation`, `tier.T1.mean_queue` ↔ `mean_queue_len`, `ttr_mean_hours × 60` ↔
//!   `mean_sojourn_min`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use escalsim::experiment::{self, Options};
use escalsim::metrics::summary::CandidateSummary;
use escalsim::tickets::synthetic::synthetic;

use crate::support::{repo, scenario_from};

/// Independent replications per case.
const REPLICATIONS: u32 = 40;
/// Largest |z| accepted (0.1 % two-sided under the normal approximation).
const Z_MAX: f64 = 3.3;
/// Master seed; case `k` (its row in the table, from 0) uses `SEED + k`, so the cases
/// see independent random streams and their errors are not correlated.
const SEED: u64 = 1000;

// ---------------------------------------------------------------------------------
// The reference table
// ---------------------------------------------------------------------------------

/// One row of the reference table: column name → cell text.
struct Case {
    /// Row in the table, from 0.
    row: usize,
    cells: BTreeMap<String, String>,
}

impl Case {
    fn id(&self) -> &str {
        self.text("case_id")
    }

    /// The text of a column (panics if the table has no such column).
    fn text(&self, column: &str) -> &str {
        self.cells
            .get(column)
            .unwrap_or_else(|| panic!("reference table has no column \"{column}\""))
    }

    /// A number from a column; panics naming the case and column if it is empty or
    /// not a number.
    fn num(&self, column: &str) -> f64 {
        let cell = self.text(column);
        cell.trim().parse().unwrap_or_else(|e| {
            panic!(
                "reference case {}: column \"{column}\" must be a number, got {cell:?} ({e})",
                self.id()
            )
        })
    }

    /// A `|`-separated list of numbers (`net_agents`, `node_rho`, …).
    fn list(&self, column: &str) -> Vec<f64> {
        self.text(column)
            .split('|')
            .map(|x| {
                x.trim().parse().unwrap_or_else(|e| {
                    panic!(
                        "reference case {}: column \"{column}\" must be numbers separated by |, got {:?} ({e})",
                        self.id(),
                        self.text(column)
                    )
                })
            })
            .collect()
    }

    /// The escalation probability `from->to` of `net_routing`
    /// (`T1->T2=0.3;T2->T3=0.2;…`).
    fn routing(&self, from: &str, to: &str) -> f64 {
        let key = format!("{from}->{to}");
        let routing = self.text("net_routing");
        routing
            .split(';')
            .find_map(|part| {
                let (k, v) = part.split_once('=')?;
                (k.trim() == key).then(|| v.trim())
            })
            .unwrap_or_else(|| {
                panic!(
                    "reference case {}: net_routing {routing:?} has no {key}",
                    self.id()
                )
            })
            .parse()
            .unwrap_or_else(|e| {
                panic!(
                    "reference case {}: net_routing {key} is not a number ({e})",
                    self.id()
                )
            })
    }
}

fn reference_path() -> PathBuf {
    repo().join("tests/data/queueing_cases.csv")
}

/// Every row of the reference table.
fn cases() -> Vec<Case> {
    let path = reference_path();
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let headers = reader
        .headers()
        .unwrap_or_else(|e| panic!("cannot read the header of {}: {e}", path.display()))
        .clone();
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let record =
                record.unwrap_or_else(|e| panic!("{}: bad record {} ({e})", path.display(), i + 1));
            Case {
                row: i,
                cells: headers
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect(),
            }
        })
        .collect()
}

/// The reference case `id`, checking it belongs to `model`.
fn case(id: &str, model: &str) -> Case {
    let case = cases()
        .into_iter()
        .find(|c| c.id() == id)
        .unwrap_or_else(|| panic!("reference table has no case {id}"));
    assert_eq!(case.text("model"), model, "case {id} is not a {model} case");
    case
}

// ---------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------

/// One tier of a test scenario.
struct TierSpec {
    name: &'static str,
    agents: u32,
    /// Handle-time distribution as a TOML inline table, minutes.
    handle: String,
}

/// Everything that varies between the test scenarios.
struct Spec {
    name: String,
    /// Tiers, in escalation order.
    tiers: Vec<TierSpec>,
    /// Needed tier → probability.
    needs: Vec<(&'static str, f64)>,
    /// Severity → share.
    severity: Vec<(&'static str, f64)>,
    arrivals_per_hour: f64,
    patience_mean_minutes: Option<f64>,
    /// First-response target of every severity, minutes (24×7).
    first_response_minutes: f64,
    discipline: &'static str,
    seed: u64,
    warmup_hours: f64,
    measured_hours: f64,
}

fn exponential(mean_minutes: f64) -> String {
    format!("{{ dist = \"exponential\", mean = {mean_minutes} }}")
}

impl Spec {
    /// One tier `T1` with `agents_c` agents and exponential handle time `aht_min`,
    /// arrivals `lambda_per_hour`, every ticket resolved at T1, FIFO, first-response
    /// target `sl_threshold_min` (or 60 min when the case has none). The run length
    /// is the case's warm-up plus `required_arrivals_2pct × scale` arrivals over all
    /// replications.
    fn single_tier(case: &Case, scale: f64) -> Spec {
        let agents = case.num("agents_c");
        assert!(
            agents >= 1.0 && agents.fract() == 0.0,
            "case {}: agents_c must be a whole number >= 1",
            case.id()
        );
        let first_response_minutes = match case.text("sl_threshold_min") {
            "" => 60.0,
            _ => case.num("sl_threshold_min"),
        };
        let mut spec = Spec {
            name: format!("theory-{}", case.id()),
            tiers: vec![TierSpec {
                name: "T1",
                agents: agents as u32,
                handle: exponential(case.num("aht_min")),
            }],
            needs: vec![("T1", 1.0)],
            severity: vec![("medium", 1.0)],
            arrivals_per_hour: case.num("lambda_per_hour"),
            patience_mean_minutes: None,
            first_response_minutes,
            discipline: "fifo",
            seed: 0,
            warmup_hours: 0.0,
            measured_hours: 0.0,
        };
        spec.size_from(case, scale);
        spec
    }

    /// Sets the seed from the case's row, and the warm-up and measured length per
    /// replication from the case's `warmup_hours` and `required_arrivals_2pct`
    /// (× `scale`).
    fn size_from(&mut self, case: &Case, scale: f64) {
        self.seed = SEED + case.row as u64;
        let arrivals = case.num("required_arrivals_2pct") * scale;
        self.warmup_hours = case.num("warmup_hours");
        self.measured_hours = arrivals / self.arrivals_per_hour / f64::from(REPLICATIONS);
    }

    fn toml(&self) -> String {
        let mut t = String::new();
        let horizon_days = (self.warmup_hours + self.measured_hours) / 24.0;
        let warmup_days = self.warmup_hours / 24.0;
        let _ = writeln!(t, "name = \"{}\"", self.name);
        let _ = writeln!(
            t,
            "[run]\nstart = 2026-01-05T00:00:00\nhorizon_days = {horizon_days}\n\
             warmup_days = {warmup_days}\nreplications = {REPLICATIONS}\nseed = {}\n",
            self.seed
        );
        for tier in &self.tiers {
            let _ = writeln!(
                t,
                "[tiers.{}]\nagents = {}\nhandle_minutes = {}\n",
                tier.name, tier.agents, tier.handle
            );
        }
        let path: Vec<String> = self
            .tiers
            .iter()
            .map(|x| format!("\"{}\"", x.name))
            .collect();
        let _ = writeln!(t, "[escalation]\npath = [{}]\n", path.join(", "));
        let _ = writeln!(t, "[segments.all]\nshare = 1");
        if let Some(p) = self.patience_mean_minutes {
            let _ = writeln!(t, "patience_minutes = {}", exponential(p));
        }
        let needs: Vec<String> = self
            .needs
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        let _ = writeln!(
            t,
            "\n[categories.general]\nshare = 1\nneeds = {{ {} }}\n",
            needs.join(", ")
        );
        let _ = writeln!(t, "[severity]");
        for (sev, share) in &self.severity {
            let _ = writeln!(t, "{sev} = {share}");
        }
        // Every abandon is a short one (only `service_level_short_abandons_excluded`
        // reads the threshold; with all abandons left out it is the service level
        // over answered contacts).
        let _ = writeln!(t, "\n[sla]\nshort_abandon_seconds = 1e9");
        for sev in ["critical", "high", "medium", "low"] {
            let _ = writeln!(
                t,
                "\n[sla.{sev}]\nfirst_response_minutes = {}\nresolution_hours = 100000",
                self.first_response_minutes
            );
        }
        let _ = writeln!(t, "\n[arrivals]\nper_hour = {}\n", self.arrivals_per_hour);
        let _ = writeln!(
            t,
            "[policies.theory]\nkind = \"tiered\"\ndiscipline = \"{}\"",
            self.discipline
        );
        t
    }
}

/// What a simulated case gave.
struct Outcome {
    summary: CandidateSummary,
    /// Measured arrivals over all replications.
    arrivals: f64,
    /// Expected measured arrivals per replication: rate × measurement window.
    expected_arrivals: f64,
    seconds: f64,
}

/// Loads `spec`'s scenario and runs every replication on all cores.
fn simulate(spec: &Spec) -> Outcome {
    simulate_text(&spec.name, &spec.toml(), spec.arrivals_per_hour)
}

/// Loads the scenario `text` and runs every replication on all cores.
fn simulate_text(name: &str, text: &str, arrivals_per_hour: f64) -> Outcome {
    let loaded = scenario_from(text);
    let scenario = &loaded.scenario;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let runs = experiment::run_all(
        scenario,
        &Options { threads },
        |rep| synthetic(scenario, rep),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{}: run failed: {e}", name));
    let seconds = started.elapsed().as_secs_f64();
    let window_hours = (scenario.run.horizon_ms - scenario.run.warmup_ms) as f64 / 3_600_000.0;
    let summary = experiment::summarise(scenario, &runs, "theory", "synthetic");
    let [candidate]: [CandidateSummary; 1] = summary
        .candidates
        .try_into()
        .unwrap_or_else(|_| panic!("{}: expected exactly one candidate", name));
    assert!(
        candidate.conservation.holds,
        "{}: conservation violated",
        name
    );
    let arrivals = candidate
        .metric("arrived")
        .unwrap_or_else(|| panic!("{}: no metric \"arrived\"", name))
        .per_replication
        .iter()
        .sum();
    Outcome {
        summary: candidate,
        arrivals,
        expected_arrivals: arrivals_per_hour * window_hours,
        seconds,
    }
}

// ---------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------

/// One comparison of an estimate with its exact value.
struct Check {
    case: String,
    /// `escalsim metric ↔ reference quantity`.
    what: String,
    exact: f64,
    estimate: f64,
    /// Standard error of the estimate, `sd / sqrt(n)`.
    se: f64,
    z: f64,
}

/// The comparisons of one model family, printed as a table and then asserted.
#[derive(Default)]
struct Checks {
    rows: Vec<Check>,
    /// Per case: (case id, measured arrivals, wall-clock seconds).
    runs: Vec<(String, f64, f64)>,
}

impl Checks {
    /// Records a case's run and checks its arrival count: the measured arrivals of a
    /// replication are Poisson with mean `lambda_per_hour` × the measurement window.
    fn ran(&mut self, case: &Case, outcome: &Outcome) {
        self.runs
            .push((case.id().to_string(), outcome.arrivals, outcome.seconds));
        self.compare(
            case,
            outcome,
            "arrived",
            |v| v,
            "lambda_per_hour × window",
            outcome.expected_arrivals,
        );
    }

    /// Compares `f(metric)` per replication with `exact`.
    fn compare(
        &mut self,
        case: &Case,
        outcome: &Outcome,
        metric: &str,
        f: impl Fn(f64) -> f64,
        reference: &str,
        exact: f64,
    ) {
        let summary = outcome
            .summary
            .metric(metric)
            .unwrap_or_else(|| panic!("case {}: no metric \"{metric}\"", case.id()));
        let values: Vec<f64> = summary.per_replication.iter().map(|&v| f(v)).collect();
        assert!(
            values.iter().all(|v| v.is_finite()),
            "case {}: {metric} is undefined in some replication: {values:?}",
            case.id()
        );
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let se = (var / n).sqrt();
        let z = if se > 0.0 {
            (mean - exact) / se
        } else if mean == exact {
            0.0
        } else {
            f64::INFINITY
        };
        self.rows.push(Check {
            case: case.id().to_string(),
            what: format!("{metric} ↔ {reference}"),
            exact,
            estimate: mean,
            se,
            z,
        });
    }

    /// Compares `metric` as is with the CSV column `column`.
    fn column(&mut self, case: &Case, outcome: &Outcome, metric: &str, column: &str) {
        let exact = case.num(column);
        self.compare(case, outcome, metric, |v| v, column, exact);
    }

    /// Prints the table (one `println!`, so parallel tests do not interleave) and
    /// asserts every |z| < `Z_MAX`.
    fn finish(self, family: &str) {
        let mut t = String::new();
        let _ = writeln!(t, "\ntheory: {family}");
        let _ = writeln!(
            t,
            "| case | metric ↔ reference | exact | estimate | se | z |\n|---|---|---:|---:|---:|---:|"
        );
        for r in &self.rows {
            let _ = writeln!(
                t,
                "| {} | {} | {:.6} | {:.6} | {:.2e} | {:+.2} |",
                r.case, r.what, r.exact, r.estimate, r.se, r.z
            );
        }
        for (id, arrivals, seconds) in &self.runs {
            let _ = writeln!(
                t,
                "{id}: {REPLICATIONS} replications, {:.2} M measured arrivals, {seconds:.1} s",
                arrivals / 1e6
            );
        }
        println!("{t}");
        let failed: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.z.is_nan() || r.z.abs() >= Z_MAX)
            .map(|r| {
                format!(
                    "{} {}: exact {}, estimate {} (se {:.3e}), z = {:+.2}",
                    r.case, r.what, r.exact, r.estimate, r.se, r.z
                )
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{family}: {} of {} estimates differ from theory (|z| >= {Z_MAX}):\n{}",
            failed.len(),
            self.rows.len(),
            failed.join("\n")
        );
    }
}

fn minutes_from_hours(h: f64) -> f64 {
    h * 60.0
}

/// The M/M/c FIFO mean wait in minutes (Erlang C), for arrival rate `lambda` and
/// service rate `mu` per hour and `c` agents.
fn erlang_c_mean_wait_minutes(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let rho = a / f64::from(c);
    assert!(rho < 1.0, "Erlang C needs rho < 1, got {rho}");
    // Erlang B by the stable recursion, then Erlang C.
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let p_wait = b / (1.0 - rho * (1.0 - b));
    p_wait / (f64::from(c) * mu - lambda) * 60.0
}

// ---------------------------------------------------------------------------------
// The families
// ---------------------------------------------------------------------------------

#[test]
fn erlang_c_mmc_fifo() {
    let mut checks = Checks::default();
    for id in ["C01", "C02", "C04", "C06", "C08"] {
        let case = case(id, "erlang_c");
        let out = simulate(&Spec::single_tier(&case, 1.0));
        checks.ran(&case, &out);
        checks.column(&case, &out, "tier.T1.p_wait", "p_wait");
        checks.column(&case, &out, "tier.T1.wait_mean_minutes", "mean_wait_min");
        checks.column(&case, &out, "tier.T1.utilisation", "utilisation");
        checks.column(&case, &out, "tier.T1.mean_queue", "mean_queue_len");
        let sojourn = case.num("mean_sojourn_min");
        checks.compare(
            &case,
            &out,
            "ttr_mean_hours",
            minutes_from_hours,
            "mean_sojourn_min",
            sojourn,
        );
        let p90 = case.num("p90_sojourn_min");
        checks.compare(
            &case,
            &out,
            "ttr_p90_hours",
            minutes_from_hours,
            "p90_sojourn_min",
            p90,
        );
        let sl = case.num("p_wait_le_t");
        checks.compare(
            &case,
            &out,
            "first_response_breach_rate",
            |b| 1.0 - b,
            "p_wait_le_t",
            sl,
        );
    }
    checks.finish("erlang_c (M/M/c, FIFO)");
}

#[test]
fn erlang_a_mmc_with_abandonment() {
    let mut checks = Checks::default();
    for id in ["A01", "A02", "A04", "A05"] {
        let case = case(id, "erlang_a");
        let mut spec = Spec::single_tier(&case, 1.0);
        spec.patience_mean_minutes = Some(case.num("mean_patience_min"));
        let out = simulate(&spec);
        checks.ran(&case, &out);
        checks.column(&case, &out, "abandon_rate", "p_abandon");
        checks.column(
            &case,
            &out,
            "tier.T1.wait_mean_minutes",
            "mean_wait_served_min",
        );
        checks.column(&case, &out, "tier.T1.utilisation", "utilisation");
        checks.column(&case, &out, "tier.T1.mean_queue", "mean_queue_len");
        // Derived: every abandoner waited, so among tickets that started service
        // P(wait > 0) = (p_wait − p_abandon) / (1 − p_abandon).
        let (p_wait, p_abandon) = (case.num("p_wait"), case.num("p_abandon"));
        checks.compare(
            &case,
            &out,
            "tier.T1.p_wait",
            |v| v,
            "(p_wait−p_abandon)/(1−p_abandon)",
            (p_wait - p_abandon) / (1.0 - p_abandon),
        );
        // Derived: the first-response rate counts served tickets and abandoners past
        // the target; abandoners within the target have no outcome.
        let answered = case.num("frac_answered_within_t");
        let within = case.num("p_wait_le_t");
        checks.compare(
            &case,
            &out,
            "first_response_breach_rate",
            |b| 1.0 - b,
            "answered_within_t/(1−p_wait_le_t+answered_within_t)",
            answered / (1.0 - within + answered),
        );
        // The standard service-level definitions (docs/metrics.md).
        checks.column(
            &case,
            &out,
            "service_level_offered",
            "frac_answered_within_t",
        );
        checks.column(&case, &out, "service_level_answered", "sl_served_within_t");
        // Every abandon counts as short here (threshold 10^9 s), so leaving them out
        // of the offered contacts leaves the answered ones.
        checks.column(
            &case,
            &out,
            "service_level_short_abandons_excluded",
            "sl_served_within_t",
        );
        checks.compare(
            &case,
            &out,
            "service_level_abandons_within_target_excluded",
            |v| v,
            "answered_within_t/(1−p_wait_le_t+answered_within_t)",
            answered / (1.0 - within + answered),
        );
    }
    checks.finish("erlang_a (M/M/c+M)");
}

#[test]
fn non_preemptive_priority_mmc() {
    let mut checks = Checks::default();
    for (id, scale) in [("P01", 1.0), ("P02", 0.5)] {
        let case = case(id, "priority_np_mmc");
        let mut spec = Spec::single_tier(&case, scale);
        let (l1, l2) = (
            case.num("class1_lambda_per_hour"),
            case.num("class2_lambda_per_hour"),
        );
        let lambda = case.num("lambda_per_hour");
        assert!(
            ((l1 + l2) - lambda).abs() < 1e-9 * lambda,
            "case {id}: class rates {l1} + {l2} do not add up to lambda {lambda}"
        );
        spec.severity = vec![("high", l1 / lambda), ("low", l2 / lambda)];
        spec.discipline = "severity";
        let out = simulate(&spec);
        checks.ran(&case, &out);
        checks.column(
            &case,
            &out,
            "first_response_mean_minutes.severity.high",
            "class1_mean_wait_min",
        );
        checks.column(
            &case,
            &out,
            "first_response_mean_minutes.severity.low",
            "class2_mean_wait_min",
        );
        // Work conservation: with class-independent service the overall mean wait
        // is the FIFO one, computed here with Erlang C.
        let fifo_wait = erlang_c_mean_wait_minutes(
            lambda,
            case.num("mu_per_hour"),
            case.num("agents_c") as u32,
        );
        let table_wait = case.num("mean_wait_min");
        assert!(
            (fifo_wait - table_wait).abs() < 1e-4 * table_wait,
            "case {id}: Erlang C gives {fifo_wait} min, the table's mean_wait_min is {table_wait}"
        );
        checks.compare(
            &case,
            &out,
            "tier.T1.wait_mean_minutes",
            |v| v,
            "Erlang C FIFO mean wait",
            fifo_wait,
        );
        checks.column(&case, &out, "tier.T1.p_wait", "p_wait");
        checks.column(&case, &out, "tier.T1.utilisation", "utilisation");
    }
    checks.finish("priority_np_mmc (M/M/c, 2 non-preemptive classes)");
}

#[test]
fn jackson_three_tier_network() {
    let mut checks = Checks::default();
    for (id, scale) in [("J01", 1.0), ("J02", 0.3)] {
        let case = case(id, "jackson_mmc");
        let agents = case.list("net_agents");
        let aht = case.list("net_aht_min");
        assert!(
            agents.len() == 3 && aht.len() == 3,
            "case {id}: net_agents and net_aht_min must list 3 tiers"
        );
        // The need-based run below climbs the path only; send-backs run as a
        // `transfers` policy (`transfers_policy`).
        let (p21, p32) = (case.routing("T2", "T1"), case.routing("T3", "T2"));
        let p12 = case.routing("T1", "T2");
        let p23 = case.routing("T2", "T3");
        let names = ["T1", "T2", "T3"];
        let mut spec = Spec {
            name: format!("theory-{id}"),
            tiers: names
                .iter()
                .zip(agents.iter().zip(&aht))
                .map(|(&name, (&c, &h))| TierSpec {
                    name,
                    agents: c as u32,
                    handle: exponential(h),
                })
                .collect(),
            needs: vec![
                ("T1", 1.0 - p12),
                ("T2", p12 * (1.0 - p23)),
                ("T3", p12 * p23),
            ],
            severity: vec![("medium", 1.0)],
            arrivals_per_hour: case.num("lambda_per_hour"),
            patience_mean_minutes: None,
            first_response_minutes: 60.0,
            discipline: "fifo",
            seed: 0,
            warmup_hours: 0.0,
            measured_hours: 0.0,
        };
        spec.size_from(&case, scale);
        let need_based = (p21 == 0.0 && p32 == 0.0).then(|| simulate(&spec));
        // The same network routed by its transfer matrix, every visit drawn afresh.
        let mut by_matrix = spec.toml();
        if let Some(i) = by_matrix.find("[policies.theory]") {
            by_matrix.truncate(i);
        }
        by_matrix.push_str(&transfers_policy(p12, p23, p21, p32));
        let matrix_out = simulate_text(&spec.name, &by_matrix, spec.arrivals_per_hour);
        for out in need_based.iter().chain([&matrix_out]) {
            checks.ran(&case, out);
            let sojourn = case.num("mean_sojourn_min");
            checks.compare(
                &case,
                out,
                "ttr_mean_hours",
                minutes_from_hours,
                "mean_sojourn_min",
                sojourn,
            );
            let visits = case.num("visits_per_ticket");
            checks.compare(
                &case,
                out,
                "escalations_per_ticket",
                |e| 1.0 + e,
                "visits_per_ticket",
                visits,
            );
            let waits = case.list("node_mean_wait_min");
            let rhos = case.list("node_rho");
            let p_waits = case.list("node_p_wait");
            for (k, name) in names.iter().enumerate() {
                checks.compare(
                    &case,
                    out,
                    &format!("tier.{name}.wait_mean_minutes"),
                    |v| v,
                    &format!("node_mean_wait_min[{name}]"),
                    waits[k],
                );
                checks.compare(
                    &case,
                    out,
                    &format!("tier.{name}.utilisation"),
                    |v| v,
                    &format!("node_rho[{name}]"),
                    rhos[k],
                );
                checks.compare(
                    &case,
                    out,
                    &format!("tier.{name}.p_wait"),
                    |v| v,
                    &format!("node_p_wait[{name}]"),
                    p_waits[k],
                );
            }
        }
    }
    checks.finish("jackson_mmc (T1 → T2 → T3 open network, by needs and by transfers)");
}

/// The `[policies.theory]` table of a `transfers` policy for the three-tier network:
/// T1 escalates `p12`; T2 escalates `p23` and sends back `p21`; T3 sends back `p32`.
fn transfers_policy(p12: f64, p23: f64, p21: f64, p32: f64) -> String {
    format!(
        "[policies.theory]\nkind = \"transfers\"\n[policies.theory.transfers]\n\
         T1 = {{ resolve = {}, T2 = {p12} }}\n\
         T2 = {{ resolve = {}, T1 = {p21}, T3 = {p23} }}\n\
         T3 = {{ resolve = {}, T2 = {p32} }}\n",
        1.0 - p12,
        1.0 - p21 - p23,
        1.0 - p32
    )
}

#[test]
fn mg1_lognormal_service() {
    let mut checks = Checks::default();
    for id in ["G01", "G02"] {
        let case = case(id, "mg1_lognormal");
        assert_eq!(case.text("service_dist"), "lognormal");
        let mut spec = Spec::single_tier(&case, 1.0);
        spec.tiers[0].handle = format!(
            "{{ dist = \"lognormal\", mean = {}, cv = {} }}",
            case.num("aht_min"),
            case.num("service_cv")
        );
        let out = simulate(&spec);
        checks.ran(&case, &out);
        checks.column(&case, &out, "tier.T1.wait_mean_minutes", "mean_wait_min");
        checks.column(&case, &out, "tier.T1.p_wait", "p_wait");
        checks.column(&case, &out, "tier.T1.utilisation", "utilisation");
        checks.column(&case, &out, "tier.T1.mean_queue", "mean_queue_len");
        let sojourn = case.num("mean_sojourn_min");
        checks.compare(
            &case,
            &out,
            "ttr_mean_hours",
            minutes_from_hours,
            "mean_sojourn_min",
            sojourn,
        );
    }
    checks.finish("mg1_lognormal (M/G/1, Pollaczek–Khinchine)");
}

/// Work conservation under escalation policies (issue #3): with i.i.d. exponential
/// work independent of class, no abandonment and a non-idling policy, reordering the
/// queue by an SOP priority rule or by the AI's score moves waiting between the
/// classes (to the non-preemptive priority values of the reference table) but leaves
/// the overall mean wait at the FIFO (Erlang C) value.
#[test]
fn sop_priority_and_ai_score_orders_conserve_work() {
    let mut checks = Checks::default();
    let case = case("P01", "priority_np_mmc");
    let lambda = case.num("lambda_per_hour");
    let fifo_wait =
        erlang_c_mean_wait_minutes(lambda, case.num("mu_per_hour"), case.num("agents_c") as u32);
    let policies = [
        (
            "sop-priority",
            "[policies.sop]\nkind = \"sop\"\ndiscipline = \"fifo\"\n\
             [[policies.sop.rules]]\nname = \"high first\"\n\
             when = { severity = [\"high\"] }\npriority = 1\n",
        ),
        (
            "ai-score",
            "[policies.ai]\nkind = \"ai\"\ndiscipline = \"ai-score\"\n",
        ),
    ];
    for (label, policy) in policies {
        let mut spec = Spec::single_tier(&case, 0.5);
        spec.name = format!("theory-P01-{label}");
        let (l1, l2) = (
            case.num("class1_lambda_per_hour"),
            case.num("class2_lambda_per_hour"),
        );
        spec.severity = vec![("high", l1 / lambda), ("low", l2 / lambda)];
        let text = spec.toml();
        let cut = text
            .find("[policies.theory]")
            .unwrap_or_else(|| panic!("no policy section in {text}"));
        let text = format!("{}{policy}", &text[..cut]);
        let out = simulate_text(&spec.name, &text, spec.arrivals_per_hour);
        checks.ran(&case, &out);
        checks.compare(
            &case,
            &out,
            "tier.T1.wait_mean_minutes",
            |v| v,
            "Erlang C FIFO mean wait",
            fifo_wait,
        );
        checks.column(
            &case,
            &out,
            "first_response_mean_minutes.severity.high",
            "class1_mean_wait_min",
        );
        checks.column(
            &case,
            &out,
            "first_response_mean_minutes.severity.low",
            "class2_mean_wait_min",
        );
    }
    checks.finish("work conservation under SOP priority and AI-score queue orders");
}
