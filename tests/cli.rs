//! End-to-end tests of the `regionkg` binary on the sample corpus in `examples/corpus`:
//! build → query → export round trips, and the error cases users meet.

mod common;
use common::{build_sample_store, regionkg, sample, stderr, stdout};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One store built from the sample corpus, shared by the read-only tests.
fn sample_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = build_sample_store(dir.path());
        (dir, store)
    });
    path
}

fn query(file: &str, format: &str) -> String {
    let out = regionkg()
        .args(["query", "--store"])
        .arg(sample_store())
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("queries")
                .join(file),
        )
        .args(["--format", format])
        .assert()
        .success();
    stdout(&out)
}

#[test]
fn build_reports_a_summary_and_skips_the_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let out = regionkg()
        .arg("build")
        .arg(sample())
        .arg("--store")
        .arg(dir.path().join("kg"))
        .assert()
        .success()
        .stdout("");
    let err = stderr(&out);
    assert!(
        err.contains("documents  14 (1 duplicates skipped, 0 errors)"),
        "{err}"
    );
    assert!(err.contains("edges"), "{err}");
}

#[test]
fn building_into_a_store_adds_and_replace_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    let build = |input: &str, extra: &[&str]| {
        let mut c = regionkg();
        c.arg("build")
            .arg(sample().join(input))
            .arg("--store")
            .arg(&store)
            .args(extra);
        c.assert()
    };
    let docs = || {
        let out = regionkg()
            .args(["query", "--store"])
            .arg(&store)
            .args([
                "-e",
                "SELECT ?id WHERE { ?d rkg:docId ?id } ORDER BY ?id",
                "-f",
                "tsv",
            ])
            .assert()
            .success();
        stdout(&out)
    };
    build("12-policy.txt", &[]).success();
    // The same command again rebuilds the store; nothing changed.
    build("12-policy.txt", &[])
        .success()
        .stderr(predicate::str::contains("rebuilt"))
        .stderr(predicate::str::contains(
            "0 added, 0 replaced, 1 unchanged, 0 removed",
        ));
    // Other inputs are added to what the store holds.
    build("13-briefs.jsonl", &[])
        .success()
        .stderr(predicate::str::contains(
            "3 added, 0 replaced, 1 unchanged, 0 removed",
        ));
    assert_eq!(
        docs(),
        "?id\n\"12-policy.txt\"\n\"brief-1\"\n\"brief-2\"\n\"brief-3\"\n"
    );
    // --replace starts over from the given inputs.
    build("13-briefs.jsonl", &["--replace", "-q"])
        .success()
        .stderr("");
    assert_eq!(docs(), "?id\n\"brief-1\"\n\"brief-2\"\n\"brief-3\"\n");
    // A folder that is not a regionkg store is never replaced, even with --replace.
    let other = dir.path().join("notes");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    regionkg()
        .arg("build")
        .arg(sample().join("12-policy.txt"))
        .arg("--store")
        .arg(&other)
        .arg("--replace")
        .assert()
        .failure()
        .stderr(predicate::str::contains("left alone"));
    assert_eq!(
        std::fs::read_to_string(other.join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn building_a_then_b_equals_building_both_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    for f in ["01-xiongan-rail.md", "02-sub-center.md", "05-nantong.md"] {
        std::fs::copy(sample().join(f), a.join(f)).unwrap();
    }
    for f in [
        "03-daxing-airport.md",
        "04-zhongguancun.md",
        "13-briefs.jsonl",
    ] {
        std::fs::copy(sample().join(f), b.join(f)).unwrap();
    }
    // A changed document in B's second run replaces its earlier version.
    let dump = |store: &Path| {
        let out = regionkg()
            .args(["export", "rdf", "--store"])
            .arg(store)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let step = dir.path().join("step");
    let once = dir.path().join("once");
    let run = |store: &Path, inputs: &[&Path]| {
        regionkg()
            .arg("build")
            .args(inputs)
            .arg("--store")
            .arg(store)
            .arg("-q")
            .assert()
            .success();
    };
    run(&step, &[&a]);
    run(&step, &[&b]);
    run(&once, &[&b, &a]);
    assert!(
        dump(&step) == dump(&once),
        "A then B differs from A and B at once"
    );
    // A changed file is replaced, not duplicated.
    std::fs::write(
        a.join("05-nantong.md"),
        "---\ntitle: 南通\n---\n南通市通州区与上海合作。\n",
    )
    .unwrap();
    regionkg()
        .arg("build")
        .arg(&a)
        .arg("--store")
        .arg(&step)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "0 added, 1 replaced, 7 unchanged, 0 removed",
        ));
    run(&once, &[&a, &b]);
    assert!(
        dump(&step) == dump(&once),
        "replacing a changed document differs from a fresh build"
    );
    // Inputs that are gone would lose documents: the store is left as it is.
    std::fs::remove_dir_all(&b).unwrap();
    let before = dump(&step);
    regionkg()
        .arg("build")
        .arg(&a)
        .arg("--store")
        .arg(&step)
        .assert()
        .failure()
        .stderr(predicate::str::contains("inputs that are gone"));
    assert!(dump(&step) == before);
}

