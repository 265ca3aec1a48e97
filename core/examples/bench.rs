//! Native side of `cargo xtask bench`: times registry calls and reports listed in a JSON file
//! (`[{"id", "name", "args", "iterations"}]`, or `{"id", "kind": "report", "table", "options",
//! "iterations"}` for a whole report from a table with a header) and prints every timing,
//! `{"id": [ms, …], …}`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: bench CASES.json")?;
    let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let mut out = serde_json::Map::new();
    for case in cases.as_array().ok_or("cases must be an array")? {
        let id = case["id"].as_str().ok_or("case without id")?;
        let iterations = case["iterations"].as_u64().unwrap_or(20) as usize;
        if case["kind"].as_str() == Some("report") {
            let grid = aism_core::json::arg_from_json(&case["table"])?.ok_or("empty table")?;
            let opts: aism_core::systems::ReportOptions =
                serde_json::from_value(case["options"].clone())?;
            aism_core::run_report(&grid, None, &opts)?;
            let times: Vec<f64> = (0..iterations)
                .map(|_| {
                    let t = Instant::now();
                    let r = aism_core::run_report(&grid, None, &opts);
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    std::hint::black_box(r).ok();
                    ms
                })
                .collect();
            out.insert(id.to_string(), serde_json::json!(times));
            continue;
        }
        let name = case["name"].as_str().ok_or("case without name")?;
        let args = aism_core::json::args_from_json(&case["args"])?;
        // Warm-up, and check the call succeeds.
        aism_core::call(name, args.clone())?;
        let times: Vec<f64> = (0..iterations)
            .map(|_| {
                let a = args.clone();
                let t = Instant::now();
                let r = aism_core::call(name, a);
                let ms = t.elapsed().as_secs_f64() * 1e3;
                std::hint::black_box(r).ok();
                ms
            })
            .collect();
        out.insert(id.to_string(), serde_json::json!(times));
    }
    println!("{}", serde_json::Value::Object(out));
    Ok(())
}
