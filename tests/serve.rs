//! `regionkg serve` as a client meets it: a real server process on a loopback port, spoken to
//! over TCP. Every status rule of the SPARQL protocol the endpoint follows, content
//! negotiation, the library of questions, the limits, the token, CORS, concurrent clients and a
//! build swapping the store under a running server.

mod common;
use common::{build_sample_store, regionkg, sample, stdout};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port (the OS picks it; it stays free in the instant before the server binds).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `regionkg serve --store STORE --bind 127.0.0.1:PORT ARGS` and waits until it
/// answers.
fn serve(store: &Path, args: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(assert_cmd::cargo::cargo_bin("regionkg"))
        .arg("serve")
        .arg("--store")
        .arg(store)
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let server = Server { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends one HTTP/1.1 request and reads the whole response.
fn send(port: u16, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    // A connection reset is retried once (every request of these tests is safe to repeat): seen
    // once in about fifteen runs of this file on a loaded 2-core machine (read_to_end:
    // ECONNRESET in asks_for_the_token_and_refuses_open_binds_without_one), never twice in a
    // row; the cause was not found (regionkg's handler never closes early). A second reset
    // fails the test.
    match try_send(port, method, target, headers, body) {
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
            try_send(port, method, target, headers, body).unwrap()
        }
        reply => reply.unwrap(),
    }
}

fn try_send(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut head =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("a header block");
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: body.to_string(),
    })
}

fn get(port: u16, target: &str, headers: &[(&str, &str)]) -> Reply {
    send(port, "GET", target, headers, b"")
}

/// `/sparql?query=...` with the query encoded.
fn sparql_url(query: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    format!("/sparql?query={encoded}")
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

/// `regionkg serve --store <sample> ARGS` must fail before listening: its message.
fn serve_fails(args: &[&str]) -> String {
    let out = regionkg()
        .args(["serve", "--store"])
        .arg(sample_store())
        .args(args)
        .assert()
        .failure();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// The sample store, built once for the tests that only read it.
fn sample_store() -> &'static Path {
    static STORE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, path) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = build_sample_store(dir.path());
        (dir, store)
    });
    path
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

fn count_of(reply: &Reply) -> u64 {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn follows_the_protocols_status_rules() {
    let server = serve(sample_store(), &[]);
    let p = server.port;
    // A query by GET, by POST as a query and by POST as a form: the same answer.
    let by_get = count_of(&get(p, &sparql_url(COUNT), &[]));
    assert!(by_get > 1000);
    let direct = send(
        p,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        COUNT.as_bytes(),
    );
    assert_eq!(count_of(&direct), by_get);
    let by_form = send(
        p,
        "POST",
        "/sparql",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form(&[("query", COUNT)]),
    );
    assert_eq!(count_of(&by_form), by_get);
    // The protocol's dataset: one graph as the default graph counts its triples only.
    let gazetteer: String =
        form_urlencoded::byte_serialize(b"https://w3id.org/regionkg/id/graph/gazetteer").collect();
    let only = count_of(&get(
        p,
        &format!("{}&default-graph-uri={gazetteer}", sparql_url(COUNT)),
        &[],
    ));
    assert!(only > 0 && only < by_get, "{only} of {by_get}");
    // Updates are refused whichever way they come.
    let insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }";
    for reply in [
        get(p, &sparql_url(insert), &[]),
        send(
            p,
            "POST",
            "/sparql",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &form(&[("update", insert)]),
        ),
        send(
            p,
            "POST",
            "/sparql",
            &[("Content-Type", "application/sparql-update")],
            insert.as_bytes(),
        ),
    ] {
        assert_eq!(reply.status, 403, "{}", reply.body);
        assert!(reply.body.contains("read-only"));
    }
    assert_eq!(count_of(&get(p, &sparql_url(COUNT), &[])), by_get);
    // A syntax error: 400 with the parser's message and position.
    let bad = get(p, &sparql_url("SELECT ?x WHERE { ?x ?y }"), &[]);
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.starts_with("syntax error: error at 1:"),
        "{}",
        bad.body
    );
    // No query, two queries, a bad graph IRI.
    assert_eq!(get(p, "/sparql", &[]).status, 400);
    let two = format!("{}&query=ASK%7B%7D", sparql_url(COUNT));
    assert_eq!(get(p, &two, &[]).status, 400);
    let graph = format!("{}&default-graph-uri=not%20an%20iri", sparql_url(COUNT));
    assert_eq!(get(p, &graph, &[]).status, 400);
    // Other methods: 405 with Allow.
    let put = send(p, "PUT", "/sparql", &[], b"x");
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, POST"));
    // POST bodies of other types, or untyped: 415.
    for headers in [&[("Content-Type", "text/plain")][..], &[]] {
        let reply = send(p, "POST", "/sparql", headers, COUNT.as_bytes());
        assert_eq!(reply.status, 415, "{}", reply.body);
    }
    // A body over the limit: 413.
    let huge = vec![b' '; 2 << 20];
    let reply = send(
        p,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-query")],
        &huge,
    );
    assert_eq!(reply.status, 413);
    // SERVICE is refused, not attempted.
    let service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }";
    let reply = get(p, &sparql_url(service), &[]);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("SERVICE is refused"), "{}", reply.body);
    // Nothing acceptable: 406; an unknown page: 404.
    assert_eq!(
        get(p, &sparql_url(COUNT), &[("Accept", "image/png")]).status,
        406
    );
    assert_eq!(get(p, "/nothing", &[]).status, 404);
}