#[test]
fn projects_linking_regions_lists_the_airport_and_its_regions() {
    let csv = query("projects-linking-regions.rq", "csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("project,regions,windows,linked"));
    let airport = lines
        .find(|l| l.starts_with("北京大兴国际机场,"))
        .unwrap_or_else(|| panic!("no airport row in\n{csv}"));
    assert!(airport.contains("北京市"), "{airport}");
    assert!(airport.contains("河北省"), "{airport}");
}

#[test]
fn regions_linked_by_project_pairs_the_airports_regions() {
    // Built on the rkg:project and rkg:place shortcuts of project–place pairs.
    let csv = query("regions-linked-by-project.rq", "csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("region_a,region_b,project,windows"));
    assert!(
        lines.any(|l| l.starts_with("北京市,河北省,北京大兴国际机场,")),
        "no 北京市–河北省 row through the airport in\n{csv}"
    );
}

#[test]
fn top_pairs_and_entity_documents_return_rows() {
    let tsv = query("top-pairs.rq", "tsv");
    assert!(
        tsv.starts_with("?a\t?a_type\t?b\t?b_type\t?windows\t?documents\t?npmi\n"),
        "{tsv}"
    );
    assert!(tsv.lines().count() > 5, "{tsv}");
    let table = query("entity-documents.rq", "table");
    let header = table.lines().next().unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["name", "doc", "title", "date", "mentions"]
    );
    assert!(table.contains("01-xiongan-rail.md"), "{table}");
    assert!(
        !table.contains("11-xiongan-rail-copy.md"),
        "the duplicate is stored once: {table}"
    );
}

#[test]
fn params_are_bound_not_pasted() {
    let run = |value: &str| {
        let out = regionkg()
            .args(["query", "--store"])
            .arg(sample_store())
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/entity-documents.rq"))
            .args(["--format", "csv", "--param"])
            .arg(format!("name={value}"))
            .assert()
            .success();
        stdout(&out)
    };
    let sub_center = run("北京城市副中心");
    assert!(sub_center.contains("02-sub-center.md"), "{sub_center}");
    // A value that would break a pasted query is just a name that matches nothing.
    let hostile = run("x\") } } SELECT * WHERE { ?s ?p ?o } #");
    assert_eq!(
        hostile, "name,doc,title,date,mentions\r\n",
        "W3C CSV uses CRLF"
    );
}

#[test]
fn ask_construct_and_formats() {
    let store = sample_store();
    regionkg()
        .args(["query", "--store"])
        .arg(store)
        .args([
            "-e",
            "ASK { ?e skos:prefLabel \"河北雄安新区\"@zh ; skos:altLabel \"雄安新区\"@zh }",
        ])
        .assert()
        .success()
        .stdout("true\n");
    let out = regionkg()
        .args(["query", "--store"])
        .arg(store)
        .args([
            "-e",
            "CONSTRUCT { ?e rkg:coOccursWith ?o } WHERE { ?e rkg:id \"xiongan\" ; rkg:coOccursWith ?o }",
        ])
        .assert()
        .success();
    let nt = stdout(&out);
    assert!(nt.lines().count() >= 3, "{nt}");
    assert!(nt.lines().all(|l| l.ends_with(" .")), "{nt}");
    let out = regionkg()
        .args(["query", "--store"])
        .arg(store)
        .args([
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?m a rkg:Mention }",
            "-f",
            "json",
        ])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let n: u64 = json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 50, "{n} mentions");
}

