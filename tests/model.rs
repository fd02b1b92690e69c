//! The LAC port against labels the original model's reference forward pass
//! (`../shared/tools/lac-reference`, numpy over the PyPI sdist's weights) gave on sentences
//! written for this test (`tests/data/lac-sentences.txt` → `tests/data/lac-reference.jsonl`).
//!
//! Needs the model `make model` makes. Without it the test says so and passes, unless
//! `REGIONKG_REQUIRE_MODEL` is set (as `.ci/run` sets it), when it fails.

use regionkg::model::{locate, Lac};

fn load() -> Option<Lac> {
    let path = locate(None);
    if !path.exists() {
        assert!(
            std::env::var_os("REGIONKG_REQUIRE_MODEL").is_none(),
            "REGIONKG_REQUIRE_MODEL is set and there is no model at {}",
            path.display()
        );
        eprintln!(
            "skipped: no model at {} (make it with `make model`)",
            path.display()
        );
        return None;
    }
    Some(Lac::load(&path).expect("the model loads"))
}

#[test]
fn labels_match_the_reference_forward_pass() {
    let Some(lac) = load() else { return };
    let reference = include_str!("data/lac-reference.jsonl");
    let cases: Vec<(String, Vec<(String, String)>)> = reference
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let tokens = v["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| (t[0].as_str().unwrap().into(), t[1].as_str().unwrap().into()))
                .collect();
            (v["text"].as_str().unwrap().to_string(), tokens)
        })
        .collect();
    assert!(cases.len() >= 40);
    let sentences: Vec<&str> = cases.iter().map(|(s, _)| s.as_str()).collect();
    // All together (one batch, mixed lengths) and one at a time must agree with the reference.
    let together = lac.tag(&sentences);
    for (i, (text, expected)) in cases.iter().enumerate() {
        let alone = lac.tag(&[text.as_str()]);
        for words in [&together[i], &alone[0]] {
            let chars: Vec<char> = text.chars().collect();
            let got: Vec<(String, String)> = words
                .iter()
                .map(|w| (chars[w.start..w.end].iter().collect(), w.label.to_string()))
                .collect();
            assert_eq!(&got, expected, "{text}");
        }
    }
}

/// The confidence is a probability, the same in a batch as alone, near 1 where the reading is
/// plain and lower where the model hesitates (a run of common words it calls a place).
#[test]
fn confidence_is_the_crf_marginal_and_tells_doubt() {
    let Some(lac) = load() else { return };
    let sentences = ["青岛双星与宝马集团签约。", "今年湾区首月多国修路。"];
    let together = lac.tag(&sentences);
    for (i, s) in sentences.iter().enumerate() {
        let alone = lac.tag(&[*s]);
        for (a, b) in together[i].iter().zip(&alone[0]) {
            assert_eq!((a.start, a.end, a.label), (b.start, b.end, b.label));
            assert!(
                (a.confidence - b.confidence).abs() < 1e-4,
                "{s}: {a:?} {b:?}"
            );
            assert!((0.0..=1.0 + 1e-6).contains(&a.confidence), "{a:?}");
        }
    }
    let conf = |i: usize, start: usize| {
        let w = together[i].iter().find(|w| w.start == start).unwrap();
        (w.label, w.confidence)
    };
    let (label, sure) = conf(0, 0);
    assert_eq!(label, "ORG");
    assert!(sure > 0.9, "青岛双星: {sure}");
    let (label, unsure) = conf(1, 4);
    assert_eq!(label, "LOC");
    assert!(unsure < 0.6, "首月多国修路: {unsure}");
}

