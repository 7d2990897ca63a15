//! The HTTP side: an axum app on 127.0.0.1:0 that records each request and answers it from the
//! script.

use std::collections::VecDeque;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::record::RecordedRequest;
use crate::reply::{Reply, StreamScript};
use crate::wire::{self, SseItem};

type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

/// What the server answers, in order: queued replies first (one per chat request), then the
/// responder for every later request, then a 500 "script exhausted".
#[derive(Clone, Default)]
pub struct Script {
    queue: VecDeque<Reply>,
    responder: Option<Responder>,
    models: Vec<String>,
}

impl Script {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queue one more reply.
    pub fn then(mut self, reply: Reply) -> Self {
        self.queue.push_back(reply);
        self
    }

    pub fn replies(mut self, replies: impl IntoIterator<Item = Reply>) -> Self {
        self.queue.extend(replies);
        self
    }

    /// Answer from the request body once the queue is empty.
    pub fn responder(
        mut self,
        responder: impl Fn(&Value) -> Reply + Send + Sync + 'static,
    ) -> Self {
        self.responder = Some(Arc::new(responder));
        self
    }

    /// Model ids listed by `GET /v1/models` (default: `test-model`).
    pub fn models<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.models = ids.into_iter().map(Into::into).collect();
        self
    }

    fn next_reply(&mut self, body: &Value) -> Option<Reply> {
        self.queue
            .pop_front()
            .or_else(|| self.responder.as_ref().map(|respond| respond(body)))
    }
}

impl fmt::Debug for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Script")
            .field("queue", &self.queue)
            .field("responder", &self.responder.is_some())
            .field("models", &self.models)
            .finish()
    }
}

/// State shared by the handle and the request handlers. The std mutexes are never held across
/// an `.await`.
struct Shared {
    script: Mutex<Script>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// Flips to true on shutdown, so hangs and paused streams end at once.
    shutdown: watch::Receiver<bool>,
    /// Streamed answers whose client went away before the end (see [`ScriptedServer::abandoned_streams`]).
    abandoned: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide the recorded requests from the others.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running scripted server. Shuts down when dropped.
pub struct ScriptedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl ScriptedServer {
    /// Binds 127.0.0.1 on a free port and serves `script` on the current tokio runtime.
    pub async fn start(script: Script) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            script: Mutex::new(script),
            requests: Mutex::new(Vec::new()),
            shutdown: shutdown_rx.clone(),
            abandoned: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let mut stop = shutdown_rx;
        let task = tokio::spawn(async move {
            let signal = async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .await
            {
                eprintln!("cx-test-llm: server stopped with an error: {error}");
            }
        });
        Ok(Self {
            addr,
            shared,
            shutdown,
            task: Some(task),
        })
    }

    pub async fn with_replies(replies: impl IntoIterator<Item = Reply>) -> std::io::Result<Self> {
        Self::start(Script::new().replies(replies)).await
    }

    pub async fn with_responder(
        responder: impl Fn(&Value) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::start(Script::new().responder(responder)).await
    }

    /// The OpenAI-style base URL, e.g. `http://127.0.0.1:41234/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queue another reply while running.
    pub fn push_reply(&self, reply: Reply) {
        lock(&self.shared.script).queue.push_back(reply);
    }

    /// Queued replies not yet consumed.
    pub fn remaining_replies(&self) -> usize {
        lock(&self.shared.script).queue.len()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.shared.requests).last().cloned()
    }

    /// How many streamed answers lost their client before their end: the connection closed, as
    /// when a client gives up on a stream (a real server would stop generating then).
    pub fn abandoned_streams(&self) -> usize {
        self.shared.abandoned.load(Ordering::SeqCst)
    }

    /// Only the `POST .../chat/completions` requests.
    pub fn chat_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests)
            .iter()
            .filter(|r| is_chat(&r.method, &r.path))
            .cloned()
            .collect()
    }

    /// Stops accepting, ends hangs and paused streams, and waits (briefly) for the server task.
    pub async fn shutdown(mut self) {
        self.shutdown.send_replace(true);
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        // Graceful shutdown finishes in the background; nothing to await in a destructor.
        self.shutdown.send_replace(true);
    }
}

