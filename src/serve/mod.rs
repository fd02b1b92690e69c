//! `regionkg serve`: a read-only SPARQL 1.1 Protocol endpoint over a store, and the library of
//! questions over HTTP.
//!
//! - `GET /sparql?query=...` and `POST /sparql` (`application/sparql-query`, or a form with
//!   `query`), with `default-graph-uri` and `named-graph-uri`; results as SPARQL JSON, XML, CSV
//!   or TSV, graphs as N-Triples or Turtle, as the `Accept` header asks ([`negotiate`]).
//! - `GET /api/queries`: the library ([`library`]); `GET /api/queries/NAME?param=value` runs
//!   one, its parameters bound as `regionkg query --param` binds them (never pasted into text).
//! - Read-only: an update is 403 and no write path exists. SERVICE is refused.
//! - Every result is computed, up to the row limit, before the status line is sent: a query
//!   that times out is a 503, one with too many rows a 422 saying to add LIMIT; never a 200
//!   with a cut body. A cap on queries running at once (503 with Retry-After when busy), a
//!   request body limit, a timeout.
//! - A build that swaps a new store in is picked up without a restart ([`live`]).
//!
//! The server is [oxhttp](https://crates.io/crates/oxhttp), the one Oxigraph's own server uses:
//! a thread per connection, a cap on connections, a global I/O timeout.

mod assets;
mod atlas;
mod cache;
mod evidence;
mod library;
mod live;
mod negotiate;

pub use library::Library;
pub use live::LiveStore;

use crate::error::{Error, Result};
use crate::output::{write_results_up_to, ResultFormat, Written};
use crate::rdf;
use crate::store::Dataset;
use negotiate::{negotiate, GRAPHS, SOLUTIONS};
use oxhttp::model::header::{self, HeaderValue};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use serde_json::Value;
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Says whether an answer came from the cache (`hit`) or was computed (`miss`).
const X_CACHE: header::HeaderName = header::HeaderName::from_static("x-cache");

/// The cookie that carries the token for the page's own requests.
const TOKEN_COOKIE: &str = "regionkg_token";

/// The largest request body read (a query or a form), in bytes.
pub const MAX_BODY: usize = 1 << 20;

/// How a server runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub store: PathBuf,
    pub bind: SocketAddr,
    /// Each query is stopped after this long (503).
    pub timeout: Duration,
    /// Results with more rows are refused (422), not cut.
    pub max_rows: usize,
    /// Queries evaluated at once; more get 503 with Retry-After.
    pub max_queries: usize,
    /// Allow pages of any origin to call the endpoint (CORS).
    pub cors: bool,
    /// A bearer token every request must carry.
    pub token: Option<String>,
    /// Allow a non-loopback address without a token.
    pub public: bool,
    /// A folder of `.rq` questions instead of the built-in library.
    pub queries: Option<PathBuf>,
    /// Bytes of answers kept for questions asked again (0: none).
    pub cache_bytes: usize,
    /// A GeoJSON outline the map draws under the places (none ships).
    pub outline: Option<PathBuf>,
}

impl Options {
    /// Options with the defaults of `regionkg serve`.
    pub fn new(store: PathBuf) -> Options {
        Options {
            store,
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            timeout: Duration::from_secs(30),
            max_rows: 10_000,
            max_queries: 4,
            cors: false,
            token: None,
            public: false,
            queries: None,
            cache_bytes: 64 << 20,
            outline: None,
        }
    }
}

/// The endpoint: the store, the library and the limits; answers one request at a time per
/// connection thread.
pub struct Endpoint {
    live: LiveStore,
    library: Library,
    options: Options,
    running: AtomicUsize,
    cache: cache::Cache,
    /// The GeoJSON outline given with `--outline`, checked at start.
    outline: Option<Arc<Vec<u8>>>,
    /// The page's read model of the store of a generation, loaded on first use.
    atlas: std::sync::Mutex<Option<(u64, Arc<atlas::Atlas>)>>,
}