#[test]
fn negotiates_the_result_format() {
    let server = serve(sample_store(), &[]);
    let p = server.port;
    let select =
        "SELECT ?name WHERE { ?e a rkg:Place ; skos:prefLabel ?name } ORDER BY ?name LIMIT 3";
    let url = sparql_url(select);
    let json = get(p, &url, &[]);
    assert_eq!(
        json.header("content-type"),
        Some("application/sparql-results+json")
    );
    let names: Vec<String> = json.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"]["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 3);
    let xml = get(p, &url, &[("Accept", "application/sparql-results+xml")]);
    assert_eq!(
        xml.header("content-type"),
        Some("application/sparql-results+xml")
    );
    assert!(xml.body.contains("<sparql") && xml.body.contains(&names[0]));
    let csv = get(p, &url, &[("Accept", "text/csv")]);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "name");
    assert_eq!(
        lines[1..],
        names.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    let tsv = get(
        p,
        &url,
        &[("Accept", "text/csv;q=0.5, text/tab-separated-values")],
    );
    assert!(tsv
        .header("content-type")
        .unwrap()
        .starts_with("text/tab-separated-values"));
    assert!(tsv.body.starts_with("?name\n"));
    // ASK is a boolean; CONSTRUCT is a graph, N-Triples unless Turtle is asked.
    let ask = get(p, &sparql_url("ASK { ?e a rkg:Place }"), &[]);
    assert_eq!(ask.json()["boolean"], Value::Bool(true));
    let construct =
        "CONSTRUCT { ?e skos:prefLabel ?n } WHERE { ?e a rkg:Zone ; skos:prefLabel ?n } LIMIT 2";
    let nt = get(p, &sparql_url(construct), &[]);
    assert_eq!(nt.header("content-type"), Some("application/n-triples"));
    assert_eq!(nt.body.lines().count(), 2);
    assert!(nt
        .body
        .lines()
        .all(|l| l.starts_with('<') && l.ends_with(" .")));
    let ttl = get(p, &sparql_url(construct), &[("Accept", "text/turtle")]);
    assert_eq!(
        ttl.header("content-type"),
        Some("text/turtle; charset=utf-8")
    );
    assert!(ttl.body.contains("@prefix"));
    // A graph is no table: a client asking CSV for it gets 406.
    assert_eq!(
        get(p, &sparql_url(construct), &[("Accept", "text/csv")]).status,
        406
    );
}

