//! Bad input, interrupted and concurrent builds, full or read-only disks, a safe query surface,
//! and names with special characters through every export. Each case gets a clear message
//! naming the file, line or record; the rest of the work goes on; stores are never lost.
//! (Killing a build at several points is tested in `cli.rs`.)

mod common;
use common::{regionkg, sample, stderr, stdout};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `regionkg build` of the sample corpus into `store`, with more arguments.
fn build_sample(store: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    regionkg()
        .arg("build")
        .arg(sample())
        .arg("--store")
        .arg(store)
        .args(args)
        .assert()
}

/// Mentions of `tag` output, as (document, text, start, end).
fn mentions(out: &str) -> Vec<(String, String, usize, usize)> {
    out.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["doc"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[test]
fn messy_corpus_files_are_reported_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(c.join(name), bytes).unwrap();
    // Good files, in the encodings and line ends users have.
    write(
        "bom-crlf.txt",
        "\u{feff}北京市发布消息。\r\n天津市回应。\r\n".as_bytes(),
    );
    // 北京市 in GBK.
    write("gbk.txt", &[0xB1, 0xB1, 0xBE, 0xA9, 0xCA, 0xD0]);
    write("empty.txt", b"");
    write(
        "no-front-matter.md",
        "河北省的新闻，没有前言。\n".as_bytes(),
    );
    // Bad files.
    write("bad-utf8.txt", b"\xe5\x8c\x97\xe4\xba\xac\xff\xfe");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    write("binary.md", &binary);
    write(
        "broken.md",
        "---\ntitle: 没有结束的前言\n河北省的新闻。\n".as_bytes(),
    );
    write(
        "records.jsonl",
        "{\"id\":1,\"text\":\"上海市\"}\nnot json\n{\"id\":2}\n{\"id\":3,\"text\":5}\n{\"id\":4,\"text\":\"广州市\"}\n"
            .as_bytes(),
    );
    std::os::unix::fs::symlink("nowhere.txt", c.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(".", c.join("loop")).unwrap();

    let out = regionkg().arg("tag").arg(c).assert().code(3);
    let err = stderr(&out);
    for expected in [
        "bad-utf8.txt: neither UTF-8 (first bad byte at offset 6)",
        "binary.md: neither UTF-8",
        "broken.md: front matter opened with --- is never closed",
        "records.jsonl:2: not valid JSON",
        "records.jsonl:3: no \"text\" field",
        "records.jsonl:4: \"text\" is not a string",
        "dangling.txt: a broken symbolic link",
        "7 input(s) or record(s) were skipped",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let found = mentions(&stdout(&out));
    let texts: Vec<(&str, &str)> = found
        .iter()
        .map(|(d, t, _, _)| (d.as_str(), t.as_str()))
        .collect();
    for expected in [
        ("bom-crlf.txt", "北京市"),
        ("bom-crlf.txt", "天津市"),
        ("gbk.txt", "北京市"),
        ("no-front-matter.md", "河北省"),
        ("1", "上海市"),
        ("4", "广州市"),
    ] {
        assert!(texts.contains(&expected), "{expected:?} in {texts:?}");
    }
    // Offsets index the text as regionkg reads it (BOM dropped, CRLF kept).
    let read = regionkg()
        .arg("read")
        .arg(c.join("bom-crlf.txt"))
        .assert()
        .success();
    let doc: Value = serde_json::from_str(stdout(&read).lines().next().unwrap()).unwrap();
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for (d, t, s, e) in &found {
        if d == "bom-crlf.txt" {
            assert_eq!(&text[*s..*e].iter().collect::<String>(), t);
        }
    }
}

#[test]
fn a_50_mb_single_line_file_is_processed_and_oversize_documents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // One known name per kilobyte of ordinary text, no line break in 50 MB. The sentences
    // differ (numbered): a repeated sentence would rightly be recognised once.
    let filler = "今年的工作进展顺利".repeat(36);
    let mut text = String::new();
    let mut count = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!("北京市第{count}次会议{filler}。"));
        count += 1;
    }
    std::fs::write(&big, &text).unwrap();
    let out = regionkg().arg("tag").arg(&big).assert().success();
    // One mention per unit, none lost or split.
    let out = stdout(&out);
    assert_eq!(out.lines().count(), count);
    assert!(out.lines().all(|l| l.contains("\"text\":\"北京市\"")));

    // Over the limit (lowered here to 1 MB): refused with a message, the rest goes on.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "上海市").unwrap();
    let jsonl = dir.path().join("records.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"广州市\"}}\n",
            "深圳市".repeat(200_000)
        ),
    )
    .unwrap();
    let out = regionkg()
        .env("REGIONKG_MAX_DOCUMENT_MB", "1")
        .arg("tag")
        .args([&big, &small, &jsonl])
        .assert()
        .code(3);
    let err = stderr(&out);
    assert!(
        err.contains("big.txt: the file is 50 MB, more than the 1 MB one document may have"),
        "{err}"
    );
    assert!(
        err.contains("records.jsonl:1: the line is longer than 1 MB"),
        "{err}"
    );
    let texts: Vec<String> = mentions(&stdout(&out)).into_iter().map(|m| m.1).collect();
    assert_eq!(texts, ["上海市", "广州市"]);
}

