//! `regionkg gazetteer ...`: check catches each kind of problem with its file and line, the
//! shipped gazetteers pass, stats and coverage count, import/export convert both ways.

mod common;
use common::{regionkg, stderr, stdout};
use predicates::prelude::*;

#[test]
fn shipped_gazetteers_pass_the_check() {
    let out = regionkg()
        .args(["gazetteer", "check", "--all"])
        .assert()
        .success();
    let err = stderr(&out);
    assert!(err.contains("regionkg: 0 errors"), "{err}");
    // Shared names are listed with how they are resolved, higher levels first.
    assert!(
        err.contains("\"通州\" names 2 entities: 110112 通州区 in 北京市; 320612 通州区 in 南通市"),
        "{err}"
    );
}

#[test]
fn check_catches_each_kind_of_problem() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "id\tname\ttype\taliases\tparent\tmembers",
        "a\t甲市\tPlace\t\t\t",        // 2: fine
        "b\t乙县\tCity\t\t\t",         // 3: unknown type
        "c\t丙县\tPlace\t丙| \ta\t",   // 4: empty alias
        "a\t甲市重复\tPlace\t\t\t",    // 5: duplicate id
        "d\t丁县\tPlace\t\tnowhere\t", // 6: dangling parent
        "e\t戊区\tPlace\t\t\ta|ghost", // 7: dangling member
        "f\t己县\tPlace\t\tg\t",       // 8: cycle f -> g -> f
        "g\t庚县\tPlace\t\tf\t",       // 9
        "h\t辛县\tPlace\t\t\t\textra", // 10: too many fields
        "i\t\tPlace\t\t\t",            // 11: empty name
    ];
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, rows.join("\n")).unwrap();
    std::fs::write(dir.path().join("abbr.tsv"), "abbreviation\tid\n甲\tnope\n").unwrap();
    let out = regionkg()
        .args([
            "gazetteer",
            "check",
            "--no-builtin-gazetteers",
            "--gazetteers",
        ])
        .arg(dir.path())
        .assert()
        .code(1);
    let err = stderr(&out);
    let b = bad.display();
    for expected in [
        format!("{b}:3: unknown type \"City\""),
        format!("{b}:4: entity \"c\" has an empty alias"),
        format!("{b}:5: duplicate id \"a\" (first defined at {b}:2)"),
        format!("{b}:6: parent \"nowhere\" of \"d\" is not a known id"),
        format!("{b}:7: member \"ghost\" of \"e\" is not a known id"),
        "parent cycle: f -> g -> f".to_string(),
        format!("{b}:10: 7 fields but the header has 6 columns"),
        format!("{b}:11: entity \"i\" has an empty name"),
        format!(
            "{}:2: abbreviation \"甲\": \"nope\" is not a known id",
            dir.path().join("abbr.tsv").display()
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(!err.contains("panicked"));
    // The same problems stop a build or tag run before any work.
    regionkg()
        .args(["tag", "--no-builtin-gazetteers", "--gazetteers"])
        .arg(dir.path())
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/examples/corpus/12-policy.txt")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot load the gazetteers"));
}

#[test]
fn check_warns_of_an_id_among_the_aliases() {
    // The parent written one tab early lands among the context aliases.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shifted.tsv");
    std::fs::write(
        &path,
        "id\tname\ttype\tsubtype\taliases\tcontext_aliases\tparent\n\
         CN\t中国\tPlace\tcountry\t\t\t\n\
         bj\t北京市\tPlace\tprovince\t北京\tCN\t\n",
    )
    .unwrap();
    let out = regionkg()
        .args([
            "gazetteer",
            "check",
            "--no-builtin-gazetteers",
            "--gazetteers",
        ])
        .arg(&path)
        .assert()
        .success();
    let err = stderr(&out);
    let expected = format!(
        "{}:3: warning: alias \"CN\" of \"bj\" is an entity's id: is a column shifted?",
        path.display()
    );
    assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
}

#[test]
fn stats_and_coverage() {
    let out = regionkg().args(["gazetteer", "stats"]).assert().success();
    let printed = stdout(&out);
    assert!(
        printed.lines().next().unwrap().starts_with("type"),
        "{printed}"
    );
    assert!(
        printed.contains("national-new-area") && printed.contains("free-trade-zone"),
        "{printed}"
    );
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"surface\": \"雄安新区\", \"type\": \"ZONE\"}\n{\"surface\": \"不存在的园区\", \"type\": \"ZONE\"}\n{\"surface\": \"沧州\", \"type\": \"PLACE\"}\n",
    )
    .unwrap();
    let out = regionkg()
        .args(["gazetteer", "coverage"])
        .arg(&gold)
        .assert()
        .success();
    let table = stdout(&out);
    let row = |t: &str| {
        table
            .lines()
            .find(|l| l.starts_with(t))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("ALL"), "2 3 0.667");
    assert_eq!(row("ZONE"), "1 2 0.500");
    assert_eq!(row("PLACE"), "1 1 1.000");
}