/// A finished response: status, content type and body.
struct Reply {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl Reply {
    /// A 200; text types are said to be UTF-8 (so browsers show Chinese right).
    fn ok(media: &str, body: Vec<u8>) -> Reply {
        let content_type = if media.starts_with("text/") && !media.contains("charset") {
            format!("{media}; charset=utf-8")
        } else {
            media.to_string()
        };
        Reply {
            status: StatusCode::OK,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    /// An error: the status and a message for people, as plain text.
    fn error(status: StatusCode, message: impl Into<String>) -> Reply {
        let mut body = message.into().into_bytes();
        body.push(b'\n');
        Reply {
            status,
            content_type: "text/plain; charset=utf-8".to_string(),
            body,
            headers: Vec::new(),
        }
    }

    fn with_header(mut self, name: header::HeaderName, value: &'static str) -> Reply {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }
}

impl Endpoint {
    /// Opens the store and the library, and checks the options: a non-loopback address needs a
    /// token or `public`.
    pub fn new(options: Options) -> Result<Endpoint> {
        if !options.bind.ip().is_loopback() && options.token.is_none() && !options.public {
            return Err(Error::Invalid(format!(
                "--bind {}: other machines could query this store; give --token TOKEN (or --token-file) so that only those who have it can, or --public to allow anyone",
                options.bind
            )));
        }
        if options
            .token
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(Error::Invalid("--token: the token is empty".into()));
        }
        // It travels in a header and a cookie: printable ASCII only, none of a cookie's
        // separators (a token that breaks a header would fail every response).
        if options.token.as_deref().is_some_and(|t| {
            !t.chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, ';' | ',' | '"' | '\\'))
        }) {
            return Err(Error::Invalid(
                "--token: use printable ASCII letters, digits and signs, without spaces, quotes, commas, semicolons or backslashes".into(),
            ));
        }
        if options.max_queries == 0 || options.max_rows == 0 || options.timeout.is_zero() {
            return Err(Error::Invalid(
                "--max-queries, --max-rows and --timeout must be above zero".into(),
            ));
        }
        let library = match &options.queries {
            Some(dir) => Library::from_folder(dir)?,
            None => Library::built_in(),
        };
        let outline = options.outline.as_deref().map(read_outline).transpose()?;
        Ok(Endpoint {
            outline,
            live: LiveStore::open(&options.store)?,
            library,
            cache: cache::Cache::new(options.cache_bytes),
            options,
            running: AtomicUsize::new(0),
            atlas: std::sync::Mutex::new(None),
        })
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Answers one request.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let reply = self.route(request);
        let mut response = Response::builder()
            .status(reply.status)
            .header(header::CONTENT_TYPE, reply.content_type);
        // The page opened with its token: the browser keeps it for the page's own requests.
        if let Some(token) = &self.options.token {
            let from_query = url_params(request.uri().query()).into_iter().any(|(k, v)| {
                k == "access_token" && constant_time_eq(v.as_bytes(), token.as_bytes())
            });
            if reply.status == StatusCode::OK && request.uri().path() == "/" && from_query {
                response = response.header(
                    header::SET_COOKIE,
                    format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"),
                );
            }
        }
        for (name, value) in reply.headers {
            response = response.header(name, value);
        }
        if self.options.cors {
            response = response.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        response
            .body(Body::from(reply.body))
            .expect("the response's parts are valid")
    }

    fn route(&self, request: &mut Request<Body>) -> Reply {
        let method = request.method().clone();
        if self.options.cors && method == Method::OPTIONS {
            let mut reply = Reply::error(StatusCode::NO_CONTENT, "");
            reply.body.clear();
            return reply
                .with_header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                .with_header(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "Accept, Authorization, Content-Type",
                )
                .with_header(header::ACCESS_CONTROL_MAX_AGE, "600");
        }
        if let Err(reply) = self.authorise(request) {
            return reply;
        }
        let path = request.uri().path().to_string();
        match path.as_str() {
            "/sparql" => match method {
                Method::GET | Method::POST => self.sparql(request),
                _ => not_allowed("GET, POST"),
            },
            "/api/queries" => match method {
                Method::GET => Reply::ok(
                    "application/json; charset=utf-8",
                    serde_json::to_vec_pretty(&self.library.to_json())
                        .expect("JSON values serialise"),
                ),
                _ => not_allowed("GET"),
            },
            "/api/outline" => match (&method, &self.outline) {
                (&Method::GET, Some(outline)) => {
                    Reply::ok("application/geo+json", outline.as_ref().clone())
                }
                // No outline given: JSON null (the map draws none).
                (&Method::GET, None) => Reply::ok("application/json", b"null".to_vec()),
                _ => not_allowed("GET"),
            },
            "/api/search" | "/api/entity" | "/api/ego" | "/api/evidence" | "/api/common"
            | "/api/network" => {
                match method {
                    Method::GET => self.page_api(&path, request),
                    _ => not_allowed("GET"),
                }
            }
            _ => match path.strip_prefix("/api/queries/") {
                Some(name) if method == Method::GET => self.library_question(request, name),
                Some(_) => not_allowed("GET"),
                None => match (assets::asset(&path), method) {
                    (Some((content_type, bytes)), Method::GET) => {
                        Reply::ok(content_type, bytes.to_vec())
                            .with_header(
                                header::CONTENT_SECURITY_POLICY,
                                assets::CONTENT_SECURITY_POLICY,
                            )
                            .with_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                    }
                    (Some(_), _) => not_allowed("GET"),
                    (None, _) => Reply::error(
                    StatusCode::NOT_FOUND,
                    format!("{path}: no such page (the endpoint is /sparql, the questions /api/queries)"),
                ),
                },
            },
        }
    }

    /// Checks the bearer token (the `Authorization` header, or an `access_token` parameter as
    /// RFC 6750 allows for pages that cannot set headers).
    fn authorise(&self, request: &Request<Body>) -> std::result::Result<(), Reply> {
        let Some(token) = &self.options.token else {
            return Ok(());
        };
        let from_header = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let from_query = url_params(request.uri().query())
            .into_iter()
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v);
        // The page's own files are loaded by the browser, which cannot add a header to them:
        // opening `/?access_token=TOKEN` sets a cookie that carries the token from then on.
        let from_cookie = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| {
                c.trim()
                    .strip_prefix(&format!("{TOKEN_COOKIE}="))
                    .map(str::to_string)
            });
        let given = from_header
            .map(str::to_string)
            .or(from_query)
            .or(from_cookie);
        if given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
            return Ok(());
        }
        Err(Reply::error(
            StatusCode::UNAUTHORIZED,
            "this endpoint needs a token: send the header 'Authorization: Bearer TOKEN' (a browser: open /?access_token=TOKEN)",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"regionkg\""))
    }

    /// A SPARQL protocol request.
    fn sparql(&self, request: &mut Request<Body>) -> Reply {
        let mut params = url_params(request.uri().query());
        if request.method() == Method::POST {
            let content_type = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|v| {
                    v.split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase()
                });
            let body = match read_body(request) {
                Ok(body) => body,
                Err(reply) => return reply,
            };
            match content_type.as_deref() {
                Some("application/sparql-query") => match String::from_utf8(body) {
                    Ok(query) => params.push(("query".into(), query)),
                    Err(_) => {
                        return Reply::error(StatusCode::BAD_REQUEST, "the query is not UTF-8")
                    }
                },
                Some("application/x-www-form-urlencoded") => {
                    params.extend(form_urlencoded::parse(&body).into_owned())
                }
                Some("application/sparql-update") => return read_only(),
                Some(other) => {
                    return Reply::error(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!("Content-Type {other} is not a SPARQL query: send application/sparql-query or application/x-www-form-urlencoded"),
                    )
                }
                None => {
                    return Reply::error(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "a POST needs a Content-Type: application/sparql-query or application/x-www-form-urlencoded",
                    )
                }
            }
        }
        if params
            .iter()
            .any(|(k, _)| k == "update" || k == "using-graph-uri")
        {
            return read_only();
        }
        let queries: Vec<&String> = params
            .iter()
            .filter(|(k, _)| k == "query")
            .map(|(_, v)| v)
            .collect();
        let query = match queries.as_slice() {
            [query] => query.to_string(),
            [] => {
                return Reply::error(
                    StatusCode::BAD_REQUEST,
                    "no query: give one as ?query=... or in the body of a POST",
                )
            }
            _ => return Reply::error(StatusCode::BAD_REQUEST, "more than one query given"),
        };
        let mut dataset = Dataset::default();
        for (key, value) in &params {
            let list = match key.as_str() {
                "default-graph-uri" => &mut dataset.default,
                "named-graph-uri" => &mut dataset.named,
                _ => continue,
            };
            match NamedNode::new(value) {
                Ok(n) => list.push(n),
                Err(e) => {
                    return Reply::error(
                        StatusCode::BAD_REQUEST,
                        format!("{key}: {value:?} is not an IRI ({e})"),
                    )
                }
            }
        }
        self.answer(&query, "query", &[], &dataset, accept(request))
    }

    /// `GET /api/queries/NAME?param=value`.
    fn library_question(&self, request: &Request<Body>, name: &str) -> Reply {
        let Some(question) = self.library.get(name) else {
            return Reply::error(
                StatusCode::NOT_FOUND,
                format!("no question named {name:?}: GET /api/queries lists them"),
            );
        };
        let params: Vec<(String, String)> = url_params(request.uri().query())
            .into_iter()
            .filter(|(k, _)| k != "access_token")
            .map(|(k, v)| (k.trim_start_matches(['?', '$']).to_string(), v))
            .collect();
        let origin = format!("{name}.rq");
        self.answer(
            &question.sparql,
            &origin,
            &params,
            &Dataset::default(),
            accept(request),
        )
    }

    /// The read model of the store served now, loaded when first asked for and again after a
    /// build swapped a new store in.
    fn atlas(&self) -> Result<(Arc<crate::store::Store>, u64, Arc<atlas::Atlas>)> {
        let (store, generation) = self.live.get();
        let mut slot = self.atlas.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, atlas)) = slot.as_ref() {
            if *g == generation {
                return Ok((store, generation, Arc::clone(atlas)));
            }
        }
        let atlas = Arc::new(atlas::Atlas::load(&store)?);
        *slot = Some((generation, Arc::clone(&atlas)));
        Ok((store, generation, atlas))
    }

    /// The page's questions about entities: search, an entity's card, its ego network, the
    /// evidence of a pair, the city network. JSON.
    fn page_api(&self, path: &str, request: &Request<Body>) -> Reply {
        let params = url_params(request.uri().query());
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let number =
            |name: &str, default: usize, max: usize| -> std::result::Result<usize, Reply> {
                match param(name) {
                    None => Ok(default),
                    Some(v) => v
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=max).contains(n))
                        .ok_or_else(|| {
                            Reply::error(
                                StatusCode::BAD_REQUEST,
                                format!("{name}={v:?}: give a whole number from 1 to {max}"),
                            )
                        }),
                }
            };
        let required = |name: &str| -> std::result::Result<&str, Reply> {
            param(name)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Reply::error(StatusCode::BAD_REQUEST, format!("give {name}=...")))
        };
        let answer = || -> std::result::Result<Value, Reply> {
            let failed = |e: Error| {
                Reply::error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot read the store: {e}"),
                )
            };
            let (store, generation, atlas) = self.atlas().map_err(failed)?;
            let entity = |name: &str| -> std::result::Result<usize, Reply> {
                let id = required(name)?;
                atlas.find(id).ok_or_else(|| {
                    Reply::error(
                        StatusCode::NOT_FOUND,
                        format!("no entity with id {id:?} in this store (search gives ids)"),
                    )
                })
            };
            match path {
                "/api/search" => Ok(atlas.search(required("q")?, number("limit", 20, 200)?)),
                "/api/entity" => Ok(atlas.card(entity("id")?, number("top", 15, 100)?)),
                "/api/ego" => Ok(atlas.ego(entity("id")?, number("top", 20, 200)?)),
                "/api/common" => {
                    Ok(atlas.common(entity("a")?, entity("b")?, number("top", 30, 200)?))
                }
                "/api/evidence" => {
                    entity("a")?;
                    entity("b")?;
                    let (a, b) = (required("a")?, required("b")?);
                    let limit = number("limit", 10, 100)?;
                    // It reads mentions in the store: a query like any other, with a slot, the
                    // timeout and the cache.
                    self.computed(generation, format!("evidence {a} {b} {limit}"), || {
                        let deadline = Deadline::arm(self.options.timeout);
                        evidence::evidence(&store, a, b, limit, deadline.token()).map_err(|e| {
                            match e {
                                Error::Cancelled { .. } => self.timed_out(),
                                e => failed(e),
                            }
                        })
                    })
                }
                _ => {
                    let level = match param("level").unwrap_or("prefecture") {
                        "province" => crate::network::Level::Province,
                        "prefecture" => crate::network::Level::Prefecture,
                        "county" => crate::network::Level::County,
                        other => {
                            return Err(Reply::error(
                                StatusCode::BAD_REQUEST,
                                format!("level={other:?}: give province, prefecture or county"),
                            ))
                        }
                    };
                    let (nodes, edges) = (number("nodes", 60, 1000)?, number("edges", 200, 5000)?);
                    self.computed(
                        generation,
                        format!("network {level:?} {nodes} {edges}"),
                        || network(&store, level, nodes, edges).map_err(failed),
                    )
                }
            }
        };
        match answer() {
            Ok(value) => Reply::ok(
                "application/json",
                serde_json::to_vec(&value).expect("JSON values serialise"),
            ),
            Err(reply) => reply,
        }
    }

    /// A JSON answer of the page's API that reads the store: kept in the cache under `what`
    /// for this store generation, computed once however many ask at once, in a query slot.
    fn computed(
        &self,
        generation: u64,
        what: String,
        compute: impl FnOnce() -> std::result::Result<Value, Reply>,
    ) -> std::result::Result<Value, Reply> {
        let key = cache::Key {
            generation,
            sparql: what,
            params: Vec::new(),
            dataset: String::new(),
            media: "application/json",
        };
        let _turn = match self.cache.get_or_lead(&key, self.options.timeout) {
            cache::Lookup::Hit(kept) => {
                return serde_json::from_slice(&kept)
                    .map_err(|e| Reply::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
            }
            cache::Lookup::Lead(turn) => turn,
        };
        let Some(_slot) = Slot::take(&self.running, self.options.max_queries) else {
            return Err(self.busy());
        };
        let value = compute()?;
        let bytes = serde_json::to_vec(&value).expect("JSON values serialise");
        self.cache.put(key, Arc::new(bytes));
        Ok(value)
    }

    /// 503 with Retry-After: every query slot is taken.
    fn busy(&self) -> Reply {
        Reply::error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the server is answering {} queries already: try again in a moment",
                self.options.max_queries
            ),
        )
        .with_header(header::RETRY_AFTER, "1")
    }

    /// 503: the query ran past the timeout.
    fn timed_out(&self) -> Reply {
        Reply::error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than this server's limit of {} s and was stopped: narrow it, or ask with LIMIT",
                self.options.timeout.as_secs_f64()
            ),
        )
    }

    /// Parses, evaluates and serialises a query, all before a status is chosen.
    fn answer(
        &self,
        sparql: &str,
        origin: &str,
        params: &[(String, String)],
        dataset: &Dataset,
        accept: Option<String>,
    ) -> Reply {
        let query = match parse(sparql) {
            Ok(query) => query,
            Err(reply) => return reply,
        };
        let offers = match query {
            spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => SOLUTIONS,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => GRAPHS,
        };
        let Some((media, format)) = negotiate(accept.as_deref(), offers) else {
            let offered: Vec<&str> = offers.iter().map(|(m, _)| *m).collect();
            return Reply::error(
                StatusCode::NOT_ACCEPTABLE,
                format!(
                    "none of the formats in Accept can hold this result; offered: {}",
                    offered.join(", ")
                ),
            );
        };
        let (mut store, generation) = self.live.get();
        let key = cache::Key {
            generation,
            sparql: sparql.to_string(),
            params: params.to_vec(),
            dataset: format!("{dataset:?}"),
            media,
        };
        // Asked by others at this moment: wait for their answer rather than compute it again.
        let _turn = match self.cache.get_or_lead(&key, self.options.timeout) {
            cache::Lookup::Hit(answer) => {
                return Reply::ok(media, answer.to_vec()).with_header(X_CACHE, "hit")
            }
            cache::Lookup::Lead(turn) => turn,
        };
        let Some(_slot) = Slot::take(&self.running, self.options.max_queries) else {
            return self.busy();
        };
        let mut retried = false;
        loop {
            match self.evaluate(&store, sparql, origin, params, dataset, format) {
                Ok(reply) => {
                    return match reply {
                        Some(body) => {
                            // Kept under the generation it was asked of: an answer computed on
                            // the old store after a swap is never served for the new one.
                            let body = Arc::new(body);
                            self.cache.put(key, Arc::clone(&body));
                            Reply::ok(media, body.to_vec()).with_header(X_CACHE, "miss")
                        }
                        None => Reply::error(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            format!(
                                "the result has more than {} rows, this server's limit: add LIMIT (and ORDER BY) to the query, or narrow it",
                                self.options.max_rows
                            ),
                        ),
                    };
                }
                Err(Error::Cancelled { .. }) => return self.timed_out(),
                Err(e @ Error::Refused { .. }) => {
                    return Reply::error(StatusCode::BAD_REQUEST, e.to_string())
                }
                Err(Error::Query { message, .. }) if message.starts_with("syntax error") => {
                    return Reply::error(StatusCode::BAD_REQUEST, message)
                }
                // The store was swapped while the query read it: ask the new one.
                Err(_) if !retried && self.live.replaced(&store) => {
                    retried = true;
                    store = self.live.get().0;
                }
                Err(e) => {
                    return Reply::error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("the query failed: {e}"),
                    )
                }
            }
        }
    }

    /// Runs a query on a store with the server's timeout, and serialises its results unless
    /// they have more rows than the limit (None).
    fn evaluate(
        &self,
        store: &crate::store::Store,
        sparql: &str,
        origin: &str,
        params: &[(String, String)],
        dataset: &Dataset,
        format: ResultFormat,
    ) -> Result<Option<Vec<u8>>> {
        let deadline = Deadline::arm(self.options.timeout);
        let results = store.query_with(sparql, origin, params, dataset, Some(deadline.token()))?;
        let mut body = Vec::new();
        let written = write_results_up_to(results, format, &mut body, self.options.max_rows)?;
        Ok(match written {
            Written::Rows(_) => Some(body),
            Written::OverLimit => None,
        })
    }
}