/// The other organisations the CRF gives some probability: never the best labelling's own
/// words, each at least the probability asked for, and the best labelling itself unchanged.
#[test]
fn alternatives_are_the_other_likely_words_of_a_label() {
    let Some(lac) = load() else { return };
    let sentences = [
        "美国政府周五宣布新的关税措施。",
        "北汽新能源发布了新车。",
        "青岛双星与宝马集团签约。",
    ];
    let best = lac.tag(&sentences);
    let with = lac.tag_with_alternatives(&sentences, &["ORG"], 0.05);
    let all = lac.tag_all_with_alternatives(&sentences, &["ORG"], 0.05);
    assert_eq!(with.len(), sentences.len());
    // 北汽新能源 is one ORG at best; 北汽 alone is an ORG the CRF gives some probability.
    assert!(
        with[1]
            .1
            .iter()
            .any(|o| (o.start, o.end, o.label) == (0, 2, "ORG") && o.confidence > 0.2),
        "{:?}",
        with[1]
    );
    for (i, (words, others)) in with.iter().enumerate() {
        assert_eq!(words, &best[i], "{}", sentences[i]);
        assert_eq!((words, others), (&all[i].0, &all[i].1));
        for o in others {
            assert_eq!(o.label, "ORG");
            assert!((0.05..=1.0).contains(&o.confidence), "{o:?}");
            assert!(o.start < o.end && o.end <= sentences[i].chars().count());
            assert!(!words
                .iter()
                .any(|w| (w.start, w.end, w.label) == (o.start, o.end, o.label)));
        }
        // A higher floor keeps a subset.
        let fewer = &lac.tag_with_alternatives(&[sentences[i]], &["ORG"], 0.3)[0].1;
        assert!(fewer
            .iter()
            .all(|f| others.contains(f) && f.confidence >= 0.3));
    }
    // No label asked, or one the model lacks: no alternatives.
    assert!(lac
        .tag_with_alternatives(&sentences, &["NOPE"], 0.01)
        .iter()
        .all(|(_, o)| o.is_empty()));
}

#[test]
fn empty_and_odd_input() {
    let Some(lac) = load() else { return };
    let out = lac.tag(&["", "。", "🙂🙂", "a"]);
    assert!(out[0].is_empty());
    assert_eq!(out[1].len(), 1);
    assert_eq!(out[2].iter().map(|w| w.end - w.start).sum::<usize>(), 2);
    assert_eq!((out[3][0].start, out[3][0].end), (0, 1));
}