#[test]
fn import_and_export_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("user.dict");
    std::fs::write(&dict, "观致汽车 10 nt\n宝坻 5 ns\n吃饭 3 v\n").unwrap();
    let layer = dir.path().join("layer");
    std::fs::create_dir(&layer).unwrap();
    let out = regionkg()
        .args(["gazetteer", "import", "--from", "jieba"])
        .arg(&dict)
        .arg("-o")
        .arg(layer.join("imported.tsv"))
        .assert()
        .code(3);
    assert!(stderr(&out).contains("user.dict:3: \"吃饭\": tag \"v\""));
    // The imported file is a valid layer; its names are recognised and exported back.
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "观致汽车落户宝坻。").unwrap();
    let tagged = regionkg()
        .args(["tag", "--no-builtin-gazetteers", "--gazetteers"])
        .arg(&layer)
        .arg(&text)
        .assert()
        .success();
    let printed = stdout(&tagged);
    assert!(
        printed.contains("\"entity\":\"观致汽车\"") && printed.contains("\"type\":\"Institution\""),
        "{printed}"
    );
    regionkg()
        .args([
            "gazetteer",
            "export",
            "--to",
            "jieba",
            "--no-builtin-gazetteers",
            "--gazetteers",
        ])
        .arg(&layer)
        .assert()
        .success()
        .stdout("宝坻 1000 ns\n观致汽车 1000 nt\n");
    let out = regionkg()
        .args([
            "gazetteer",
            "export",
            "--to",
            "spacy",
            "--no-builtin-gazetteers",
            "--gazetteers",
        ])
        .arg(&layer)
        .assert()
        .success();
    let patterns = stdout(&out);
    assert_eq!(patterns.lines().count(), 2);
    assert!(patterns
        .contains("{\"id\":\"观致汽车\",\"label\":\"Institution\",\"pattern\":\"观致汽车\"}"));
}

#[test]
fn gazetteer_add_appends_a_checked_row() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("mine.tsv");
    let add = |args: &[&str]| {
        let mut c = regionkg();
        c.args(["gazetteer", "add"]).arg(&layer).args(args);
        c.assert()
    };
    add(&[
        "--name",
        "观致汽车",
        "--type",
        "Institution",
        "--alias",
        "观致",
        "--parent",
        "3205",
    ])
    .success();
    add(&[
        "--name",
        "双星集团",
        "--type",
        "Institution",
        "--id",
        "doublestar",
        "--parent",
        "3702",
    ])
    .success();
    // Problems are refused with file:line and leave the layer as it was.
    let before = std::fs::read_to_string(&layer).unwrap();
    add(&[
        "--name",
        "某园区",
        "--type",
        "Zone",
        "--parent",
        "no-such-id",
    ])
    .failure()
    .stderr(predicate::str::contains(
        "parent \"no-such-id\" of \"某园区\" is not a known id",
    ));
    add(&["--name", "观致汽车", "--type", "Institution"])
        .failure()
        .stderr(predicate::str::contains("duplicate id \"观致汽车\""));
    add(&["--name", "某地", "--type", "City"])
        .failure()
        .stderr(predicate::str::contains("unknown type"));
    assert_eq!(std::fs::read_to_string(&layer).unwrap(), before);
    // The layer works.
    let text = dir.path().join("t.txt");
    std::fs::write(&text, "观致与双星集团合作。").unwrap();
    let out = regionkg()
        .arg("tag")
        .arg(&text)
        .arg("--gazetteers")
        .arg(&layer)
        .assert()
        .success();
    let printed = stdout(&out);
    assert!(
        printed.contains("\"entity\":\"观致汽车\"")
            && printed.contains("\"entity\":\"doublestar\""),
        "{printed}"
    );
    regionkg()
        .args(["gazetteer", "check", "--gazetteers"])
        .arg(&layer)
        .assert()
        .success();
}