impl fmt::Debug for ScriptedServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScriptedServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

fn is_chat(method: &str, path: &str) -> bool {
    method == "POST" && path.trim_end_matches('/').ends_with("/chat/completions")
}

/// The single handler: record, then route by hand so even unknown paths are recorded.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_body = String::from_utf8_lossy(&body).into_owned();
    let parsed = serde_json::from_str(&raw_body).unwrap_or(Value::Null);
    let index = {
        let mut requests = lock(&shared.requests);
        let index = requests.len();
        requests.push(RecordedRequest {
            index,
            method: method.to_string(),
            path: uri.path().to_string(),
            headers: headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_string(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: parsed.clone(),
            raw_body,
            received_at: Instant::now(),
        });
        index
    };

    let path = uri.path().trim_end_matches('/');
    if is_chat(method.as_str(), path) {
        return chat(&shared, index, parsed).await;
    }
    if method == Method::GET && path.ends_with("/models") {
        let script_models = lock(&shared.script).models.clone();
        let ids = if script_models.is_empty() {
            vec!["test-model".to_string()]
        } else {
            script_models
        };
        return json_response(StatusCode::OK, &wire::models(&ids));
    }
    error_response(
        StatusCode::NOT_FOUND,
        &format!("cx-test-llm: no route for {method} {path}"),
        "not_found",
        None,
    )
}