/// Reads a GeoJSON outline: a FeatureCollection, Feature, Polygon or MultiPolygon.
fn read_outline(path: &std::path::Path) -> Result<Arc<Vec<u8>>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::Invalid(format!("--outline {}: not JSON ({e})", path.display())))?;
    match value.get("type").and_then(Value::as_str) {
        Some("FeatureCollection" | "Feature" | "Polygon" | "MultiPolygon") => Ok(Arc::new(bytes)),
        other => Err(Error::Invalid(format!(
            "--outline {}: a GeoJSON FeatureCollection, Feature, Polygon or MultiPolygon is needed, not {}",
            path.display(),
            other.map_or("a JSON value without a type".to_string(), |t| format!("type {t:?}"))
        ))),
    }
}

/// The city network at a level: the `nodes` most central places (rank, PageRank, coordinates
/// ...) and the `edges` strongest links among them, as `regionkg network nodes` and `edges`
/// report them (weight: shared documents).
fn network(
    store: &crate::store::Store,
    level: crate::network::Level,
    nodes: usize,
    edges: usize,
) -> Result<Value> {
    use crate::network::report::{self, Format, Links, Measures};
    use crate::network::{Corpus, View, ViewOptions, Weight};
    let corpus = Corpus::from_store(store)?;
    let options = ViewOptions {
        level,
        ..ViewOptions::default()
    };
    let view = View::build(&corpus, &options);
    if view.nodes.is_empty() {
        return Ok(serde_json::json!({"nodes": [], "edges": []}));
    }
    let m = Measures::of(&view, Weight::Documents);
    let json = |table: &report::Table| -> Result<Value> {
        let mut out = Vec::new();
        table.write(Format::Json, &mut out)?;
        serde_json::from_slice(&out).map_err(|e| Error::Invalid(e.to_string()))
    };
    let nodes = json(&report::nodes(&corpus, &view, &m, nodes))?;
    let names: std::collections::HashSet<&str> = nodes
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["name"].as_str())
        .collect();
    // The strongest links among the places shown.
    let all = json(&report::edges(
        &corpus,
        &view,
        Weight::Documents,
        Links::All,
        0.05,
        None,
        usize::MAX,
    ))?;
    let edges: Vec<Value> = all
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            names.contains(e["source"].as_str().unwrap_or(""))
                && names.contains(e["target"].as_str().unwrap_or(""))
        })
        .take(edges)
        .cloned()
        .collect();
    Ok(serde_json::json!({"nodes": nodes, "edges": edges}))
}

