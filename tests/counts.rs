//! The building blocks of the Spark path (docs/counts.md): Markdown posts as JSONL records,
//! `tag --records`, and `build --from-counts`. The whole path is tested against a local build by
//! scripts/spark-test on a real cluster.

mod common;
use common::{regionkg, sample, stderr, stdout};
use predicates::prelude::*;
use serde_json::{json, Value};
use std::path::Path;

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The sample's posts as JSONL records carrying the whole post, in file order.
fn posts_as_records() -> String {
    let mut files: Vec<_> = std::fs::read_dir(sample())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let record = json!({
                "key": i,
                "id": p.file_name().unwrap().to_str().unwrap(),
                "path": p.to_str().unwrap(),
                "markdown": std::fs::read_to_string(p).unwrap(),
            });
            format!("{record}\n")
        })
        .collect()
}

#[test]
fn a_markdown_record_reads_as_its_post_file() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(sample()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let from_files = regionkg().arg("tag").arg(sample()).assert();
    let from_records = regionkg()
        .args(["tag", "-"])
        .write_stdin(posts_as_records())
        .assert()
        .success();
    let posts: Vec<Value> = lines(&stdout(&from_files))
        .into_iter()
        .filter(|m| m["doc"].as_str().unwrap().ends_with(".md"))
        .collect();
    assert!(posts.len() > 50, "{}", posts.len());
    assert_eq!(lines(&stdout(&from_records)), posts);
    // A record cannot carry both, and a bad post names its record.
    regionkg()
        .args(["tag", "-"])
        .write_stdin("{\"id\":\"x\",\"text\":\"北京\",\"markdown\":\"北京\"}\n{\"id\":\"y\",\"markdown\":\"---\\ntitle: 没有结束\\n北京\"}\n")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("-:1: both \"text\" and \"markdown\""))
        .stderr(predicate::str::contains("-:2: the Markdown post does not parse"));
    // Without "path", a "line" field is the corpus's own and the record stays at its line.
    let out = regionkg()
        .args(["tag", "-", "--records"])
        .write_stdin("\n{\"id\":\"z\",\"text\":\"北京市\",\"line\":\"第4行\"}\n")
        .assert()
        .success();
    assert_eq!(lines(&stdout(&out))[1]["line"], 2);
}

#[test]
fn tag_records_keep_every_document_with_its_hash_and_windows() {
    let out = regionkg()
        .args(["tag", "--records", "--window", "paragraph"])
        .arg(sample())
        .assert()
        .success();
    let records = lines(&stdout(&out));
    assert_eq!(records[0]["record"], "run");
    assert_eq!(records[0]["format"], "regionkg-tag-records/1");
    assert_eq!(records[0]["window"], "paragraph");
    assert_eq!(records[0]["gazetteer"].as_str().unwrap().len(), 64);
    assert_eq!(records.iter().filter(|r| r["record"] == "run").count(), 1);
    let docs: Vec<&Value> = records
        .iter()
        .filter(|r| r["record"] == "document")
        .collect();
    // Every document, the duplicate too (plain `tag` and `build` read 14 distinct ones).
    assert_eq!(docs.len(), 15, "{docs:?}");
    let copy = docs
        .iter()
        .find(|d| d["doc"] == "11-xiongan-rail-copy.md")
        .unwrap();
    let first = docs
        .iter()
        .find(|d| d["doc"] == "01-xiongan-rail.md")
        .unwrap();
    assert_eq!(copy["hash"], first["hash"]);
    assert_eq!(first["month"], "2019-01");
    // Each document record precedes its mentions, which carry their paragraph.
    let mut current = None;
    let mut mentions = 0;
    for r in &records[1..] {
        match r["record"].as_str().unwrap() {
            "document" => current = Some(r),
            "mention" => {
                let d = current.expect("a document record first");
                assert_eq!(r["doc"], d["doc"]);
                assert!(r["window"].as_u64().unwrap() < d["sentences"].as_u64().unwrap());
                mentions += 1;
            }
            other => panic!("unexpected record {other}"),
        }
    }
    let declared: u64 = docs.iter().map(|d| d["mentions"].as_u64().unwrap()).sum();
    assert_eq!(mentions, declared);
    // Paragraphs: fewer windows than sentences somewhere; a rule's name keeps its parent.
    assert!(docs
        .iter()
        .any(|d| d["windows"].as_u64() < d["sentences"].as_u64()));
    assert!(records
        .iter()
        .any(|r| r["record"] == "mention" && r.get("rule").is_some()));
    // The engine's key comes back on the document record.
    let out = regionkg()
        .args(["tag", "-", "--records"])
        .write_stdin("{\"key\":\"7:1\",\"id\":\"a\",\"text\":\"雄安新区与北京城市副中心。\"}\n")
        .assert()
        .success();
    let records = lines(&stdout(&out));
    assert_eq!(records[1]["key"], "7:1");
    assert_eq!(records[2]["window"], 0);
    // The window is a --records option.
    regionkg()
        .args(["tag", "--window", "document"])
        .arg(sample())
        .assert()
        .code(2);
}

/// The gazetteer fingerprint a run of `tag --records` reports.
fn gazetteer_fingerprint() -> String {
    let out = regionkg()
        .args(["tag", "-", "--records"])
        .write_stdin("")
        .assert()
        .success();
    lines(&stdout(&out))[0]["gazetteer"]
        .as_str()
        .unwrap()
        .to_string()
}

fn write_counts(dir: &Path, manifest: &Value, entities: &[Value], pairs: &[Value]) {
    std::fs::create_dir_all(dir.join("entities")).unwrap();
    std::fs::create_dir_all(dir.join("pairs")).unwrap();
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
    let jsonl = |v: &[Value]| v.iter().map(|x| format!("{x}\n")).collect::<String>();
    std::fs::write(dir.join("entities/part-00000.json"), jsonl(entities)).unwrap();
    std::fs::write(dir.join("entities/_SUCCESS"), "").unwrap();
    std::fs::write(dir.join("pairs/part-00000.json"), jsonl(pairs)).unwrap();
}

