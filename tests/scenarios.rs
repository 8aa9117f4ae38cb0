//! Every shipped scenario loads without warnings and runs (shortened to keep the test
//! fast) with every ticket accounted for; the escalation scenarios' stories (the claims
//! their opening comments make) hold on a shortened run.

use escalsim::experiment::{self, Options};
use escalsim::model::time::DAY_MS;
use escalsim::tickets::synthetic;

use crate::support::repo;

#[test]
fn every_shipped_scenario_runs_and_conserves_tickets() {
    let mut paths: Vec<_> = std::fs::read_dir(repo().join("scenarios"))
        .expect("scenarios/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "{paths:?}");
    for path in paths {
        let loaded =
            escalsim::scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        let mut s = loaded.scenario;
        s.run.horizon_ms = s.run.horizon_ms.min(21 * DAY_MS);
        s.run.warmup_ms = s.run.warmup_ms.min(DAY_MS);
        s.run.replications = 2;
        let runs = experiment::run_all(
            &s,
            &Options { threads: 2 },
            |r| synthetic::synthetic(&s, r),
            &|| {},
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for c in &runs {
            for r in &c.runs {
                assert!(r.arrived > 100, "{}: {} tickets", path.display(), r.arrived);
                assert_eq!(
                    r.all_arrived,
                    r.all_resolved + r.all_abandoned + r.all_open,
                    "{} {}",
                    path.display(),
                    c.name
                );
                assert!(r.resolved > 0);
            }
        }
    }
}

/// Per-replication values of every scalar metric of one candidate.
struct Candidate {
    name: String,
    runs: Vec<std::collections::BTreeMap<String, f64>>,
}

impl Candidate {
    /// `metric` in every replication.
    fn values(&self, metric: &str) -> Vec<f64> {
        self.runs
            .iter()
            .map(|r| {
                *r.get(metric)
                    .unwrap_or_else(|| panic!("{}: no metric {metric}", self.name))
            })
            .collect()
    }

    /// Mean of `metric` over replications.
    fn mean(&self, metric: &str) -> f64 {
        let v = self.values(metric);
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Runs the shipped scenario `file` over its first `days` days (warm-up one day) with
/// `replications` replications and returns every candidate's metrics.
fn shortened(file: &str, days: i64, replications: u32) -> Vec<Candidate> {
    let loaded = escalsim::scenario::load(&crate::support::shipped(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
    let mut s = loaded.scenario;
    s.run.horizon_ms = days * DAY_MS;
    s.run.warmup_ms = DAY_MS;
    s.run.replications = replications;
    let runs = experiment::run_all(
        &s,
        &Options { threads: 2 },
        |r| synthetic::synthetic(&s, r),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    runs.into_iter()
        .map(|c| Candidate {
            runs: c
                .runs
                .iter()
                .map(|r| {
                    r.scalars(&s)
                        .into_iter()
                        .map(|x| (x.name, x.value))
                        .collect()
                })
                .collect(),
            name: c.name,
        })
        .collect()
}

fn find<'a>(all: &'a [Candidate], name: &str) -> &'a Candidate {
    all.iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no candidate {name}"))
}

/// `a[i] < b[i]` in every replication.
fn below_every_time(a: &Candidate, b: &Candidate, metric: &str) {
    let (x, y) = (a.values(metric), b.values(metric));
    for (i, (p, q)) in x.iter().zip(&y).enumerate() {
        assert!(
            p < q,
            "{metric}: {} ({p}) not below {} ({q}) in replication {i}",
            a.name,
            b.name
        );
    }
}

/// saas-outage's story, on the first ten days (the API gateway outage) × 3 replications.
#[test]
fn saas_outage_sop_protects_enterprise_and_engineering_pays() {
    let all = shortened("saas-outage.toml", 10, 3);
    let tiered = find(&all, "tiered @ baseline");
    let sop = find(&all, "outage-sop @ baseline");
    let ai = find(&all, "ai-triage @ baseline");

    // The SOP: fewer enterprise breaches, faster resolution, better CSAT, T2 relieved.
    below_every_time(sop, tiered, "resolution_breach_rate.segment.enterprise");
    below_every_time(sop, tiered, "ttr_mean_hours");
    below_every_time(tiered, sop, "csat_mean");
    below_every_time(sop, tiered, "tier.T2.utilisation");
    // ... paid by engineering; T1's triage replies keep the SOP's first responses at
    // least as good as tiered's although engineers answer its outage tickets.
    below_every_time(tiered, sop, "tier.Engineering.utilisation");
    for (s, t) in sop
        .values("first_response_breach_rate")
        .iter()
        .zip(tiered.values("first_response_breach_rate"))
    {
        assert!(
            *s <= t + 1e-12,
            "first-response breach: SOP {s}, tiered {t}"
        );
    }
    // Status updates replace the follow-ups customers send under tiered.
    assert!(tiered.values("followups").iter().all(|&n| n > 0.0));
    assert!(sop.values("followups").iter().all(|&n| n == 0.0));
    assert!(sop.values("updates").iter().all(|&n| n > 0.0));
    // Rules fire and management hears about enterprise outages.
    assert!(sop.mean("rule.outage to engineering.fired") > 100.0);
    assert!(sop.mean("alerts.role.support director") > 10.0);
    // Misroutes: outage reports and API bugs the SOP sends to engineering that T1 or T2
    // could have solved; the AI's confusion matrices (about 88 % right over the mix).
    for m in sop.values("misroute_rate") {
        assert!((0.02..0.08).contains(&m), "SOP misroute rate {m}");
    }
    for m in ai.values("misroute_rate") {
        assert!((0.09..0.15).contains(&m), "AI misroute rate {m}");
    }
    below_every_time(tiered, ai, "tier.Engineering.utilisation");
    below_every_time(tiered, ai, "csat_mean");
    // Following the AI only when it is at least 90 % sure: about two contacts in three,
    // a sixth of the misroutes, engineering relieved, still faster than tiered.
    let sure = find(&all, "ai-confident @ baseline");
    for s in sure.values("ai_followed_share") {
        assert!((0.55..0.72).contains(&s), "AI followed on {s}");
    }
    for (s, a) in sure
        .values("misroute_rate")
        .iter()
        .zip(ai.values("misroute_rate"))
    {
        assert!(
            *s < a / 3.0,
            "misroutes: confident {s}, every prediction {a}"
        );
    }
    below_every_time(sure, ai, "tier.Engineering.utilisation");
    below_every_time(sure, tiered, "ttr_mean_hours");
    // With updates every 30 minutes and more, engineering drains after the outage (no
    // queue of tickets kept waiting by their own status updates): the tickets open at
    // the end are mostly waiting a few hours on their customers' replies.
    // (36, 43 and 61 at day 10, two days after the gateway outage, with the AI's
    // confusion matrices; a queue fed by its own updates leaves far more.)
    for n in sop.values("open_at_horizon") {
        assert!(n < 80.0, "SOP: {n} tickets open at the end");
    }
    for r in sop.values("resolution_breach_open_rate") {
        // A queue fed by its own updates would leave far more (the bug it guards against
        // left half the tickets unserved).
        assert!(r < 0.005, "SOP: {r} of tickets open past their deadline");
    }

    // The fifth engineer helps the SOP (engineering is its bottleneck) more than tiered.
    let gain = |policy: &str| {
        find(&all, &format!("{policy} @ baseline")).mean("resolution_breach_rate")
            - find(&all, &format!("{policy} @ plus-one-engineer")).mean("resolution_breach_rate")
    };
    assert!(
        gain("outage-sop") > gain("tiered"),
        "{} vs {}",
        gain("outage-sop"),
        gain("tiered")
    );
}

/// b2b-accounts' story, on the first ten days × 3 replications.
#[test]
fn b2b_account_sop_protects_key_accounts_and_ends_follow_ups() {
    let all = shortened("b2b-accounts.toml", 10, 3);
    let fifo = find(&all, "tiered-fifo @ baseline");
    let severity = find(&all, "tiered-severity @ baseline");
    let sop = find(&all, "account-sop @ baseline");
    let ai = find(&all, "ai-triage @ baseline");
    let key = |c: &Candidate| -> Vec<f64> {
        let s = c.values("resolution_breach_rate.segment.strategic");
        let e = c.values("resolution_breach_rate.segment.enterprise");
        s.iter().zip(&e).map(|(a, b)| a + b).collect()
    };

    // Key accounts: the SOP beats oldest-first queues on average; with touches and
    // customer waits at the account team it no longer beats severity order (README).
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    assert!(
        mean(key(sop)) < mean(key(fifo)),
        "key-account breaches: SOP {:?}, tiered-fifo {:?}",
        key(sop),
        key(fifo)
    );
    // It relieves the specialists and is better rated than either climb.
    below_every_time(sop, severity, "tier.T2.utilisation");
    below_every_time(fifo, severity, "csat_mean");
    below_every_time(severity, sop, "csat_mean");
    // Follow-ups: many under oldest-first, fewer under severity order, none with updates.
    below_every_time(severity, fifo, "followups");
    assert!(severity.values("followups").iter().all(|&n| n > 0.0));
    assert!(sop.values("followups").iter().all(|&n| n == 0.0));
    // Engineering joins on blockers with the account management lead alerted; the VP
    // of customer success hears about key accounts at risk.
    assert!(sop.mean("rule.blocker to engineering.fired") > 50.0);
    assert!(sop.mean("alerts.role.account management lead") > 50.0);
    assert!(sop.mean("alerts.role.VP customer success") > 0.0);
    assert!(sop.mean("tier.AccountTeam.utilisation") > 0.3);
    // The SOP's misroutes: routes to the account team count only for tickets needing an
    // engineer, so they are mostly reopened tickets sent to the specialists; a
    // misrouted ticket reopens more often than under the climbs.
    for m in sop.values("misroute_rate") {
        assert!((0.04..0.09).contains(&m), "SOP misroute rate {m}");
    }
    assert!(sop.mean("misroutes") < sop.mean("rule.key account to account team.fired"));
    below_every_time(severity, sop, "reopens");
    // The AI: 90 % accuracy, and its misroutes load engineering more than the SOP does.
    for m in ai.values("misroute_rate") {
        assert!((0.07..0.13).contains(&m), "AI misroute rate {m}");
    }
    below_every_time(sop, ai, "tier.Engineering.utilisation");
}

// ---- ecommerce-peak and telecom-disruption: the claims of their opening comments ----

use escalsim::engine::{self, TraceRow};
use escalsim::metrics::RunMetrics;
use escalsim::model::Scenario;
use escalsim::model::time::{HOUR_MS, MINUTE_MS};
use escalsim::policy;
use escalsim::tickets::Ticket;

/// A shipped scenario, shortened to `horizon_days` with `replications`.
fn shortened_scenario(file: &str, horizon_days: i64, replications: u32) -> Scenario {
    let loaded = escalsim::scenario::load(&repo().join("scenarios").join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
    let mut s = loaded.scenario;
    s.run.horizon_ms = horizon_days * DAY_MS;
    s.run.replications = replications;
    s
}

/// One candidate's run of one replication, with its decision trace.
struct Traced {
    metrics: RunMetrics,
    trace: Vec<TraceRow>,
}

impl Traced {
    fn metric(&self, s: &Scenario, name: &str) -> f64 {
        self.metrics
            .scalars(s)
            .into_iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no metric {name}"))
            .value
    }

    /// Each ticket's first life: `(arrived, ended)`, where `ended` is the time it was
    /// resolved (`Some(Ok(t))`), abandoned (`Some(Err(t))`) or still open at the
    /// horizon (`None`). Tickets a proactive notice suppressed (a lone `suppress` row)
    /// never arrived and have no entry.
    fn lives(&self) -> std::collections::BTreeMap<u64, (i64, Option<Result<i64, i64>>)> {
        let mut out = std::collections::BTreeMap::new();
        for row in self.trace.iter().filter(|r| r.event != "suppress") {
            let life = out.entry(row.ticket).or_insert((row.time, None));
            if life.1.is_none() {
                match row.event {
                    "resolve" => life.1 = Some(Ok(row.time)),
                    "abandon" => life.1 = Some(Err(row.time)),
                    _ => {}
                }
            }
        }
        out
    }
}

/// Runs `policy @ staffing` on replication `rep` of `s`, traced.
fn traced(s: &Scenario, tickets: &[Ticket], policy_name: &str, staffing: &str, rep: u32) -> Traced {
    let spec = s
        .policies
        .iter()
        .find(|p| p.name == policy_name)
        .unwrap_or_else(|| panic!("no policy {policy_name}"));
    let model = s
        .staffing_models
        .iter()
        .find(|m| m.name == staffing)
        .unwrap_or_else(|| panic!("no staffing model {staffing}"));
    let mut pol = policy::build(s, spec, rep);
    let (metrics, trace) = engine::run_traced(s, model, pol.as_mut(), tickets.iter().cloned())
        .unwrap_or_else(|e| panic!("{policy_name} @ {staffing}: {e}"));
    Traced { metrics, trace }
}

/// First-life resolution SLA outcomes of the tickets `pick` selects, as
/// `(breached, counted, mean hours to resolution of the resolved ones)`. Every SLA of
/// the two scenarios runs on a 24×7 clock, so the deadline is arrival + target.
fn outcomes(
    s: &Scenario,
    tickets: &[Ticket],
    run: &Traced,
    pick: impl Fn(&Ticket) -> bool,
) -> (u32, u32, f64) {
    let lives = run.lives();
    let horizon = s.run.horizon_ms;
    let (mut breached, mut counted, mut ttr_sum, mut resolved) = (0, 0, 0.0, 0);
    for t in tickets.iter().filter(|t| pick(t)) {
        let Some(&(arrived, ended)) = lives.get(&t.id) else {
            continue; // suppressed by a proactive notice
        };
        let target = s.sla.target(t.severity, t.segment);
        assert!(
            s.calendars[usize::from(target.calendar.0)]
                .weekly_open_ms
                .is_none()
        );
        let deadline = arrived + target.resolution_ms;
        let late = match ended {
            Some(Ok(at)) => {
                ttr_sum += (at - arrived) as f64 / HOUR_MS as f64;
                resolved += 1;
                at > deadline
            }
            Some(Err(_)) => true,
            None if horizon > deadline => true,
            None => continue, // no outcome yet
        };
        counted += 1;
        breached += u32::from(late);
    }
    (breached, counted, ttr_sum / f64::from(resolved.max(1)))
}

fn category(s: &Scenario, name: &str) -> usize {
    s.categories
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("no category {name}"))
}

#[test]
fn ecommerce_peak_finance_routing_and_ai_triage_against_the_peak() {
    // The first 16 days: a normal week and a half, then Black Friday to Cyber Monday
    // and the first day of the December rush.
    let s = shortened_scenario("ecommerce-peak.toml", 16, 3);
    let over_limit = category(&s, "refund-over-limit");
    let warmup = s.run.warmup_ms;
    for rep in 0..s.run.replications {
        let tickets: Vec<Ticket> = synthetic::synthetic(&s, rep).collect();
        let run = |p: &str, st: &str| traced(&s, &tickets, p, st, rep);
        let tiered = run("tiered", "baseline");
        let temps = run("tiered", "seasonal-temps");
        let sop = run("sop", "baseline");
        let sop_temps = run("sop", "seasonal-temps");
        let ai = run("ai", "baseline");
        let oracle = run("oracle", "baseline");
        let m = |r: &Traced, name: &str| r.metric(&s, name);
        let breach = |r: &Traced| m(r, "resolution_breach_rate");

        // The peak swamps tiered routing on the regular roster; temps, the SOP and the
        // AI each cut the breach rate.
        for (what, r) in [("temps", &temps), ("sop", &sop), ("ai", &ai)] {
            assert!(
                breach(r) < 0.6 * breach(&tiered),
                "rep {rep}: {what} {} vs tiered {}",
                breach(r),
                breach(&tiered)
            );
        }
        assert!(breach(&oracle) < breach(&ai) && breach(&oracle) < breach(&sop));

        // Refunds over the limit go straight to finance under the SOP: their mean time
        // to resolution falls by at least a third on the regular roster (by about half
        // on average) and by at least a tenth with temps, whose frontline passes them
        // on faster anyway (by about a third on average).
        let refunds = |r: &Traced| {
            outcomes(&s, &tickets, r, |t| {
                t.category.index() == over_limit && t.arrival >= warmup
            })
            .2
        };
        for (base, sop_run, roster, cut) in [
            (&tiered, &sop, "baseline", 0.67),
            (&temps, &sop_temps, "temps", 0.9),
        ] {
            assert!(
                refunds(sop_run) < cut * refunds(base),
                "rep {rep} {roster}: refund-over-limit TTR sop {} h vs tiered {} h",
                refunds(sop_run),
                refunds(base)
            );
        }

        // Fewer escalations under the SOP; VIPs first.
        assert!(m(&sop, "escalations_per_ticket") < 0.75 * m(&tiered, "escalations_per_ticket"));
        assert!(
            m(&sop, "resolution_breach_rate.segment.vip")
                < m(&tiered, "resolution_breach_rate.segment.vip")
        );

        // Customers chase under tiered (no status updates); the others send updates.
        assert!(m(&tiered, "followups") > 100.0 && m(&tiered, "updates") == 0.0);
        for r in [&sop, &ai, &oracle] {
            assert!(m(r, "followups") == 0.0 && m(r, "updates") > 0.0);
        }

        // The AI misroutes more than the SOP, and its misrouted tickets reopen more
        // than under perfect routing; it still rates best short of the oracle.
        assert!(m(&ai, "misroutes") > m(&sop, "misroutes") && m(&sop, "misroutes") > 0.0);
        assert!(m(&tiered, "misroutes") == 0.0 && m(&oracle, "misroutes") == 0.0);
        assert!(m(&ai, "reopens") > m(&oracle, "reopens"));
        assert!(m(&ai, "reviews") > 0.0 && m(&ai, "review_corrections") > 0.0);
        assert!(m(&tiered, "csat_mean") < m(&sop, "csat_mean"));
        assert!(m(&sop, "csat_mean") < m(&ai, "csat_mean"));
        assert!(m(&ai, "csat_mean") <= m(&oracle, "csat_mean"));
        assert!(m(&sop, "rule.refunds over 300 to finance.fired") > 0.0);
        assert!(m(&sop, "rule.waited too long.fired") > 0.0);
    }
}

#[test]
fn telecom_incident_mode_detects_the_fibre_cut_and_protects_the_queues() {
    // Eleven days: both bursts (the storm on day 5, the fibre cut on day 10) and a day
    // and a half after the fibre cut.
    let s = shortened_scenario("telecom-disruption.toml", 11, 3);
    let connectivity = category(&s, "connectivity");
    let cut = s
        .arrivals
        .bursts
        .iter()
        .find(|b| b.name.starts_with("fibre cut"))
        .expect("the fibre-cut burst");
    let (cut_start, cut_end) = (cut.start, cut.end);
    let incident_policies = ["tiered-incident", "sop", "ai"];
    for rep in 0..s.run.replications {
        let tickets: Vec<Ticket> = synthetic::synthetic(&s, rep).collect();
        let run = |p: &str, st: &str| traced(&s, &tickets, p, st, rep);
        let tiered = run("tiered", "baseline");
        let oracle = run("oracle", "baseline");
        let m = |r: &Traced, name: &str| r.metric(&s, name);
        let in_cut = |t: &Ticket| t.arrival >= cut_start && t.arrival < cut_end;
        let rate = |(b, n, _): (u32, u32, f64)| f64::from(b) / f64::from(n.max(1));
        let spike = |r: &Traced, conn: bool| {
            rate(outcomes(&s, &tickets, r, |t| {
                in_cut(t) && (t.category.index() == connectivity) == conn
            }))
        };

        // Without incident mode nothing is detected, and the fibre cut floods T1 and
        // T2: a quarter of the connectivity tickets and a sixth of everyone else's
        // arriving during the cut breach their resolution SLA.
        assert_eq!(m(&tiered, "incidents_detected"), 0.0);
        assert!(
            spike(&tiered, true) > 0.15,
            "rep {rep}: {}",
            spike(&tiered, true)
        );
        assert!(
            spike(&tiered, false) > 0.10,
            "rep {rep}: {}",
            spike(&tiered, false)
        );
        // Perfect routing alone does not save the other customers.
        assert!(spike(&oracle, false) > 0.10);

        for p in incident_policies {
            for staffing in ["baseline", "noc-plus-two"] {
                let r = run(p, staffing);
                let what = format!("rep {rep} {p} @ {staffing}");
                // Both bursts are detected, each once; the regional manager is alerted
                // each time; the fibre cut is detected within 15 minutes.
                assert_eq!(m(&r, "incidents_detected"), 2.0, "{what}");
                assert_eq!(m(&r, "alerts.role.regional manager"), 2.0, "{what}");
                let first_bypass = r
                    .trace
                    .iter()
                    .find(|row| row.event == "bypass" && row.time >= cut_start)
                    .map(|row| row.time)
                    .expect("a bypass during the fibre cut");
                assert!(
                    first_bypass - cut_start < 15 * MINUTE_MS,
                    "{what}: detected {} min into the cut",
                    (first_bypass - cut_start) / MINUTE_MS
                );
                assert!(m(&r, "tickets_bypassed") > 250.0, "{what}");
                assert!(m(&r, "tickets_suppressed") > 200.0, "{what}");
                // Everyone else is protected from the spike (the AI least: its wrong
                // routes to the NOC queue behind the bypassed tickets)…
                assert!(
                    spike(&r, false) < spike(&tiered, false) / 3.0,
                    "{what}: others {} vs tiered {}",
                    spike(&r, false),
                    spike(&tiered, false)
                );
                // …and so are the spike's own customers once the NOC has two more
                // engineers on duty.
                if staffing == "noc-plus-two" {
                    assert!(
                        spike(&r, true) < 0.6 * spike(&tiered, true),
                        "{what}: connectivity {} vs tiered {}",
                        spike(&r, true),
                        spike(&tiered, true)
                    );
                }
                assert!(m(&r, "resolution_breach_rate") < m(&tiered, "resolution_breach_rate"));
                assert!(m(&r, "tier.T1.max_queue") < m(&tiered, "tier.T1.max_queue") / 3.0);
                assert!(m(&r, "followups") < m(&tiered, "followups") / 4.0);
            }
        }
        // Incident mode beats perfect routing without it.
        let tiered_incident = run("tiered-incident", "baseline");
        assert!(
            m(&tiered_incident, "resolution_breach_rate") < m(&oracle, "resolution_breach_rate")
        );
    }
}