#[test]
fn graphml_export_is_typed_sorted_and_deterministic() {
    let store = sample_store();
    let export = || {
        let out = regionkg()
            .args(["export", "graphml", "--store"])
            .arg(store)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let first = export();
    assert_eq!(first, export(), "same store, same bytes");
    let xml = String::from_utf8(first).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let key = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("key") && n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("key {id}"))
    };
    assert_eq!(key("weight").attribute("attr.type"), Some("double"));
    assert_eq!(key("windows").attribute("attr.type"), Some("int"));
    assert_eq!(key("npmi").attribute("attr.type"), Some("double"));
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("undirected"));
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert!(
        ids.contains(&"xiongan") && ids.contains(&"airport-pkx"),
        "{ids:?}"
    );
    for edge in doc.descendants().filter(|n| n.has_tag_name("edge")) {
        for end in ["source", "target"] {
            assert!(ids.contains(&edge.attribute(end).unwrap()));
        }
        let w = edge
            .children()
            .find(|c| c.attribute("key") == Some("weight"))
            .unwrap();
        assert!(w.text().unwrap().parse::<f64>().unwrap() >= 1.0);
    }
}

#[test]
fn build_graphml_equals_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    let gml = dir.path().join("kg.graphml");
    regionkg()
        .arg("build")
        .arg(sample())
        .arg("--store")
        .arg(&store)
        .arg("--graphml")
        .arg(&gml)
        .arg("-q")
        .assert()
        .success();
    let exported = regionkg()
        .args(["export", "graphml", "--store"])
        .arg(&store)
        .assert()
        .success();
    assert_eq!(std::fs::read(&gml).unwrap(), exported.get_output().stdout);
}