/// A model file cut short (an interrupted copy) is an error that names the file and the cure.
#[test]
fn a_truncated_model_is_a_clear_error() {
    if load().is_none() {
        return;
    }
    let bytes = std::fs::read(locate(None)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.rkm");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = Lac::load(&cut).err().unwrap().to_string();
    assert!(
        err.contains("cut.rkm") && err.contains("truncated") && err.contains("get_lac.py"),
        "{err}"
    );
}

#[test]
fn a_missing_model_says_how_to_make_it() {
    let err = Lac::load(std::path::Path::new("no/such/model.rkm"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no model at no/such/model.rkm") && err.contains("make model"),
        "{err}"
    );
}

mod layer {
    use super::load;
    use regionkg::catalog::describe;
    use regionkg::corpus::Document;
    use regionkg::gazetteer::{EntityType, Gazetteer};
    use regionkg::recognise::{Recognizer, Rule, Target};
    use std::sync::Arc;

    const TEXT: &str = "蓝箭航天发布了新火箭。据蓝箭航天介绍，火箭将于明年发射。\
                        宝马集团与华晨汽车在沈阳签约。廊坊市临空经济区管委会表示欢迎。";

    /// (surface, entity id, resolution, parent id) of each mention.
    fn mentions(recognizer: &Recognizer) -> Vec<(String, String, String, Option<String>)> {
        let g = recognizer.gazetteer();
        recognizer
            .recognise(&Document::from_text("t", TEXT))
            .into_iter()
            .map(|m| {
                let parent = match &m.target {
                    Target::Unlinked(u) => u.parent.map(|p| g.entity(p).id.clone()),
                    Target::Known(_) => None,
                };
                let id = describe(g, &m.target).0;
                (m.text, id, m.resolution.as_str().to_string(), parent)
            })
            .collect()
    }

    #[test]
    fn adds_unlisted_names_their_repeats_and_longer_organisations() {
        let Some(lac) = load() else { return };
        let plain = Recognizer::new(Gazetteer::builtin().unwrap()).unwrap();
        let with_model = Recognizer::new(Gazetteer::builtin().unwrap())
            .unwrap()
            .with_model(Arc::new(lac));
        let m = |s: &str, id: &str, r: &str, p: Option<&str>| {
            (
                s.to_string(),
                id.to_string(),
                r.to_string(),
                p.map(String::from),
            )
        };
        let before = mentions(&plain);
        assert!(before.iter().all(|(_, _, r, _)| r != "model"));
        assert!(before.contains(&m("廊坊市", "1310", "unique", None)));
        let after = mentions(&with_model);
        for expected in [
            // The model labels the first 蓝箭航天 ORG and not the second: document consistency.
            m("蓝箭航天", "model:蓝箭航天", "model", None),
            m("华晨汽车", "model:华晨汽车", "model", None),
            // A gazetteer match stays what it is.
            m("宝马集团", "bmw", "unique", None),
            m("沈阳", "2101", "unique", None),
            // The organisation replaces the place it is built on, which becomes its parent.
            m(
                "廊坊市临空经济区管委会",
                "model:廊坊市临空经济区管委会",
                "model",
                Some("1310"),
            ),
        ] {
            assert!(after.contains(&expected), "{expected:?} not in {after:#?}");
        }
        assert_eq!(after.iter().filter(|x| x.0 == "蓝箭航天").count(), 2);
        assert!(!after.iter().any(|x| x.0 == "廊坊市"));
        assert!(with_model.describe().ends_with(",model=lac-2.1.2"));
        assert!(!plain.describe().contains("model"));
    }

    /// The built-in recogniser with the model, and what it finds in `text`: each mention's
    /// text and the id of its entity. None without the model.
    fn found_with_model(text: &str) -> Option<Vec<(String, String)>> {
        let recognizer = Recognizer::new(Gazetteer::builtin().unwrap())
            .unwrap()
            .with_model(Arc::new(load()?));
        let doc = Document::from_text("t", text);
        Some(
            recognizer
                .recognise(&doc)
                .into_iter()
                .map(|m| (m.text, describe(recognizer.gazetteer(), &m.target).0))
                .collect(),
        )
    }

    #[test]
    fn never_replaces_a_listed_name_by_a_span_with_a_stray_word_before_it() {
        // The model reads 前银保监会 as one organisation: 前 (former) names nothing.
        let Some(found) = found_with_model("他表示前银保监会的做法值得借鉴。")
        else {
            return;
        };
        assert_eq!(found, [("银保监会".to_string(), "cbirc".to_string())]);
    }

    #[test]
    fn over_a_country_only_a_registered_name_replaces_it() {
        // The model reads all three as organisations. 有限公司 is a registered company's legal
        // form; 汽车公司 and 奢侈品集团 describe a country's trade, so the country stays.
        let Some(found) = found_with_model(
            "一家日本汽车公司与中国恒远煤炭集团有限公司签署了合作协议。一家英国奢侈品集团宣布入股。",
        ) else {
            return;
        };
        let pair = |s: &str, id: &str| (s.to_string(), id.to_string());
        assert_eq!(
            found,
            [
                pair("日本", "country:日本"),
                pair("中国恒远煤炭集团有限公司", "model:中国恒远煤炭集团有限公司"),
                pair("英国", "country:英国"),
            ]
        );
    }

    #[test]
    fn known_bodies_side_by_side_stay_two_and_a_meeting_is_no_body() {
        // The model reads each of the five as one organisation. 党中央 + 国务院 and 中央纪委 +
        // 国家监委 are two bodies each; 外交部 holds a press conference; 一汽丰田 (companies
        // only) is a joint venture and 北京大学国际关系学院 a university's school: one name each.
        let Some(found) = found_with_model(
            "党中央国务院高度重视这项工作。据中央纪委国家监委网站消息，某局长接受审查。\
             在周一的外交部例行记者会上，发言人回答了提问。一汽丰田发布了一款新车。\
             北京大学国际关系学院举办论坛。",
        ) else {
            return;
        };
        let pair = |s: &str, id: &str| (s.to_string(), id.to_string());
        assert_eq!(
            found,
            [
                pair("党中央", "cpc-central"),
                pair("国务院", "state-council"),
                pair("中央纪委", "ccdi"),
                pair("国家监委", "ccdi"),
                pair("外交部", "mfa"),
                pair("一汽丰田", "model:一汽丰田"),
                pair("北京大学国际关系学院", "model:北京大学国际关系学院"),
            ]
        );
    }

    #[test]
    fn a_known_bodys_short_form_the_model_reads_is_the_bodys_mention() {
        // 网信办 is a context alias of the national office: out of scope here (nothing names
        // it), but the model reads it as an organisation in a list of national bodies, so it is
        // the office's mention. After a level (区 + 网信办) it is the district's office: no
        // mention of the national one, and not the model's unlinked name either.
        let Some(found) = found_with_model(
            "会议通报了商务部、网信办等部门近期的工作情况。区网信办负责人介绍了情况。",
        ) else {
            return;
        };
        let pair = |s: &str, id: &str| (s.to_string(), id.to_string());
        assert_eq!(found, [pair("商务部", "mofcom"), pair("网信办", "cac")]);
    }

    #[test]
    fn a_country_before_a_companys_or_schools_own_name_stays_a_place() {
        // The model reads each country and what follows as one organisation. A bank's and a
        // university's own names stand alone (the annotation guide's 英国 + 巴克莱银行); a
        // state's organ keeps its country (美国政府), and so does a name that holds it as a
        // word (德国商业银行: 商业银行 alone is a kind of bank).
        let Some(found) = found_with_model(
            "英国巴克莱银行发布了一份报告。英国布里斯托大学的研究人员发现了新方法。\
             美国政府表示反对。德国商业银行下调了预测。",
        ) else {
            return;
        };
        let pair = |s: &str, id: &str| (s.to_string(), id.to_string());
        assert_eq!(
            found,
            [
                pair("英国", "country:英国"),
                pair("巴克莱银行", "barclays"),
                pair("英国", "country:英国"),
                pair("布里斯托大学", "model:布里斯托大学"),
                pair("美国政府", "rule:美国政府"),
                pair("德国商业银行", "model:德国商业银行"),
            ]
        );
    }

    #[test]
    fn kinds_of_business_are_no_names() {
        // The model labels 城商行 and 产险公司 ORG: a generic ending after common words is a kind
        // of business. 劳拉 is no word of jieba's dictionary, so 劳拉公司 is a name.
        let Some(found) = found_with_model(
            "今年多家城商行发布了年报。据介绍，产险公司保费收入同比增长。劳拉公司表示。",
        ) else {
            return;
        };
        let texts: Vec<&str> = found.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(texts, ["劳拉公司"]);
    }

    #[test]
    fn a_place_with_a_facilitys_last_word_is_a_facility_even_when_the_model_doubts_it() {
        // The model labels all five LOC: 湛山寺 surely, the two inns, the tomb and the airport
        // with confidence under 0.6, which drops a place. The inns and the tomb are facilities
        // (the tomb without the dynasty that dates it); 通用机场 (a general-aviation airport) is
        // a kind of facility, and doubted it is dropped.
        let Some(lac) = load() else { return };
        let recognizer = Recognizer::new(Gazetteer::builtin().unwrap())
            .unwrap()
            .with_model(Arc::new(lac));
        let doc = Document::from_text(
            "t",
            "当年她在哈尔滨住过欧罗巴旅馆和东兴顺旅馆。游客们参观了湛山寺。\
             考古人员在西汉海昏侯墓发现了竹简。这里将建设一座通用机场。",
        );
        let found: Vec<(String, EntityType)> = recognizer
            .recognise(&doc)
            .into_iter()
            .filter_map(|m| match m.target {
                Target::Unlinked(u) if u.rule == Rule::Model => Some((m.text, u.kind)),
                _ => None,
            })
            .collect();
        let project = |s: &str| (s.to_string(), EntityType::Project);
        assert_eq!(
            found,
            [
                project("欧罗巴旅馆"),
                project("东兴顺旅馆"),
                project("湛山寺"),
                project("海昏侯墓"),
            ]
        );
    }
}

mod cli {
    use super::load;
    use assert_cmd::Command;

    #[test]
    fn lac_prints_words_and_labels() {
        if load().is_none() {
            return;
        }
        let out = Command::cargo_bin("regionkg")
            .unwrap()
            .args([
                "lac",
                "--model-file",
                &regionkg::model::locate(None).display().to_string(),
            ])
            .write_stdin("青岛双星与宝马集团签约。\n")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "青岛双星/ORG 与/p 宝马集团/ORG 签约/v 。/w\n"
        );
    }

    /// `lac --json --alternatives P` adds the other likely organisations, places and persons;
    /// a P that is no probability is a usage error.
    #[test]
    fn lac_lists_alternatives_on_request() {
        if load().is_none() {
            return;
        }
        let model = regionkg::model::locate(None).display().to_string();
        let run = |extra: &[&str]| {
            let mut args = vec!["lac", "--model-file", model.as_str(), "--json"];
            args.extend(extra);
            Command::cargo_bin("regionkg")
                .unwrap()
                .args(&args)
                .write_stdin("兴业研究发布报告指出，利率将下行。\n")
                .assert()
        };
        let out = run(&["--alternatives", "0.1"])
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let alternatives = v["alternatives"].as_array().unwrap();
        assert!(
            alternatives
                .iter()
                .any(|a| a[0] == 0 && a[1] == 4 && a[2] == "ORG" && a[3].as_f64().unwrap() >= 0.1),
            "{v}"
        );
        let plain = run(&[]).success().get_output().stdout.clone();
        let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert!(v.get("alternatives").is_none());
        run(&["--alternatives", "1.5"])
            .code(2)
            .stderr(predicates::str::contains("not a probability"));
    }

    /// A name only the model finds is proposed by `discover --model`, and not without it.
    #[test]
    fn discover_proposes_the_names_the_model_finds() {
        if load().is_none() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        for (file, text) in [
            ("a.txt", "晶泰科技获得新一轮投资，公司将扩大团队。"),
            ("b.txt", "深圳的晶泰科技发布了新的药物研发平台。"),
            ("c.txt", "业内人士认为，晶泰科技的算法处于领先水平。"),
            // The model reads the dateline's 讯 into the paper's name; discovery takes the
            // name as recognition does.
            ("d.txt", "楚江晚报讯（记者王明）昨日，一场展览开幕。"),
            ("e.txt", "楚江晚报讯 本市今天发布了新的交通规划。"),
        ] {
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        let model = regionkg::model::locate(None).display().to_string();
        let run = |extra: &[&str]| {
            let out = Command::cargo_bin("regionkg")
                .unwrap()
                .arg("discover")
                .arg(dir.path())
                .args(["--format", "tsv"])
                .args(extra)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            String::from_utf8(out).unwrap()
        };
        // --model-file turns the model on, as --model does.
        let with_model = run(&["--model-file", &model]);
        let row = with_model
            .lines()
            .find(|l| l.starts_with("晶泰科技\t"))
            .unwrap_or_else(|| panic!("no 晶泰科技 row in\n{with_model}"));
        assert!(
            row.contains("Institution") && row.contains("\t4403\t"),
            "{row}"
        );
        assert!(!run(&[]).contains("晶泰科技"));
        assert!(
            with_model.lines().any(|l| l.starts_with("楚江晚报\t"))
                && !with_model.contains("楚江晚报讯\t"),
            "{with_model}"
        );
    }

    #[test]
    fn tag_with_a_missing_model_fails_and_says_how_to_make_it() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "华晨汽车在沈阳签约。").unwrap();
        Command::cargo_bin("regionkg")
            .unwrap()
            .args(["tag", "--model", "--model-file", "no/such.rkm"])
            .arg(&input)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicates::str::contains("no model at no/such.rkm"))
            .stderr(predicates::str::contains("make model"));
    }
}