#[test]
fn serves_the_library_of_questions_as_query_binds_them() {
    let server = serve(sample_store(), &[]);
    let p = server.port;
    let list = get(p, "/api/queries", &[]).json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"))
        .unwrap()
        .count();
    assert_eq!(names.len(), files);
    let evidence = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "pair-evidence")
        .unwrap();
    assert_eq!(evidence["params"][0]["name"], "a");
    assert_eq!(evidence["params"][0]["default"], "雄安新区");
    assert_eq!(evidence["params"][0]["language"], "zh");
    assert!(evidence["question"]
        .as_str()
        .unwrap()
        .starts_with("in which documents"));
    // A question with a parameter: the same bytes as `regionkg query --param`.
    let over_http = get(
        p,
        "/api/queries/associated-entities?name=%E5%8C%97%E4%BA%AC",
        &[],
    );
    assert_eq!(over_http.status, 200, "{}", over_http.body);
    let by_cli = regionkg()
        .args(["query", "--store"])
        .arg(sample_store())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/associated-entities.rq"))
        .args(["--param", "name=北京", "--format", "json"])
        .assert()
        .success();
    assert_eq!(over_http.body.trim_end(), stdout(&by_cli).trim_end());
    assert!(!over_http.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .is_empty());
    // A value that looks like SPARQL is a value, never query text.
    let injected = get(
        p,
        "/api/queries/associated-entities?name=%22%7D%20%7D%20%23",
        &[],
    );
    assert_eq!(injected.status, 200);
    assert!(injected.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(get(p, "/api/queries/no-such", &[]).status, 404);
    // Asked again, the answer is the one kept; another parameter is another answer.
    let again = get(
        p,
        "/api/queries/associated-entities?name=%E5%8C%97%E4%BA%AC",
        &[],
    );
    assert_eq!(over_http.header("x-cache"), Some("miss"));
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, over_http.body);
    let other = get(p, "/api/queries/associated-entities?name=x", &[]);
    assert_eq!(other.header("x-cache"), Some("miss"));
}

#[test]
fn serves_the_page_and_what_it_asks_about_entities() {
    let server = serve(sample_store(), &[]);
    let p = server.port;
    // The page and its files come from the binary, under a policy that keeps it on this host.
    let page = get(p, "/", &[]);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .starts_with("default-src 'self'"));
    for script in [
        "/app.js",
        "/vendor/codemirror.js",
        "/vendor/sparql.js",
        "/vendor/cytoscape.min.js",
    ] {
        assert!(
            page.body.contains(script),
            "{script} not loaded by the page"
        );
        let file = get(p, script, &[]);
        assert_eq!(file.status, 200, "{script}");
        assert_eq!(
            file.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
    }
    // Search by alias: 雄安 finds the new area first, with its type and parent.
    let hits = get(p, "/api/search?q=%E9%9B%84%E5%AE%89", &[]).json();
    assert_eq!(hits[0]["id"], "xiongan");
    assert_eq!(hits[0]["type"], "Zone");
    assert!(hits[0]["parent"].is_string());
    // Its card: the parent chain up to the country, counts, timeline, associated entities.
    let card = get(p, "/api/entity?id=xiongan&top=5", &[]).json();
    assert_eq!(card["name"], "河北雄安新区");
    let chain: Vec<&str> = card["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(chain.last(), Some(&"中国"));
    assert!(chain.contains(&"河北省"));
    assert!(card["mentions"].as_u64().unwrap() > 0);
    assert!(!card["timeline"].as_array().unwrap().is_empty());
    let strongest = &card["by_count"][0];
    assert!(strongest["windows"].as_u64().unwrap() >= 1);
    // The evidence of its strongest link: sentences read back from the sample's files, both
    // names marked.
    let other = strongest["id"].as_str().unwrap();
    let target: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("a", "xiongan"), ("b", other)])
        .finish();
    let evidence = get(p, &format!("/api/evidence?{target}"), &[]).json();
    let first = &evidence["sentences"][0];
    assert_eq!(first["source"], "read", "{evidence}");
    let marks: Vec<&str> = first["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["mark"].as_str())
        .collect();
    assert!(marks.contains(&"a") && marks.contains(&"b"), "{first}");
    // Its ego network: itself and its neighbours, with the links among them.
    let ego = get(p, "/api/ego?id=xiongan&top=5", &[]).json();
    assert_eq!(ego["nodes"][0]["ego"], Value::Bool(true));
    assert!(ego["nodes"].as_array().unwrap().len() > 1);
    assert!(!ego["edges"].as_array().unwrap().is_empty());
    // Which entities link two: those linked with both, with each link's strength.
    let common = get(p, "/api/common?a=11&b=13", &[]).json();
    assert_eq!(common["a"]["name"], "北京市");
    assert_eq!(common["b"]["name"], "河北省");
    let first = &common["common"][0];
    assert!(first["windows_a"].as_u64().unwrap() >= 1 && first["windows_b"].as_u64().unwrap() >= 1);
    assert!(common["total"].as_u64().unwrap() >= common["common"].as_array().unwrap().len() as u64);
    // The city network, and no outline unless one is given.
    let net = get(p, "/api/network?level=province", &[]).json();
    assert!(net["nodes"][0]["pagerank"].is_number());
    assert!(net["nodes"][0]["lat"].is_number());
    assert_eq!(get(p, "/api/outline", &[]).body, "null");
    // What it cannot answer: 404 and 400 with a message.
    assert_eq!(get(p, "/api/entity?id=nothing", &[]).status, 404);
    assert_eq!(get(p, "/api/entity", &[]).status, 400);
    assert_eq!(get(p, "/api/network?level=galaxy", &[]).status, 400);
    assert_eq!(get(p, "/api/ego?id=xiongan&top=0", &[]).status, 400);
}