fn tag_lines(args: &[&str], input: &Path) -> Vec<Value> {
    let out = regionkg()
        .arg("tag")
        .arg(input)
        .args(args)
        .assert()
        .success();
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn tag_offsets_index_the_text_regionkg_reads() {
    let mentions = tag_lines(&[], &sample());
    let docs: Vec<Value> = {
        let out = regionkg().arg("read").arg(sample()).assert().success();
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert!(mentions.len() > 50);
    for m in &mentions {
        for field in [
            "doc", "path", "sentence", "start", "end", "text", "entity", "name", "type",
        ] {
            assert!(m.get(field).is_some(), "{field} missing in {m}");
        }
        let doc = docs.iter().find(|d| d["doc"] == m["doc"]).unwrap();
        let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            m["text"].as_str().unwrap()
        );
        let sentence = &doc["sentences"][m["sentence"].as_u64().unwrap() as usize];
        assert!(
            sentence[0].as_u64().unwrap() as usize <= s
                && e <= sentence[1].as_u64().unwrap() as usize
        );
    }
    let find = |doc: &str, text: &str| {
        mentions
            .iter()
            .filter(|m| m["doc"] == doc && m["text"] == text)
            .map(|m| m["entity"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // 通州 is Beijing's in a Beijing article and Nantong's in a Nantong one.
    assert_eq!(find("02-sub-center.md", "通州"), ["110112"]);
    assert_eq!(find("05-nantong.md", "通州区"), ["320612", "320612"]);
    // Kangxi radicals (⼩⽶) do not hide names; JSONL ids are the records' ids.
    assert!(!find("brief-3", "通武廊").is_empty());
    // The repeated lead paragraph is recognised once.
    assert_eq!(
        find("01-xiongan-rail.md", "京雄城际铁路").len(),
        2,
        "title and lead, not the repeat"
    );
}

#[test]
fn a_user_layer_adds_entities_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extra.tsv"),
        "id\tname\ttype\tsubtype\taliases\tparent\n\
         xiongan\t雄安新区\tZone\t\t两翼之一\t\n\
         guanzhi\t观致汽车\tInstitution\tcompany\t\t\n",
    )
    .unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "观致汽车看好两翼之一的发展。").unwrap();
    let without = tag_lines(&[], &text);
    assert!(without.is_empty(), "{without:?}");
    let with = tag_lines(&["--gazetteers", dir.path().to_str().unwrap()], &text);
    let got: Vec<(&str, &str)> = with
        .iter()
        .map(|m| (m["text"].as_str().unwrap(), m["entity"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("观致汽车", "guanzhi"), ("两翼之一", "xiongan")]);
}

#[test]
fn bad_gazetteer_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tsv");
    std::fs::write(&path, "id\tname\ttype\na\t甲地\tPlace\nb\t乙地\tCity\n").unwrap();
    regionkg()
        .arg("tag")
        .arg(sample().join("12-policy.txt"))
        .arg("--gazetteers")
        .arg(dir.path())
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:3: unknown type \"City\"",
            path.display()
        )))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unreadable_records_are_reported_skipped_and_signalled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "雄安新区建设提速。").unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"\xff\xfe\x00bad").unwrap();
    // GBK text (common for Chinese files) is decoded, not refused: 天津港 in GBK.
    std::fs::write(
        dir.path().join("gbk.txt"),
        [0xcc, 0xec, 0xbd, 0xf2, 0xb8, 0xdb],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("docs.jsonl"),
        "{\"id\": 1, \"text\": \"天津市\"}\nnot json\n{\"id\": 2}\n",
    )
    .unwrap();
    let out = regionkg()
        .arg("tag")
        .arg(dir.path())
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(3);
    let err = stderr(&out);
    assert!(err.contains("bad.txt: neither UTF-8"), "{err}");
    assert!(err.contains("docs.jsonl:2: not valid JSON"), "{err}");
    assert!(err.contains("docs.jsonl:3: no \"text\" field"), "{err}");
    assert!(err.contains("missing.md"), "{err}");
    assert!(
        err.contains("4 input(s) or record(s) were skipped"),
        "{err}"
    );
    let printed = stdout(&out);
    assert!(
        printed.contains("\"entity\":\"xiongan\"") && printed.contains("\"doc\":\"1\""),
        "{printed}"
    );
    assert!(
        printed.contains("\"doc\":\"gbk.txt\"") && printed.contains("\"entity\":\"tianjin-port\""),
        "GBK text is read: {printed}"
    );
}