/// Parses a query with the usual prefixes; an update is 403, a syntax error 400 with the
/// parser's message and position.
fn parse(sparql: &str) -> std::result::Result<spargebra::Query, Reply> {
    let parser = || {
        rdf::PREFIXES
            .iter()
            .fold(spargebra::SparqlParser::new(), |p, (prefix, ns)| {
                p.with_prefix(*prefix, *ns)
                    .expect("built-in prefixes are valid IRIs")
            })
    };
    parser().parse_query(sparql).map_err(|e| {
        if parser().parse_update(sparql).is_ok() {
            read_only()
        } else {
            Reply::error(StatusCode::BAD_REQUEST, format!("syntax error: {e}"))
        }
    })
}

fn read_only() -> Reply {
    Reply::error(
        StatusCode::FORBIDDEN,
        "this endpoint is read-only: updates are refused (rebuild the store with `regionkg build` to change it)",
    )
}

fn not_allowed(allow: &'static str) -> Reply {
    Reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method not allowed here; allowed: {allow}"),
    )
    .with_header(header::ALLOW, allow)
}

fn accept(request: &Request<Body>) -> Option<String> {
    let values: Vec<&str> = request
        .headers()
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// The decoded `key=value` pairs of a URL's query string.
fn url_params(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// The request body, up to [`MAX_BODY`] bytes (413 beyond).
fn read_body(request: &mut Request<Body>) -> std::result::Result<Vec<u8>, Reply> {
    let mut body = Vec::new();
    let read = request
        .body_mut()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body);
    match read {
        Ok(_) if body.len() > MAX_BODY => Err(Reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over {MAX_BODY} bytes"),
        )),
        Ok(_) => Ok(body),
        Err(e) => Err(Reply::error(
            StatusCode::BAD_REQUEST,
            format!("cannot read the request body: {e}"),
        )),
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One of the server's query slots, given back when dropped.
struct Slot<'a>(&'a AtomicUsize);

impl<'a> Slot<'a> {
    fn take(running: &'a AtomicUsize, max: usize) -> Option<Slot<'a>> {
        running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(running))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A cancellation token cancelled after a timeout by a watchdog thread that ends as soon as the
/// deadline is dropped (a query that finishes early leaves no thread sleeping behind it).
struct Deadline {
    token: CancellationToken,
    _done: std::sync::mpsc::Sender<()>,
}

impl Deadline {
    fn arm(timeout: Duration) -> Deadline {
        let token = CancellationToken::new();
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let watched = token.clone();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(timeout)
            {
                watched.cancel();
            }
        });
        Deadline { token, _done: done }
    }

    fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

/// Runs the server until the process ends: prints where it listens and what it allows.
pub fn serve(options: Options) -> Result<()> {
    let endpoint = Arc::new(Endpoint::new(options)?);
    let o = endpoint.options();
    let base = format!("http://{}", o.bind);
    eprintln!(
        "regionkg serve: SPARQL endpoint {base}/sparql over the store {} (read-only)",
        o.store.display()
    );
    eprintln!(
        "  {} questions at {base}/api/queries; a page at {base}/",
        endpoint.library().len()
    );
    eprintln!(
        "  limits: {} s per query, {} rows per result, {} queries at a time",
        o.timeout.as_secs_f64(),
        o.max_rows,
        o.max_queries
    );
    let access = match (o.bind.ip().is_loopback(), &o.token) {
        (true, None) => "only this machine can connect (loopback); no token asked".to_string(),
        (true, Some(_)) => "only this machine can connect (loopback); a bearer token is asked".to_string(),
        (false, Some(_)) => format!("other machines can connect to {}: a bearer token is asked on every request", o.bind),
        (false, None) => format!("other machines can connect to {} and no token is asked (--public): anyone who reaches it can query the store", o.bind),
    };
    eprintln!(
        "  {access}{}",
        if o.cors {
            "; CORS allowed for any origin"
        } else {
            ""
        }
    );
    let handler = Arc::clone(&endpoint);
    let server = oxhttp::Server::new(move |request| handler.handle(request))
        .bind(o.bind)
        .with_global_timeout(o.timeout + Duration::from_secs(30))
        .with_max_concurrent_connections(o.max_queries.saturating_mul(16).max(64))
        .with_server_name(concat!("regionkg/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| Error::Invalid(format!("server name: {e}")))?;
    let listening = server.spawn().map_err(|e| {
        Error::Invalid(format!("cannot listen on {}: {e}", endpoint.options().bind))
    })?;
    listening
        .join()
        .map_err(|e| Error::Invalid(format!("the server stopped: {e}")))
}
