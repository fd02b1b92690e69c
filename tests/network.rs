//! `regionkg network` on a store built from a corpus written for it, whose answers are known
//! by hand: roll-up, link weights, windows, the `within` filter, directed links, measures.

mod common;
use common::regionkg;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Three documents: a 河北频道 post naming 保定 and 北京; a text naming 北京 and 天津; a text
/// naming 北京, 天津 and 石家庄 in one sentence and 雄安新区 (in 保定) in the next.
fn store(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.md"),
        "---\ntitle: 保定与北京合作_河北频道\ndate: 2019-02-01 08:00:00\n---\n两地签署协议。\n",
    )
    .unwrap();
    std::fs::write(corpus.join("b.txt"), "北京市与天津市开展交流。\n").unwrap();
    std::fs::write(
        corpus.join("c.txt"),
        "北京市、天津市和石家庄市三地会谈。雄安新区建设加快。\n",
    )
    .unwrap();
    let store = dir.join("kg");
    regionkg()
        .arg("build")
        .arg(&corpus)
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    store
}

fn json(store: &Path, args: &[&str]) -> Vec<Value> {
    let out = regionkg()
        .arg("network")
        .args(args)
        .arg("--store")
        .arg(store)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn edge<'a>(edges: &'a [Value], a: &str, b: &str) -> Option<&'a Value> {
    edges
        .iter()
        .find(|e| (e["source"] == a && e["target"] == b) || (e["source"] == b && e["target"] == a))
}

fn close(v: &Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

#[test]
fn prefecture_network_of_a_known_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());

    // Nodes: 雄安新区 counts for 保定市; documents per node; strength by document counts.
    let nodes = json(&store, &["nodes"]);
    let node = |name: &str| nodes.iter().find(|n| n["name"] == name).unwrap();
    assert_eq!(nodes.len(), 4, "{nodes:?}");
    for (name, docs, strength) in [
        ("北京市", 3.0, 5.0),
        ("天津市", 2.0, 4.0),
        ("保定市", 2.0, 4.0),
        ("石家庄市", 1.0, 3.0),
    ] {
        assert!(close(&node(name)["documents"], docs), "{name}");
        assert!(close(&node(name)["strength"], strength), "{name}");
    }
    assert!(close(&node("北京市")["rank"], 1.0));
    assert!(close(&node("北京市")["clustering"], 1.0));
    // Coordinates come from the division gazetteer.
    assert!(node("北京市")["lat"].as_f64().unwrap() > 39.0);

    // Links: counts, Ochiai, fractional weights.
    let edges = json(&store, &["edges"]);
    assert_eq!(edges.len(), 6);
    let bj_tj = edge(&edges, "北京市", "天津市").unwrap();
    assert!(close(&bj_tj["documents"], 2.0));
    assert!(close(&bj_tj["ochiai"], 2.0 / 6f64.sqrt()));
    assert!(close(&bj_tj["fractional"], 1.0 + 1.0 / 3.0));
    let sjz_bd = edge(&edges, "石家庄市", "保定市").unwrap();
    assert!(close(&sjz_bd["fractional"], 1.0 / 3.0));
    assert!(bj_tj["distance_km"].as_f64().unwrap() > 100.0);

    // Sentence windows: 保定 (雄安新区) stands alone in its sentence of c.txt.
    let edges = json(&store, &["edges", "--window", "sentence"]);
    assert_eq!(edges.len(), 4);
    assert!(edge(&edges, "天津市", "保定市").is_none());

    // Within 河北: the two Hebei cities and their one link.
    let edges = json(&store, &["edges", "--within", "河北省"]);
    assert_eq!(edges.len(), 1);
    assert!(edge(&edges, "石家庄市", "保定市").is_some());

    // Province level: 北京, 天津, 河北; the 河北频道 post links 河北 to 北京.
    let nodes = json(&store, &["nodes", "--level", "province"]);
    assert_eq!(nodes.len(), 3);
    let directed = json(&store, &["directed", "--level", "province"]);
    assert_eq!(directed.len(), 1, "{directed:?}");
    assert_eq!(directed[0]["home"], "河北省");
    assert_eq!(directed[0]["target"], "北京市");

    // Summary: four nodes, six links, all connected.
    let summary = json(&store, &["summary"]);
    let value = |k: &str| {
        summary
            .iter()
            .find(|r| r["measure"] == k)
            .map(|r| r["value"].clone())
            .unwrap()
    };
    assert!(close(&value("nodes"), 4.0));
    assert!(close(&value("density"), 1.0));
    assert!(close(
        &value("average path length (hops, largest component)"),
        1.0
    ));

    // Periods: only a.md has a date.
    let by = json(&store, &["nodes", "--by", "month"]);
    assert_eq!(by.len(), 2, "{by:?}");
    assert!(by.iter().all(|r| r["period"] == "2019-02"));

    // GraphML with lat/lng that NetworkX-style readers see as typed data.
    let graphml = dir.path().join("view.graphml");
    regionkg()
        .args(["network", "communities", "--store"])
        .arg(&store)
        .arg("--graphml")
        .arg(&graphml)
        .assert()
        .success();
    let xml = std::fs::read_to_string(&graphml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("node")).count(),
        4
    );
    assert!(xml.contains(r#"attr.name="lat" attr.type="double""#));

    // Unknown names are clear errors.
    regionkg()
        .args(["network", "nodes", "--store"])
        .arg(&store)
        .args(["--within", "不存在的地方"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no entity with id or name \"不存在的地方\"",
        ));
}