#[test]
fn query_errors_are_clear() {
    let store = sample_store();
    regionkg()
        .args(["query", "--store"])
        .arg(store)
        .args(["-e", "SELECT ?x WHERE { ?x ?y }"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("-e: syntax error"))
        .stderr(predicate::str::contains("line 1").or(predicate::str::contains("1:")));
    let dir = tempfile::tempdir().unwrap();
    regionkg()
        .args(["query", "--store"])
        .arg(dir.path().join("nope"))
        .args(["-e", "ASK {}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("does not exist"));
    assert!(
        !dir.path().join("nope").exists(),
        "a query never creates a store"
    );
    regionkg()
        .args(["query", "--store"])
        .arg(dir.path())
        .args(["-e", "ASK {}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a regionkg store"));
}

#[test]
fn usage_errors_exit_2() {
    regionkg().arg("build").assert().code(2);
    regionkg().args(["query", "--store", "x"]).assert().code(2);
}

#[test]
fn eval_scores_a_tiny_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.txt"),
        "雄安新区与北京市合作。国家发改委支持观致汽车。",
    )
    .unwrap();
    let gold = dir.path().join("gold.jsonl");
    let line = |s: usize, surface: &str, kind: &str| {
        format!("{{\"doc\": \"t.txt\", \"s\": {s}, \"sentence\": \"\", \"surface\": \"{surface}\", \"type\": \"{kind}\", \"canonical\": \"{surface}\"}}\n")
    };
    let text = [
        line(0, "雄安新区", "ZONE"),
        line(0, "北京市", "PLACE"),
        line(1, "国家发改委", "ORG"),
        line(1, "观致汽车", "ORG"),
    ]
    .concat();
    std::fs::write(&gold, text).unwrap();
    let out = regionkg()
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg(dir.path())
        .arg("--errors")
        .assert()
        .success();
    let printed = stdout(&out);
    let row = |name: &str| {
        printed
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row in {printed}"))
            .split_whitespace()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // precision recall f1 correct predicted gold
    assert_eq!(row("surfaces (untyped)"), "1.000 0.750 0.857 3 3 4");
    assert_eq!(row("entities"), "1.000 0.750 0.857 3 3 4");
    assert_eq!(row("pairs in a sentence"), "1.000 0.500 0.667 1 1 2");
    assert!(printed.contains("t.txt\t观致汽车\tORG"), "{printed}");

    let bio = dir.path().join("t.bio");
    std::fs::write(
        &bio,
        "在 O\n北 B-LOC\n京 I-LOC\n见 O\n李 B-PER\n\n国 B-ORG\n务 I-ORG\n院 I-ORG\n",
    )
    .unwrap();
    let out = regionkg()
        .args(["eval", "--bio"])
        .arg(&bio)
        .assert()
        .success();
    let printed = stdout(&out);
    assert!(
        printed.contains("LOC    1.000      1.000   1.000  1        1          1"),
        "{printed}"
    );
    assert!(
        printed.contains("ORG    1.000      1.000   1.000  1        1          1"),
        "{printed}"
    );
    assert!(
        !printed.contains("PER"),
        "persons are out of scope: {printed}"
    );
    // --errors names each miss by its sentence's number, counted from 0.
    std::fs::write(&bio, "天 B-LOC\n津 I-LOC\n\n在 O\n乙 B-LOC\n丙 I-LOC\n").unwrap();
    let out = regionkg()
        .args(["eval", "--errors", "--bio"])
        .arg(&bio)
        .assert()
        .success();
    let printed = stdout(&out);
    assert!(printed.contains("sentence number, from 0"), "{printed}");
    assert!(printed.contains("\n1\t乙丙\tLOC\t-\n"), "{printed}");
}

#[test]
fn expanded_composites_are_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "京津冀与雄安新区协同发展。").unwrap();
    let build = |store: &str, extra: &[&str]| {
        regionkg()
            .arg("build")
            .arg(&text)
            .arg("--store")
            .arg(dir.path().join(store))
            .args(["-q"])
            .args(extra)
            .assert()
            .success();
        let out = regionkg()
            .args(["query", "--store"])
            .arg(dir.path().join(store))
            .args([
                "-e",
                "SELECT ?s ?x WHERE { ?p rkg:source ?a ; rkg:target ?b ; rkg:windowCount ?s . ?a rkg:id \"11\" . ?b rkg:id \"12\" OPTIONAL { ?p rkg:expandedWindowCount ?x } }",
                "-f",
                "csv",
            ])
            .assert()
            .success();
        stdout(&out)
    };
    // Without expansion 北京 and 天津 are not linked at all; with it, only as expanded.
    assert_eq!(build("plain", &[]), "s,x\r\n");
    assert_eq!(
        build("expanded", &["--expand-composites"]),
        "s,x\r\n0,1\r\n"
    );
}