#[test]
fn draws_the_outline_it_is_given_and_refuses_one_that_is_not_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let outline = dir.path().join("outline.geojson");
    std::fs::write(
        &outline,
        r#"{"type":"Polygon","coordinates":[[[115,39],[118,39],[118,41],[115,41],[115,39]]]}"#,
    )
    .unwrap();
    let server = serve(sample_store(), &["--outline", outline.to_str().unwrap()]);
    let reply = get(server.port, "/api/outline", &[]);
    assert_eq!(reply.json()["type"], "Polygon");
    let bad = dir.path().join("bad.geojson");
    std::fs::write(&bad, r#"{"type":"Point","coordinates":[1,2]}"#).unwrap();
    let message = serve_fails(&["--outline", bad.to_str().unwrap()]);
    assert!(
        message.contains("bad.geojson") && message.contains("Point"),
        "{message}"
    );
}

#[test]
fn refuses_what_is_over_its_limits_before_sending_a_status() {
    let server = serve(
        sample_store(),
        &["--max-rows", "5", "--timeout", "1.5", "--max-queries", "1"],
    );
    let p = server.port;
    let many = get(p, &sparql_url("SELECT * WHERE { ?s ?p ?o }"), &[]);
    assert_eq!(many.status, 422);
    assert!(many.body.contains("more than 5 rows") && many.body.contains("LIMIT"));
    let five = get(p, &sparql_url("SELECT * WHERE { ?s ?p ?o } LIMIT 5"), &[]);
    assert_eq!(five.status, 200);
    assert_eq!(
        five.json()["results"]["bindings"].as_array().unwrap().len(),
        5
    );
    // A query that runs too long: 503, whatever it had found by then.
    let slow = sparql_url("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }");
    let started = Instant::now();
    let reply = get(p, &slow, &[]);
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.contains("1.5 s"), "{}", reply.body);
    assert!(started.elapsed() < Duration::from_secs(10));
    // One query at a time: a second one while the first runs is told to come back.
    let first = std::thread::spawn(move || get(p, &slow, &[]).status);
    std::thread::sleep(Duration::from_millis(400));
    let second = get(p, &sparql_url(COUNT), &[]);
    assert_eq!(second.status, 503, "{}", second.body);
    assert_eq!(second.header("retry-after"), Some("1"));
    assert_eq!(first.join().unwrap(), 503);
    // Once it is done, the slot is free again.
    assert_eq!(get(p, &sparql_url(COUNT), &[]).status, 200);
}