#[test]
fn query_errors_timeouts_and_services() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    build_sample(&store, &[]).success();
    // Syntax errors say where.
    regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args(["-e", "SELECT ?x WHERE {\n  ?x ?y \n"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("syntax error").and(predicate::str::contains("at 3:1")));
    // No store, or a folder that is no store.
    regionkg()
        .args(["query", "--store"])
        .arg(dir.path().join("missing"))
        .args(["-e", "ASK {}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing"));
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "not a store").unwrap();
    regionkg()
        .args(["query", "--store"])
        .arg(&other)
        .args(["-e", "ASK {}"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("other"));
    // A parameter value that would break the query if pasted is bound as a literal.
    let out = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args([
            "-e",
            "SELECT ?x WHERE { }",
            "--param",
            "x=\" } ; DROP ALL ; #",
            "--format",
            "tsv",
        ])
        .assert()
        .success();
    assert!(stdout(&out).contains("DROP ALL"), "{}", stdout(&out));
    // A query that runs too long is stopped.
    regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args([
            "--timeout",
            "0.2",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("stopped after --timeout 0.2 s"));
    // SERVICE calls never leave the machine.
    regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args([
            "-e",
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not supported"));
}

#[test]
fn a_second_build_on_a_store_in_use_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    build_sample(&store, &[]).success();
    // Hold the build lock as a running build does.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join(".kg.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let started = std::time::Instant::now();
    build_sample(&store, &["--replace"])
        .code(1)
        .stderr(predicate::str::contains(
            "another regionkg build is writing this store",
        ));
    assert!(started.elapsed().as_secs() < 30, "it must not wait");
    drop(lock);
    // Queries while a build replaces the store see the old or the new store, never neither.
    let count = |store: &Path| -> Option<u64> {
        let out = regionkg()
            .args(["query", "--store"])
            .arg(store)
            .args([
                "-e",
                "SELECT (COUNT(*) AS ?n) WHERE { ?d a rkg:Document }",
                "--format",
                "tsv",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .nth(1)
            .and_then(|l| l.split('^').next()?.trim_matches('"').parse().ok())
    };
    let before = count(&store).unwrap();
    let mut build = std::process::Command::new(assert_cmd::cargo::cargo_bin("regionkg"))
        .arg("build")
        .arg(sample().join("01-xiongan-rail.md"))
        .arg("--store")
        .arg(&store)
        .arg("--replace")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    while build.try_wait().unwrap().is_none() {
        seen.insert(count(&store));
    }
    assert!(build.wait().unwrap().success());
    let after = count(&store).unwrap();
    seen.insert(Some(after));
    assert!(
        seen.iter().all(|c| *c == Some(before) || *c == Some(after)),
        "queries saw {seen:?}; expected only {before} or {after}"
    );
}

/// A full or read-only file system fails the build with a clear error and leaves the previous
/// store as it was. Needs a small tmpfs, so it runs only where the tests may mount one (as
/// root, as in CI); elsewhere it says so and passes.
#[test]
fn a_full_or_read_only_disk_keeps_the_previous_store() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (needs root), so no full disk to test");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let store = mnt.join("kg");
    let count = |store: &Path| -> String {
        let out = regionkg()
            .args(["query", "--store"])
            .arg(store)
            .args([
                "-e",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                "--format",
                "tsv",
            ])
            .assert()
            .success();
        stdout(&out)
    };
    build_sample(&store, &[]).success();
    let before = count(&store);
    // Leave about 300 kB free: the new store cannot be written.
    let free = {
        let out = std::process::Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(&mnt)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse::<u64>()
            .unwrap()
    };
    std::fs::write(mnt.join("fill"), vec![0u8; (free - 300_000) as usize]).unwrap();
    build_sample(&store, &["--replace"])
        .code(1)
        .stderr(predicate::str::contains("No space left on device"));
    assert_eq!(count(&store), before);
    let leftovers: Vec<String> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Read-only: the same.
    std::fs::remove_file(mnt.join("fill")).unwrap();
    let remounted = std::process::Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(remounted.success());
    build_sample(&store, &["--replace"])
        .code(1)
        .stderr(predicate::str::contains("Read-only file system"));
    assert_eq!(count(&store), before);
}

/// Names with characters that are special in IRIs, XML, CSV and Turtle survive every export
/// byte for byte.
#[test]
fn special_characters_survive_every_export() {
    let dir = tempfile::tempdir().unwrap();
    let name = "甲<乙&\"丙\" 区,（测试）";
    let id = "sp<e&c\"ial/id#1";
    let layer = dir.path().join("layer.tsv");
    std::fs::write(
        &layer,
        format!("id\tname\ttype\tsubtype\taliases\tparent\n{id}\t{name}\tZone\ttest\t\t11\n"),
    )
    .unwrap();
    regionkg()
        .args(["gazetteer", "check", "--gazetteers"])
        .arg(&layer)
        .assert()
        .success();
    let corpus = dir.path().join("docs.jsonl");
    let title = "标题<&\"\n第二行";
    std::fs::write(
        &corpus,
        format!(
            "{}\n",
            serde_json::json!({"id": "d<1>&\"", "title": title, "text": format!("{name}与北京市合作。")})
        ),
    )
    .unwrap();
    // tag: the mention is the text as written.
    let out = regionkg()
        .arg("tag")
        .arg(&corpus)
        .arg("--gazetteers")
        .arg(&layer)
        .assert()
        .success();
    let found = mentions(&stdout(&out));
    assert!(
        found.iter().any(|m| m.1 == name && m.0 == "d<1>&\""),
        "{found:?}"
    );

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
    let export = |args: &[&str]| -> String {
        let out = regionkg()
            .arg("export")
            .args(args)
            .arg("--store")
            .arg(&store)
            .assert()
            .success();
        stdout(&out)
    };
    // GraphML and GEXF: XML parsers give back the id and label.
    for (xml, label_of) in [
        (export(&["graphml"]), "graphml"),
        (export(&["gexf"]), "gexf"),
    ] {
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let node = doc
            .descendants()
            .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{label_of}: no node {id:?}"));
        let label = match label_of {
            "gexf" => node.attribute("label").unwrap().to_string(),
            _ => node
                .children()
                .find(|c| c.attribute("key") == Some("label"))
                .unwrap()
                .text()
                .unwrap()
                .to_string(),
        };
        assert_eq!(label, name, "{label_of}");
    }
    // CSV: a quoted field gives back the name.
    let nodes = dir.path().join("nodes.csv");
    let edges = dir.path().join("edges.csv");
    regionkg()
        .args(["export", "csv", "--store"])
        .arg(&store)
        .arg("--nodes")
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&nodes).unwrap();
    let rows = parse_csv(&csv);
    assert!(rows.iter().any(|r| r[0] == id && r[1] == name), "{rows:?}");
    // RDF: Turtle and N-Quads parse back to the same label and headline.
    for format in ["turtle", "nquads"] {
        let text = if format == "turtle" {
            // Turtle holds one graph: the gazetteer's labels, then the document's headline.
            export(&["rdf", "-f", format, "--graph", "gazetteer"])
        } else {
            export(&["rdf", "-f", format])
        };
        let rdf_format = if format == "turtle" {
            oxigraph::io::RdfFormat::Turtle
        } else {
            oxigraph::io::RdfFormat::NQuads
        };
        let literals: Vec<String> = oxigraph::io::RdfParser::from_format(rdf_format)
            .for_slice(text.as_bytes())
            .map(|q| q.unwrap())
            .filter_map(|q| match q.object {
                oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .collect();
        assert!(literals.iter().any(|l| l == name), "{format}: label");
        if format == "nquads" {
            assert!(literals.iter().any(|l| l == title), "{format}: headline");
        }
    }
    // Query results in JSON give back the headline with its newline.
    let out = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args([
            "-e",
            "SELECT ?t WHERE { ?d schema:headline ?t }",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["results"]["bindings"][0]["t"]["value"], title);
}

/// A small RFC 4180 reader: quoted fields with doubled quotes, commas and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Unreadable files and folders are reported and skipped. Root reads everything, so as root (as
/// in CI) the binary runs as `nobody` (setpriv), from a copy it may execute.
#[test]
fn unreadable_files_and_folders_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(c.join("locked")).unwrap();
    std::fs::write(c.join("a.txt"), "北京市").unwrap();
    std::fs::write(c.join("secret.txt"), "天津市").unwrap();
    std::fs::write(c.join("locked/b.txt"), "上海市").unwrap();
    for p in [c.join("a.txt"), c.clone()] {
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(c.join("secret.txt"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(c.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let out = if root {
        let binary = dir.path().join("regionkg");
        std::fs::copy(assert_cmd::cargo::cargo_bin("regionkg"), &binary).unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
        match std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary)
            .arg("tag")
            .arg(&c)
            .output()
        {
            Ok(out) => out,
            Err(_) => {
                eprintln!("skipped: running as root without setpriv, so nothing is unreadable");
                return;
            }
        }
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("regionkg"))
            .arg("tag")
            .arg(&c)
            .output()
            .unwrap()
    };
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("locked: Permission denied"), "{err}");
    assert!(err.contains("secret.txt: Permission denied"), "{err}");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("\"text\":\"北京市\""));
}
