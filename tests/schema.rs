//! `summary.json` follows its JSON Schema (`docs/summary.schema.json`): real summaries
//! validate, and the checker rejects a summary with a key missing, an undocumented key
//! or a wrong type. The checker covers the keywords the schema uses (`type`,
//! `required`, `properties`, `additionalProperties: false`, `items`, `const`, `enum`,
//! `minimum`), so no JSON Schema crate is built for one test.

use serde_json::Value;

use crate::support::{escalsim, repo, shipped, stderr, tempdir};

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_u64() || v.is_i64(),
        _ => false,
    }
}

/// Every place `v` breaks `schema`, as `path: what`.
fn check(schema: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, v))),
            _ => false,
        };
        if !ok {
            out.push(format!("{path}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            out.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let Some(Value::Array(e)) = schema.get("enum") {
        if !e.contains(v) {
            out.push(format!("{path}: {v} is not one of {e:?}"));
        }
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < min {
            out.push(format!("{path}: {x} < {min}"));
        }
    }
    if let Value::Object(map) = v {
        let props = schema.get("properties").and_then(Value::as_object);
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(k) = r.as_str() {
                if !map.contains_key(k) {
                    out.push(format!("{path}: `{k}` is missing"));
                }
            }
        }
        for (k, x) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => check(s, x, &format!("{path}.{k}"), out),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    out.push(format!("{path}: `{k}` is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (v, schema.get("items")) {
        for (i, x) in items.iter().enumerate() {
            check(s, x, &format!("{path}[{i}]"), out);
        }
    }
}

fn problems(schema: &Value, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, v, "$", &mut out);
    out
}

#[test]
fn real_summaries_follow_the_json_schema() {
    let text = std::fs::read_to_string(repo().join("docs/summary.schema.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempdir();
    // support-basic has [targets]; tiny has a peak window and a segment with patience.
    let tiny = repo().join("tests/snapshots/tiny.toml");
    for (k, scenario) in [shipped("support-basic.toml"), tiny].iter().enumerate() {
        let out = format!("r{k}");
        let o = escalsim(
            dir.path(),
            &[
                "run",
                scenario.to_str().unwrap_or_default(),
                "--replications",
                "2",
                "--out",
                &out,
                "--format",
                "json",
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let bytes = std::fs::read(dir.path().join(&out).join("summary.json")).unwrap_or_default();
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v["schema_version"], 1);
        assert!(
            v["run"]["windows"].is_array()
                && v["candidates"][0]["metrics"][0]["per_replication"].is_array()
        );
        let found = problems(&schema, &v);
        assert!(found.is_empty(), "{}: {found:#?}", scenario.display());
        if k == 0 {
            assert!(
                v["run"]["targets"]
                    .as_array()
                    .is_some_and(|t| !t.is_empty())
            );
            // The checker catches what the schema forbids.
            let mut bad = v.clone();
            if let Some(run) = bad["run"].as_object_mut() {
                run.remove("seed");
                run.insert("colour".into(), Value::from("blue"));
            }
            bad["candidates"][0]["metrics"][0]["n"] = Value::from("two");
            bad["schema_version"] = Value::from(2);
            let found = problems(&schema, &bad);
            for want in [
                "$.run: `seed` is missing",
                "$.run: `colour` is not in the schema",
                "$.candidates[0].metrics[0].n: \"two\" is not of type \"integer\"",
                "$.schema_version: 2 is not 1",
            ] {
                assert!(found.iter().any(|f| f == want), "no {want:?} in {found:#?}");
            }
        }
    }
}