#[test]
fn asks_for_the_token_and_refuses_open_binds_without_one() {
    let server = serve(sample_store(), &["--token", "s3cret", "--cors"]);
    let p = server.port;
    let url = sparql_url(COUNT);
    let none = get(p, &url, &[]);
    assert_eq!(none.status, 401);
    assert!(none
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(
        get(p, &url, &[("Authorization", "Bearer wrong")]).status,
        401
    );
    assert_eq!(get(p, "/api/queries", &[]).status, 401);
    let ok = get(p, &url, &[("Authorization", "Bearer s3cret")]);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        get(p, &format!("{url}&access_token=s3cret"), &[]).status,
        200
    );
    // A browser opens the page with the token once; a cookie carries it to the page's files.
    let page = get(p, "/?access_token=s3cret", &[]);
    assert_eq!(page.status, 200);
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.starts_with("regionkg_token=s3cret;") && cookie.contains("HttpOnly"));
    assert_eq!(get(p, "/app.js", &[]).status, 401);
    let with_cookie = get(
        p,
        "/app.js",
        &[("Cookie", "other=1; regionkg_token=s3cret")],
    );
    assert_eq!(with_cookie.status, 200);
    assert_eq!(
        get(p, "/app.js", &[("Cookie", "regionkg_token=wrong")]).status,
        401
    );
    // A CORS preflight needs no token (browsers send none with it).
    let preflight = send(p, "OPTIONS", "/sparql", &[("Origin", "http://x.test")], b"");
    assert_eq!(preflight.status, 204);
    assert!(preflight
        .header("access-control-allow-headers")
        .unwrap()
        .contains("Authorization"));
    // Listening beyond loopback needs a token or --public: an error before binding.
    let message = serve_fails(&["--bind", "0.0.0.0:1"]);
    assert!(
        message.contains("--token") && message.contains("--public"),
        "{message}"
    );
}

#[test]
fn answers_many_clients_at_once() {
    let server = serve(sample_store(), &["--max-queries", "8"]);
    let p = server.port;
    let expected = count_of(&get(p, &sparql_url(COUNT), &[]));
    let clients: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                (0..15)
                    .map(|j| {
                        let reply = if (i + j) % 2 == 0 {
                            get(p, &sparql_url(COUNT), &[])
                        } else {
                            get(p, "/api/queries/top-pairs", &[("Accept", "text/csv")])
                        };
                        (reply.status, (i + j) % 2 == 0, reply)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for client in clients {
        for (status, is_count, reply) in client.join().unwrap() {
            assert_eq!(status, 200, "{}", reply.body);
            if is_count {
                assert_eq!(count_of(&reply), expected);
            }
        }
    }
}

#[test]
fn picks_up_a_store_a_build_swaps_in_without_failing_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample_store(dir.path());
    let server = serve(&store, &[]);
    let p = server.port;
    let before = count_of(&get(p, &sparql_url(COUNT), &[]));
    // Clients keep asking while the store is rebuilt from one file of the corpus.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    // Each query differs (a comment), so none is answered from the cache.
                    let query = format!("{COUNT} # {}", statuses.len());
                    let reply = get(p, &sparql_url(&query), &[]);
                    statuses.push((reply.status, reply.body));
                }
                statuses
            })
        })
        .collect();
    let one = std::fs::read_dir(sample())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .unwrap();
    let input = dir.path().join("one");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(&one, input.join(one.file_name().unwrap())).unwrap();
    for _ in 0..2 {
        regionkg()
            .arg("build")
            .arg(&input)
            .arg("--store")
            .arg(&store)
            .args(["--replace", "-q"])
            .assert()
            .success();
    }
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answered = 0;
    for client in clients {
        for (status, body) in client.join().unwrap() {
            assert_eq!(status, 200, "a request failed during the swap: {body}");
            answered += 1;
        }
    }
    assert!(answered > 3);
    let after = count_of(&get(p, &sparql_url(COUNT), &[]));
    assert!(after < before, "still the old store: {after} triples");
    let direct = regionkg()
        .args(["query", "--store"])
        .arg(&store)
        .args(["-e", COUNT, "--format", "csv"])
        .assert()
        .success();
    assert_eq!(
        stdout(&direct).lines().nth(1),
        Some(after.to_string().as_str())
    );
}