/// A place a longer name absorbs (河北省 of 河北省交通运输厅) still pairs in the graph with the
/// rest of its sentence, but not with the name it is written in.
#[test]
fn nested_places_pair_with_the_sentence_not_their_container() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "河北省交通运输厅表示，京雄城际铁路将于年底通车。").unwrap();
    let store = dir.path().join("kg");
    regionkg()
        .arg("build")
        .arg(&text)
        .arg("--store")
        .arg(&store)
        .arg("-q")
        .assert()
        .success();
    let out = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args([
            "-e",
            "SELECT ?a ?b ?n WHERE { ?p rkg:source ?x ; rkg:target ?y ; rkg:windowCount ?n . \
             ?x skos:prefLabel ?a . ?y skos:prefLabel ?b } ORDER BY ?a ?b",
            "-f",
            "csv",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        "a,b,n\r\n京雄城际,河北省交通运输厅,1\r\n河北省,京雄城际,1\r\n"
    );
}

/// Every question in queries/ runs on the sample store as it stands (parameters take their
/// declared defaults), returns the columns its header promises, and answers with rows.
#[test]
fn every_query_answers_with_the_columns_it_declares() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{} queries", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# Question: "),
            "{} must start with its question",
            file.display()
        );
        let columns: Vec<String> = text
            .lines()
            .find_map(|l| l.strip_prefix("# Columns: "))
            .unwrap_or_else(|| panic!("{} lacks a # Columns: line", file.display()))
            .split(',')
            .map(|c| format!("?{}", c.trim()))
            .collect();
        let out = regionkg()
            .args(["query", "--store"])
            .arg(sample_store())
            .arg(&file)
            .args(["-f", "tsv"])
            .assert()
            .success();
        let tsv = stdout(&out);
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        assert_eq!(header, columns, "{}", file.display());
        assert!(
            lines.next().is_some(),
            "{} returned no rows on the sample corpus",
            file.display()
        );
    }
}

#[test]
fn stats_summarise_a_store() {
    let out = regionkg()
        .args(["stats", "--store"])
        .arg(sample_store())
        .args(["--top", "5"])
        .assert()
        .success();
    let text = stdout(&out);
    for heading in [
        "Store",
        "Entities by type",
        "Most mentioned",
        "Most connected",
        "Strongest pairs by shared windows",
        "Strongest pairs by NPMI",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(heading)),
            "no {heading} in {text}"
        );
    }
    assert!(
        text.contains("formatVersion") && text.contains("documentTotal"),
        "{text}"
    );
    assert!(text.contains("北京市"), "{text}");
}