async fn chat(shared: &Arc<Shared>, index: usize, body: Value) -> Response {
    if !body.is_object() {
        return error_response(
            StatusCode::BAD_REQUEST,
            "cx-test-llm: body is not a JSON object",
            "invalid_request_error",
            None,
        );
    }
    let Some(reply) = lock(&shared.script).next_reply(&body) else {
        let message =
            format!("cx-test-llm: script exhausted (request #{index} had no scripted reply)");
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &message,
            "script_exhausted",
            None,
        );
    };
    let id = format!("chatcmpl-test-{index}");
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("test-model")
        .to_string();
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);

    match reply {
        Reply::Message {
            content,
            tool_calls,
        } if stream => {
            let script = StreamScript::from_message(content.as_deref(), &tool_calls);
            sse_response(wire::stream_items(&id, &model, &script), shared)
        }
        Reply::Message {
            content,
            tool_calls,
        } => {
            let finish = if tool_calls.is_empty() {
                "stop"
            } else {
                "tool_calls"
            };
            json_response(
                StatusCode::OK,
                &wire::completion(&id, &model, content.as_deref(), &tool_calls, finish),
            )
        }
        Reply::Stream(script) if stream => {
            sse_response(wire::stream_items(&id, &model, &script), shared)
        }
        Reply::Stream(script) => {
            let (content, calls) = script.assembled();
            let finish = script.effective_finish_reason();
            json_response(
                StatusCode::OK,
                &wire::completion(&id, &model, content.as_deref(), &calls, &finish),
            )
        }
        Reply::Error {
            status,
            message,
            error_type,
            retry_after,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            error_response(status, &message, &error_type, retry_after.as_deref())
        }
        Reply::Raw { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Reply::RawStream(payloads) => {
            let items = payloads
                .iter()
                .map(String::as_str)
                .chain(["[DONE]"])
                .map(|data| SseItem::Frame(wire::sse_frame(data)))
                .collect();
            sse_response(items, shared)
        }
        Reply::Hang(duration) => {
            let mut stop = shared.shutdown.clone();
            tokio::select! {
                _ = tokio::time::sleep(duration) => {}
                _ = stop.wait_for(|stopped| *stopped) => {}
            }
            error_response(
                StatusCode::GATEWAY_TIMEOUT,
                "cx-test-llm: scripted hang is over",
                "timeout",
                None,
            )
        }
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn error_response(
    status: StatusCode,
    message: &str,
    error_type: &str,
    retry_after: Option<&str>,
) -> Response {
    let mut response = json_response(status, &wire::error_body(message, error_type));
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Counts a streamed answer as abandoned if its body is dropped before the end.
struct EndWatch {
    shared: Arc<Shared>,
    ended: bool,
}

impl EndWatch {
    fn end(&mut self) {
        self.ended = true;
    }
}

impl Drop for EndWatch {
    fn drop(&mut self) {
        if !self.ended {
            self.shared.abandoned.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// An SSE body written frame by frame, so the client really receives separate chunks.
fn sse_response(items: Vec<SseItem>, shared: &Arc<Shared>) -> Response {
    let watch = EndWatch {
        shared: shared.clone(),
        ended: false,
    };
    let state = (Some(items.into_iter()), shared.shutdown.clone(), watch);
    let frames =
        futures::stream::unfold(state, |(mut items, mut shutdown, mut watch)| async move {
            loop {
                let Some(item) = items.as_mut().and_then(Iterator::next) else {
                    watch.end();
                    return None;
                };
                match item {
                    SseItem::Frame(frame) => {
                        // The last frame handed over is the end, whenever hyper asks for more.
                        if items.as_ref().is_none_or(|rest| rest.len() == 0) {
                            watch.end();
                        }
                        return Some((Ok(Bytes::from(frame)), (items, shutdown, watch)));
                    }
                    SseItem::Pause(duration) => {
                        tokio::select! {
                            _ = tokio::time::sleep(duration) => {}
                            _ = shutdown.wait_for(|stopped| *stopped) => {
                                watch.end();
                                return None;
                            }
                        }
                    }
                    // An error from the body stream makes hyper abort the response mid-way. Wait a
                    // moment first: hyper drops frames still in its buffer when the body fails.
                    SseItem::Disconnect => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        watch.end();
                        return Some((
                            Err(std::io::Error::other("cx-test-llm: scripted disconnect")),
                            (None, shutdown, watch),
                        ));
                    }
                }
            }
        });
    let headers = [
        (header::CONTENT_TYPE, "text/event-stream"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    (StatusCode::OK, headers, Body::from_stream(frames)).into_response()
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;
    use crate::ToolCallSpec;

    struct RawResponse {
        status: u16,
        head: String,
        body: String,
    }

    /// A deliberately tiny HTTP/1.1 client, so these tests need no client crate.
    async fn send(server: &ScriptedServer, method: &str, path: &str, body: &str) -> RawResponse {
        let mut stream = tokio::net::TcpStream::connect(server.addr())
            .await
            .expect("connect");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-unit\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut raw = String::new();
        stream.read_to_string(&mut raw).await.expect("read");
        let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_string()
        };
        RawResponse {
            status,
            head: head.to_string(),
            body,
        }
    }

    fn dechunk(mut rest: &str) -> String {
        let mut out = String::new();
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            if size == 0 {
                break;
            }
            out.push_str(&tail[..size]);
            rest = &tail[size + 2..];
        }
        out
    }

    const CHAT: &str = "/v1/chat/completions";

    #[tokio::test]
    async fn queue_then_exhausted_and_recording() {
        let server = ScriptedServer::with_replies([Reply::text("Hello!")])
            .await
            .expect("start");
        assert!(
            server.base_url().starts_with("http://127.0.0.1:")
                && server.base_url().ends_with("/v1")
        );

        let first = send(
            &server,
            "POST",
            CHAT,
            r#"{"model":"m1","messages":[{"role":"system","content":"S"}]}"#,
        )
        .await;
        assert_eq!(first.status, 200);
        let body: Value = serde_json::from_str(&first.body).expect("json");
        assert_eq!(body["choices"][0]["message"]["content"], "Hello!");
        assert_eq!(body["model"], "m1");

        let second = send(&server, "POST", CHAT, r#"{"model":"m1","messages":[]}"#).await;
        assert_eq!(second.status, 500);
        assert!(second.body.contains("script exhausted"), "{}", second.body);

        let recorded = server.requests();
        assert_eq!(recorded.len(), 2);
        assert_eq!(recorded[0].authorization(), Some("Bearer sk-unit"));
        assert_eq!(recorded[0].system_prompt().as_deref(), Some("S"));
        assert_eq!(
            (
                recorded[1].index,
                recorded[1].method.as_str(),
                recorded[1].path.as_str()
            ),
            (1, "POST", CHAT)
        );
    }

    #[tokio::test]
    async fn rate_limit_carries_retry_after() {
        let server = ScriptedServer::with_replies([Reply::rate_limited(7)])
            .await
            .expect("start");
        let response = send(&server, "POST", CHAT, r#"{"model":"m"}"#).await;
        assert_eq!(response.status, 429);
        assert!(
            response
                .head
                .to_ascii_lowercase()
                .contains("retry-after: 7"),
            "{}",
            response.head
        );
        let body: Value = serde_json::from_str(&response.body).expect("json");
        assert_eq!(body["error"]["type"], "rate_limit_error");
    }

    #[tokio::test]
    async fn message_is_streamed_when_asked_and_responder_sees_the_body() {
        let server = ScriptedServer::with_responder(|body| {
            let n = body["messages"].as_array().map_or(0, Vec::len);
            Reply::tool_calls([ToolCallSpec::new(
                "call_1",
                "count",
                format!("{{\"n\":{n}}}"),
            )])
        })
        .await
        .expect("start");
        let response = send(
            &server,
            "POST",
            CHAT,
            r#"{"model":"m","stream":true,"messages":[{},{}]}"#,
        )
        .await;
        assert_eq!(response.status, 200);
        assert!(response.head.contains("text/event-stream"));
        assert!(
            response.body.ends_with("data: [DONE]\n\n"),
            "{}",
            response.body
        );
        let args: String = response
            .body
            .split("\n\n")
            .filter_map(|frame| frame.strip_prefix("data: "))
            .filter(|data| *data != "[DONE]")
            .filter_map(|data| serde_json::from_str::<Value>(data).ok())
            .filter_map(|chunk| {
                chunk
                    .pointer("/choices/0/delta/tool_calls/0/function/arguments")?
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(args, r#"{"n":2}"#);
    }

    #[tokio::test]
    async fn raw_replies_go_out_verbatim() {
        let body = r#"{"choices":[{"message":{"content":"hi"},"finish_reason":"eos"}]}"#;
        let server = ScriptedServer::with_replies([
            Reply::raw(200, body),
            Reply::raw_stream([serde_json::json!({"choices": [{"delta": {"content": "x"}}]})]),
        ])
        .await
        .expect("start");
        let plain = send(&server, "POST", CHAT, r#"{"model":"m"}"#).await;
        assert_eq!((plain.status, plain.body.as_str()), (200, body));
        let streamed = send(&server, "POST", CHAT, r#"{"model":"m","stream":true}"#).await;
        assert!(streamed.head.contains("text/event-stream"));
        assert_eq!(
            streamed.body,
            "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n"
        );
    }

    #[tokio::test]
    async fn models_unknown_paths_and_shutdown() {
        let server = ScriptedServer::start(
            Script::new()
                .models(["a", "b"])
                .then(Reply::hang(Duration::from_secs(60))),
        )
        .await
        .expect("start");
        let models = send(&server, "GET", "/v1/models", "").await;
        assert_eq!(models.status, 200);
        assert!(models.body.contains("\"b\""));
        assert_eq!(send(&server, "GET", "/nope", "").await.status, 404);
        assert_eq!(server.request_count(), 2);

        // A pending hang must not keep shutdown waiting for its 60 s.
        let addr = server.addr();
        let hung = tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
            let body = r#"{"model":"m"}"#;
            let request = format!(
                "POST {CHAT} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(request.as_bytes()).await.expect("write");
            let mut raw = String::new();
            let _ = stream.read_to_string(&mut raw).await;
            raw
        });
        while server.request_count() < 3 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let started = Instant::now();
        server.shutdown().await;
        assert!(started.elapsed() < Duration::from_secs(5));
        let raw = tokio::time::timeout(Duration::from_secs(5), hung)
            .await
            .expect("hang ended")
            .expect("task");
        assert!(raw.contains(" 504 "), "{raw}");
    }
}