/// The review loop on a small corpus written for it: `discover` proposes a name no gazetteer
/// has (a brand with no suffix, found as a cohesive n-gram), the reviewer keeps its row, adds
/// one more entity with `gazetteer add`, and the layer lifts `eval` from a miss to a hit.
#[test]
fn discover_review_add_rebuild_eval_loop() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let cities = [
        "石家庄",
        "上海",
        "天津",
        "广州",
        "成都",
        "武汉",
        "西安",
        "南京",
    ];
    let openers = [
        "今年",
        "记者注意到",
        "据介绍",
        "业内人士说",
        "据了解",
        "数据显示",
    ];
    let fillers = [
        "周末客流明显增加，店员忙个不停。",
        "新店装修风格简洁，吸引年轻顾客拍照。",
        "附近写字楼的白领习惯午后来买一杯。",
        "门口排队的人群一直延伸到街角。",
        "开业当天推出买一送一活动。",
        "不少老顾客专程赶来捧场。",
    ];
    let mut gold = String::new();
    for (i, city) in cities.iter().enumerate() {
        let opener = openers[i % openers.len()];
        let arrives = [
            "落户", "进驻", "登陆", "来到", "布局", "扎根", "开进", "选址",
        ];
        let praise = [
            "称赞", "喜欢", "推荐", "评价", "打卡", "关注", "熟悉", "谈起",
        ];
        let after = [
            "咖啡", "服务", "环境", "新品", "口味", "价格", "装修", "甜点",
        ];
        let text = format!(
            "{opener}，云栖湾{}{city}。{}顾客{}云栖湾{}很好。{}禾风书院也在{city}。\n",
            arrives[i],
            fillers[i % fillers.len()],
            praise[i],
            after[i],
            fillers[(i + 2) % fillers.len()],
        );
        let name = format!("doc{i}.txt");
        std::fs::write(corpus.join(&name), &text).unwrap();
        for (surface, kind) in [("云栖湾", "ORG"), (*city, "PLACE"), ("禾风书院", "ORG")] {
            gold.push_str(&format!(
                "{{\"doc\": \"{name}\", \"s\": 0, \"sentence\": \"\", \"surface\": \"{surface}\", \"type\": \"{kind}\", \"canonical\": \"{surface}\"}}\n"
            ));
        }
    }
    let gold_file = dir.path().join("gold.jsonl");
    std::fs::write(&gold_file, gold).unwrap();
    let eval = |layer: Option<&std::path::Path>| -> String {
        let mut c = regionkg();
        c.args(["eval", "--gold"]).arg(&gold_file).arg(&corpus);
        if let Some(layer) = layer {
            c.arg("--gazetteers").arg(layer);
        }
        String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap()
    };
    let entities_line = |report: &str| -> String {
        report
            .lines()
            .find(|l| l.starts_with("entities"))
            .unwrap_or_else(|| panic!("{report}"))
            .to_string()
    };
    // Before: the cities are found, the brand and the academy are not (recall 8 of 24).
    let before = entities_line(&eval(None));
    assert!(
        before.split_whitespace().nth(4) == Some("8"),
        "before: {before}"
    );

    // Discover proposes the brand, with its evidence.
    let out = regionkg()
        .arg("discover")
        .arg(&corpus)
        .args(["--format", "tsv"])
        .assert()
        .success();
    let proposed = stdout(&out);
    assert!(proposed.contains("\n云栖湾\t云栖湾\t"), "{proposed}");
    // Measured against the gold: the brand is proposed, the academy (one name in eight
    // documents) is not, and --errors lists it, with no candidate naming it.
    let measured = regionkg()
        .arg("discover")
        .arg(&corpus)
        .arg("--gold")
        .arg(&gold_file)
        .arg("--errors")
        .assert()
        .success();
    let report = String::from_utf8(measured.get_output().stderr.clone()).unwrap();
    assert!(
        report.contains("recall@200 0.500 (8 of 16 unknown gold entities")
            && report.contains("not in the top 200 (1 names of 8 gold entities)")
            && report.contains("\n-\t8\t禾风书院\t\n"),
        "{report}"
    );
    assert!(proposed.contains("ngram"), "{proposed}");

    // Review: keep the header and the brand's row, delete the rest.
    let layer = dir.path().join("mine.tsv");
    let kept: String = proposed
        .lines()
        .filter(|l| l.starts_with("id\t") || l.starts_with("云栖湾\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&layer, kept).unwrap();
    // Add what discovery cannot see (one name, no suffix it knows).
    regionkg()
        .args(["gazetteer", "add"])
        .arg(&layer)
        .args(["--name", "禾风书院", "--type", "Institution"])
        .assert()
        .success();
    regionkg()
        .args(["gazetteer", "check", "--gazetteers"])
        .arg(&layer)
        .assert()
        .success();

    // Rebuild with the layer: the brand is an entity of the store.
    let store = dir.path().join("kg");
    regionkg()
        .arg("build")
        .arg(&corpus)
        .arg("--store")
        .arg(&store)
        .arg("--gazetteers")
        .arg(&layer)
        .assert()
        .success();
    let query = dir.path().join("q.rq");
    std::fs::write(
        &query,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?e WHERE { GRAPH ?g { ?e skos:prefLabel \"云栖湾\"@zh } }",
    )
    .unwrap();
    let out = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .arg(&query)
        .args(["--format", "tsv"])
        .assert()
        .success();
    assert_eq!(stdout(&out).lines().count(), 2, "header and one entity");

    // After: every gold entity is found.
    let after = entities_line(&eval(Some(&layer)));
    assert!(
        after.split_whitespace().nth(4) == Some("24") && after.contains("1.000"),
        "after: {after}"
    );
}