mod properties {
    use super::load;
    use proptest::prelude::*;
    use regionkg::model::Lac;
    use std::sync::OnceLock;

    fn model() -> Option<&'static Lac> {
        static MODEL: OnceLock<Option<Lac>> = OnceLock::new();
        MODEL.get_or_init(load).as_ref()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// On any text (CJK, full-width, ASCII runs, emoji, controls) the words cover every
        /// character once, in order, and a batch gives what each sentence gives alone.
        #[test]
        fn words_partition_any_text(
            a in "[\\u4e00-\\u9fa5Ａ-Ｚ０-９a-zA-Z0-9 ，。、（）《》\\u{1F600}\\t]{0,60}",
            b in "[\\u4e00-\\u9fa5a-z0-9]{1,30}",
        ) {
            let Some(lac) = model() else { return Ok(()) };
            let both = lac.tag(&[a.as_str(), b.as_str()]);
            for (text, words) in [(&a, &both[0]), (&b, &both[1])] {
                let mut at = 0;
                for w in words {
                    prop_assert_eq!(w.start, at);
                    prop_assert!(w.end > w.start);
                    at = w.end;
                }
                prop_assert_eq!(at, text.chars().count());
            }
            prop_assert_eq!(&lac.tag(&[a.as_str()])[0], &both[0]);
        }
    }
}
