//! The exit-status contract of every command (README, "Exit codes"): 0 success, 1 failure, 2
//! usage error, 3 finished with some inputs or records skipped. Each command is run on a good
//! input, on a bad one, with a bad option, and (where it reads a corpus) on a corpus with one
//! unreadable file.

mod common;

use common::{regionkg, sample, stderr};
use std::path::Path;

/// Runs `regionkg ARGS` and checks its status; the stderr is shown when it differs.
fn expect(code: i32, args: &[&str]) {
    let out = regionkg().args(args).assert();
    let got = out.get_output().status.code();
    assert_eq!(
        got,
        Some(code),
        "regionkg {}: {}",
        args.join(" "),
        stderr(&out)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

#[test]
fn every_command_honours_the_exit_status_contract() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = sample();
    let corpus = s(&corpus);
    // A corpus with one readable and one unreadable file.
    let mixed = d.join("mixed");
    std::fs::create_dir(&mixed).unwrap();
    std::fs::write(mixed.join("good.txt"), "雄安新区与北京城市副中心同步建设。").unwrap();
    std::fs::write(mixed.join("bad.txt"), b"\xff\xfe\x00bad").unwrap();
    let mixed = s(&mixed);
    let store = d.join("kg");
    let store = s(&store);
    let missing = d.join("no-such-store");
    let missing = s(&missing);
    let gold = d.join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"doc\": \"good.txt\", \"s\": 0, \"surface\": \"雄安新区\", \"type\": \"ZONE\"}\n\
         {\"doc\": \"absent.txt\", \"s\": 0, \"surface\": \"北京\", \"type\": \"PLACE\"}\n",
    )
    .unwrap();
    let gold = s(&gold);
    let bad_layer = d.join("bad-layer");
    std::fs::create_dir(&bad_layer).unwrap();
    std::fs::write(bad_layer.join("x.tsv"), "id\tname\ttype\nx\t某地\tPlanet\n").unwrap();
    let bad_layer = s(&bad_layer);
    let out = |name: &str| s(&d.join(name)).to_string();
    let (graphml, nodes, edges, layer) =
        (out("g.graphml"), out("n.csv"), out("e.csv"), out("u.tsv"));

    // Success.
    expect(0, &["build", corpus, "--store", store, "-q"]);
    expect(0, &["tag", corpus]);
    expect(0, &["read", corpus]);
    expect(
        0,
        &[
            "query",
            "--store",
            store,
            "-e",
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        ],
    );
    expect(0, &["export", "graphml", "--store", store, "-o", &graphml]);
    expect(0, &["export", "gexf", "--store", store]);
    expect(
        0,
        &["export", "rdf", "--store", store, "--format", "nquads"],
    );
    expect(
        0,
        &[
            "export", "csv", "--store", store, "--nodes", &nodes, "--edges", &edges,
        ],
    );
    expect(0, &["stats", "--store", store]);
    expect(0, &["network", "summary", "--store", store]);
    expect(0, &["discover", corpus]);
    expect(0, &["gazetteer", "check"]);
    expect(0, &["gazetteer", "stats"]);
    expect(
        0,
        &[
            "gazetteer",
            "add",
            &layer,
            "--name",
            "某新区",
            "--type",
            "Zone",
        ],
    );

    // Finished, with something skipped.
    expect(3, &["tag", mixed]);
    expect(3, &["read", mixed]);
    expect(3, &["discover", mixed]);
    expect(3, &["build", mixed, "--store", &out("kg2"), "-q"]);
    // The gold annotates a document the inputs lack: its scores undercount.
    expect(3, &["eval", "--gold", gold, mixed]);

    // Failure.
    expect(1, &["query", "--store", missing, "-e", "ASK {}"]);
    expect(1, &["query", "--store", store, "-e", "SELECT WHERE"]);
    expect(1, &["export", "graphml", "--store", missing]);
    expect(
        1,
        &["export", "rdf", "--store", store, "--format", "turtle"],
    );
    expect(1, &["stats", "--store", missing]);
    // serve stops before listening: no store, or an open address without a token.
    expect(1, &["serve", "--store", missing]);
    expect(1, &["serve", "--store", store, "--bind", "0.0.0.0:1"]);
    expect(1, &["serve", "--store", store, "--token", "two words"]);
    expect(1, &["network", "nodes", "--store", missing]);
    expect(
        1,
        &[
            "network",
            "nodes",
            "--store",
            store,
            "--within",
            "不存在的地方",
        ],
    );
    expect(1, &["eval", "--gold", missing, corpus]);
    expect(1, &["gazetteer", "check", "--gazetteers", bad_layer]);
    expect(1, &["gazetteer", "coverage", missing]);
    expect(1, &["tag", "--gazetteers", bad_layer, corpus]);
    expect(1, &["build", corpus, "--store", corpus, "-q"]);

    // Usage errors.
    for command in [
        &["build", corpus][..],
        &["tag"],
        &["read", "--no-such-option"],
        &["query", "--store", store],
        &["export", "graphml"],
        &["export", "rdf", "--store", store, "--format", "xml"],
        &["stats"],
        &["serve", "--store", store, "--bind", "not-an-address"],
        &[
            "serve",
            "--store",
            store,
            "--token",
            "a",
            "--token-file",
            "b",
        ],
        &["network", "nowhere", "--store", store],
        &["discover", "--top", "many", corpus],
        &["eval", corpus],
        &["gazetteer", "nothing"],
        &["no-such-command"],
    ] {
        expect(2, command);
    }
}

/// A reader that goes away (`regionkg tag ... | head -1`) ends the run quietly with status 0, as
/// Unix tools do: the write error keeps its kind (BrokenPipe) up to the binary.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    // Enough mentions that the output outgrows the pipe's buffer.
    let text = "雄安新区与北京城市副中心同步建设，天津港和河北省沧州市也在行动。\n".repeat(20_000);
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    for command in [&["tag"][..], &["read"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regionkg"))
            .args(command)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with('{'), "{first}");
        // The reader is gone: stdout was dropped with the BufReader.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command:?}: {err}");
        assert!(err.is_empty(), "{command:?}: {err}");
    }
}