#[test]
fn build_from_counts_writes_the_graph_and_checks_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let counts = dir.path().join("counts");
    let manifest = json!({
        "format": "regionkg-counts", "version": 1, "gazetteer": gazetteer_fingerprint(),
        "recognition": "boundary=true,rules=true,statistical=false", "window": "sentence",
        "expand_composites": false, "inputs": ["hdfs:///news"], "documents": 3,
        "duplicates": 1, "sentences": 10, "mentions": 7, "windows": 10, "bytes": 900,
    });
    let entities = [
        json!({"entity": "xiongan", "mentions": 3, "documents": 2, "windows": 3}),
        json!({"entity": "11", "mentions": 2, "documents": 2, "windows": 2}),
        json!({"entity": "rule:雄安新区管委会", "name": "雄安新区管委会", "type": "Institution",
               "rule": "suffix", "parent": "xiongan", "first": [0, 0, 12],
               "mentions": 2, "documents": 1, "windows": 2}),
    ];
    let pairs = [
        json!({"a": "11", "b": "xiongan", "windows": 2, "documents": 2,
               "months": [{"month": "2019-01", "windows": 1}, {"month": "2019-02", "windows": 1}],
               "evidence": ["d1.md", "d2.md"]}),
        json!({"a": "rule:雄安新区管委会", "b": "xiongan", "windows": 1, "documents": 1,
               "evidence": ["d1.md"]}),
    ];
    write_counts(&counts, &manifest, &entities, &pairs);
    let store = dir.path().join("kg");
    let build = |extra: &[&str]| {
        regionkg()
            .args(["build", "--from-counts"])
            .arg(&counts)
            .arg("--store")
            .arg(&store)
            .args(extra)
            .assert()
    };
    let out = build(&["--graphml", dir.path().join("g.graphml").to_str().unwrap()]).success();
    assert!(
        stderr(&out).contains("documents  3 (1 duplicates skipped)"),
        "{}",
        stderr(&out)
    );
    let pairs_tsv = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args(["--format", "tsv", "-e"])
        .arg(
            "SELECT ?a ?b ?w ?d (COUNT(DISTINCT ?ev) AS ?evidence) (COUNT(DISTINCT ?m) AS ?months)
             WHERE { ?p a rkg:CoOccurrence ; rkg:source ?sa ; rkg:target ?sb ;
                     rkg:windowCount ?w ; rkg:documentCount ?d ; rkg:npmi ?npmi .
                     ?sa rkg:id ?a . ?sb rkg:id ?b .
                     OPTIONAL { ?p rkg:evidence ?ev } OPTIONAL { ?m rkg:pair ?p } }
             GROUP BY ?a ?b ?w ?d ORDER BY ?a",
        )
        .assert()
        .success();
    let text = stdout(&pairs_tsv);
    assert!(
        text.contains("\"11\"\t\"xiongan\"\t2\t2\t2\t2\n"),
        "windows, documents, evidence, months: {text}"
    );
    assert!(
        text.contains("\"rule:雄安新区管委会\"\t\"xiongan\"\t1\t1\t1\t0\n"),
        "{text}"
    );
    let meta = regionkg()
        .args([
            "export", "rdf", "--graph", "meta", "--format", "ntriples", "--store",
        ])
        .arg(&store)
        .assert()
        .success();
    assert!(
        stdout(&meta).contains("documentGraphs> \"false\""),
        "{}",
        stdout(&meta)
    );
    let graphml = std::fs::read_to_string(dir.path().join("g.graphml")).unwrap();
    assert!(graphml.contains("雄安新区管委会"));

    // An existing store is replaced only on request.
    build(&[])
        .failure()
        .stderr(predicate::str::contains("pass --replace"));
    build(&["--replace"]).success();

    // What is wrong is named with its file and line.
    let broken = |manifest: &Value, entities: &[Value], pairs: &[Value], expect: &str| {
        let counts = dir.path().join("broken");
        let _ = std::fs::remove_dir_all(&counts);
        write_counts(&counts, manifest, entities, pairs);
        regionkg()
            .args(["build", "--from-counts"])
            .arg(&counts)
            .arg("--store")
            .arg(dir.path().join("kg2"))
            .assert()
            .failure()
            .stderr(predicate::str::contains(expect));
    };
    let mut v2 = manifest.clone();
    v2["version"] = json!(2);
    broken(
        &v2,
        &entities,
        &pairs,
        "manifest.json: format \"regionkg-counts\" version 2",
    );
    let mut other = manifest.clone();
    other["gazetteer"] = json!("0123456789abcdef");
    broken(&other, &entities, &pairs, "another gazetteer");
    broken(
        &manifest,
        &entities,
        &[
            pairs[0].clone(),
            json!({"a": "11", "b": "nowhere", "windows": 1, "documents": 1}),
        ],
        "pairs/part-00000.json:2: \"nowhere\" is not among the entities",
    );
    broken(
        &manifest,
        &[entities[0].clone(), json!({"entity": "rule:无名", "mentions": 1, "documents": 1, "windows": 1})],
        &[],
        "entities/part-00000.json:2: \"rule:无名\" is not in the gazetteer, so it needs its \"name\" and \"type\"",
    );
    broken(
        &manifest,
        &[entities[0].clone(), entities[0].clone()],
        &[],
        "\"xiongan\" is listed twice",
    );
    assert!(
        !dir.path().join("kg2").exists(),
        "no store from broken counts"
    );
}