#[test]
fn rdf_export_round_trips() {
    let store = sample_store();
    let export = |args: &[&str]| {
        let out = regionkg()
            .args(["export", "rdf", "--store"])
            .arg(store)
            .args(args)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let nquads = export(&[]);
    assert_eq!(nquads, export(&[]), "same store, same bytes");
    // Every line parses back into a dataset of the same size.
    let loaded = oxigraph::store::Store::new().unwrap();
    loaded
        .load_from_slice(oxigraph::io::RdfFormat::NQuads, &nquads)
        .unwrap();
    assert_eq!(
        loaded.len().unwrap(),
        String::from_utf8_lossy(&nquads).lines().count()
    );
    let turtle = String::from_utf8(export(&["-f", "turtle", "--graph", "meta"])).unwrap();
    assert!(turtle.contains("rkg:formatVersion"), "{turtle}");
    regionkg()
        .args(["export", "rdf", "--store"])
        .arg(store)
        .args(["-f", "turtle"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("give --graph"));
}

/// docs/regionkg.ttl parses and declares every rkg: term the store uses.
#[test]
fn the_vocabulary_file_covers_the_store() {
    let ttl =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/regionkg.ttl")).unwrap();
    let vocab = oxigraph::store::Store::new().unwrap();
    vocab
        .load_from_slice(oxigraph::io::RdfFormat::Turtle, &ttl)
        .unwrap();
    let out = regionkg()
        .args(["export", "rdf", "--store"])
        .arg(sample_store())
        .assert()
        .success();
    let nquads = stdout(&out);
    let ns = "https://w3id.org/regionkg/ns#";
    let mut used: Vec<&str> = nquads
        .split(['<', '>'])
        .filter(|t| t.starts_with(ns))
        .collect();
    used.sort();
    used.dedup();
    for term in used {
        let node = oxigraph::model::NamedNode::new(term).unwrap();
        let declared = vocab
            .quads_for_pattern(Some(node.as_ref().into()), None, None, None)
            .next()
            .is_some();
        assert!(
            declared,
            "{term} is used in stores but not declared in docs/regionkg.ttl"
        );
    }
}

#[test]
fn csv_export_matches_the_graphml() {
    let dir = tempfile::tempdir().unwrap();
    let (nodes, edges) = (dir.path().join("nodes.csv"), dir.path().join("edges.csv"));
    regionkg()
        .args(["export", "csv", "--store"])
        .arg(sample_store())
        .arg("--nodes")
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges)
        .assert()
        .success();
    let nodes = std::fs::read_to_string(nodes).unwrap();
    let edges = std::fs::read_to_string(edges).unwrap();
    assert!(
        nodes.starts_with("id,label,type,subtype,code,mentions,documents,degree,lat,lng\n"),
        "{nodes}"
    );
    assert!(
        edges.starts_with("source,target,weight,windows,documents,expanded_windows,npmi\n"),
        "{edges}"
    );
    let graphml = regionkg()
        .args(["export", "graphml", "--store"])
        .arg(sample_store())
        .assert()
        .success();
    let xml = stdout(&graphml);
    assert_eq!(nodes.lines().count() - 1, xml.matches("<node ").count());
    assert_eq!(edges.lines().count() - 1, xml.matches("<edge ").count());
}

#[test]
fn gexf_and_subgraphs() {
    let store = sample_store();
    let out = regionkg()
        .args(["export", "gexf", "--store"])
        .arg(store)
        .assert()
        .success();
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("version"), Some("1.3"));
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("defaultedgetype"), Some("undirected"));
    let declared: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("attribute"))
        .map(|n| (n.attribute("id").unwrap(), n.attribute("type").unwrap()))
        .collect();
    assert!(
        declared.contains(&("mentions", "integer")) && declared.contains(&("npmi", "double")),
        "{declared:?}"
    );
    // The ego network of 雄安新区: the entity, its neighbours, edges among them only.
    let dir = tempfile::tempdir().unwrap();
    regionkg()
        .args(["export", "csv", "--store"])
        .arg(store)
        .args(["--ego", "xiongan", "--nodes"])
        .arg(dir.path().join("nodes.csv"))
        .arg("--edges")
        .arg(dir.path().join("edges.csv"))
        .assert()
        .success();
    let edges = std::fs::read_to_string(dir.path().join("edges.csv")).unwrap();
    let full = regionkg()
        .args(["export", "graphml", "--store"])
        .arg(store)
        .assert()
        .success();
    let full_edges = stdout(&full).matches("<edge ").count();
    let ego_edges = edges.lines().count() - 1;
    assert!(
        ego_edges > 0 && ego_edges < full_edges,
        "{ego_edges} of {full_edges}"
    );
    assert!(edges.lines().skip(1).any(|l| l.contains("xiongan")));
    // Type filter: only places remain.
    let out = regionkg()
        .args(["export", "graphml", "--store"])
        .arg(store)
        .args(["--type", "Place", "--top-edges", "3"])
        .assert()
        .success();
    let xml = stdout(&out);
    assert_eq!(xml.matches("<edge ").count(), 3);
    assert!(!xml.contains(r#"<data key="type">Zone</data>"#));
    regionkg()
        .args(["export", "graphml", "--store"])
        .arg(store)
        .args(["--ego", "不存在"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such entity"));
}

/// A build killed at any moment leaves either the previous store, intact, or the complete new
/// one (if the kill came after its commit), never a mix; the next build clears what the killed
/// one left behind.
#[test]
fn a_killed_build_leaves_the_previous_store_intact() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // Enough text that a build takes a while.
    let paragraph = "雄安新区与北京城市副中心建设提速，京津冀协同发展向纵深推进。河北省廊坊市北三县与通州区统一规划。\n";
    for i in 0..400 {
        std::fs::write(
            corpus.join(format!("{i:03}.txt")),
            paragraph.repeat(1 + i % 7),
        )
        .unwrap();
    }
    let policy = sample().join("12-policy.txt");
    let build = |store: &Path, inputs: &[&Path], extra: &[&str]| {
        regionkg()
            .arg("build")
            .args(inputs)
            .arg("--store")
            .arg(store)
            .arg("-q")
            .args(extra)
            .assert()
            .success();
    };
    let dump = |store: &Path| {
        let out = regionkg()
            .args(["export", "rdf", "--store"])
            .arg(store)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    // What a completed build would give: the store's input and the new one.
    let complete = dir.path().join("complete");
    build(&complete, &[&policy, &corpus], &[]);
    let after = dump(&complete);
    let store = dir.path().join("kg");
    build(&store, &[&policy], &[]);
    let before = dump(&store);
    let bin = assert_cmd::cargo::cargo_bin("regionkg");
    for delay_ms in [30, 120, 250, 400, 700] {
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(&corpus)
            .arg("--store")
            .arg(&store)
            .arg("-q")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = dump(&store);
        assert!(
            now == before || now == after,
            "a build killed at {delay_ms} ms left a mixed store"
        );
        if now == after {
            build(&store, &[&policy], &["--replace"]);
        }
    }
    // The next build removes what the killed ones left beside the store.
    build(&store, &[&policy], &[]);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn discover_lists_unknown_names_with_evidence() {
    let out = regionkg()
        .arg("discover")
        .arg(sample())
        .args(["--min-freq", "1", "--format", "tsv"])
        .assert()
        .success();
    let tsv = stdout(&out);
    // 河北省交通运输厅 is in no gazetteer; the rule finds it, built on 河北省.
    let row = tsv
        .lines()
        .find(|l| l.starts_with("河北省交通运输厅\t"))
        .unwrap_or_else(|| panic!("{tsv}"));
    assert!(
        row.contains("\tInstitution\t") && row.contains("\t13\t"),
        "{row}"
    );
    assert!(tsv.contains("# mentions 1 in 1 documents"), "{tsv}");
    // The output is a gazetteer layer as it stands.
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("found.tsv");
    std::fs::write(&layer, &tsv).unwrap();
    regionkg()
        .args(["gazetteer", "check", "--gazetteers"])
        .arg(&layer)
        .assert()
        .success();
}

/// `tag -` reads JSONL documents from standard input (as an engine pipes a partition through
/// the binary) and gives the mentions `tag FILE` gives, a bad line reported as `-:LINE`;
/// `build` refuses standard input, which it could not read again.
#[test]
fn tag_reads_jsonl_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl");
    let jsonl = "{\"id\":\"a\",\"text\":\"雄安新区与北京城市副中心同步建设。\"}\n\
                 not json\n\
                 {\"id\":\"b\",\"text\":\"河北省沧州市也在行动。\"}\n";
    std::fs::write(&file, jsonl).unwrap();
    let from_file = regionkg().arg("tag").arg(&file).assert().code(3);
    let from_stdin = regionkg()
        .args(["tag", "-"])
        .write_stdin(jsonl)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("skipped -:2:"));
    let strip = |out: &str| -> Vec<Value> {
        out.lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("path");
                v
            })
            .collect()
    };
    let (a, b) = (strip(&stdout(&from_file)), strip(&stdout(&from_stdin)));
    assert_eq!(a, b);
    assert_eq!(a.len(), 4);
    regionkg()
        .args(["build", "-", "--store"])
        .arg(dir.path().join("kg"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("standard input"));
}
