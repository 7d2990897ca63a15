//! Any OpenAI-compatible chat server (OpenAI, Ollama, vLLM, llama.cpp, ...) through async-openai.
//!
//! Retries are ours, not async-openai's. Its stock client wraps every request in its own retry
//! layer (3 retries on 429/5xx/connect errors, sleeping for any `Retry-After` however long), and
//! the error it finally returns carries the status but not the response headers. So we install our
//! own HTTP transport (async-openai's `middleware` feature, `Client::with_http_service`), which
//! replaces that layer and turns every non-2xx answer into an [`HttpFailure`] holding the status,
//! `Retry-After` and the server's message. [`OpenAiModel::complete`] retries from that, with our
//! limits, capped waits and tracing.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use async_openai::types::chat::{
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCalls,
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage, ChatCompletionRequestToolMessage,
    ChatCompletionRequestUserMessage, ChatCompletionTool, ChatCompletionToolChoiceOption,
    ChatCompletionTools, CreateChatCompletionRequest, FunctionCall, FunctionObject,
    ToolChoiceOptions,
};
use futures::StreamExt;
use serde_json::Value;
use std::sync::atomic::Ordering;
use tokio::sync::mpsc::UnboundedSender;

use crate::escaped::{self, StreamUnescaper};
use crate::inline::{self, Holdback};
use crate::wire;
use crate::{
    ChatMessage, ChatModel, ChatRequest, ChatResponse, ChatRole, LlmError, StreamDelta, ToolCall,
    ToolSpec,
};

/// Checked first for the API key.
pub const API_KEY_ENV: &str = "CX_LLM_API_KEY";
/// Checked when [`API_KEY_ENV`] is unset.
pub const OPENAI_API_KEY_ENV: &str = "OPENAI_API_KEY";
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
pub const OLLAMA_BASE_URL: &str = "http://localhost:11434/v1";

/// Longest wait we accept from a `Retry-After` header; a server asking for more gets this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Ceiling for the exponential backoff.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How to reach the model. Build it with a preset and adjust with the `with_*` methods.
#[derive(Clone, PartialEq)]
pub struct OpenAiConfig {
    /// Up to and including the version, e.g. `https://api.openai.com/v1`.
    pub base_url: String,
    pub model: String,
    /// Sent as `Authorization: Bearer ...`; with None no Authorization header is sent.
    pub api_key: Option<String>,
    /// Per attempt. When streaming: for the response to start, then for each next chunk.
    pub timeout: Duration,
    /// Retries after the first attempt (429, 5xx and transport errors; a timeout at most once,
    /// and not when an unstreamed request to this machine timed out: see `retries_timeout`).
    pub max_retries: u32,
    /// First backoff; doubled on each retry unless the server sent `Retry-After`.
    pub initial_backoff: Duration,
    pub stream: bool,
    pub temperature: Option<f32>,
    /// The longest answer to generate, in tokens: a generation that does not end on its own (a
    /// small local model repeating itself) ends here instead of holding the turn until the
    /// timeout. `None` sends no limit.
    pub max_tokens: Option<u32>,
    /// Which request field carries [`Self::max_tokens`].
    pub token_limit: TokenLimitField,
}

/// The request field for the answer's length limit: api.openai.com takes
/// `max_completion_tokens` (its reasoning models refuse `max_tokens`); other OpenAI-compatible
/// servers (llama.cpp, Ollama, vLLM) read `max_tokens`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenLimitField {
    MaxTokens,
    MaxCompletionTokens,
}

impl OpenAiConfig {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    pub const DEFAULT_MAX_RETRIES: u32 = 3;
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

    /// The answer's length limit unless one is set (`with_max_tokens`).
    pub const DEFAULT_MAX_TOKENS: u32 = 1024;

    /// api.openai.com, with the key from [`api_key_from_env`].
    pub fn openai(model: impl Into<String>) -> Self {
        let mut config = Self::custom(OPENAI_BASE_URL, model).with_env_api_key();
        config.token_limit = TokenLimitField::MaxCompletionTokens;
        config
    }

    /// A local Ollama server; no key.
    pub fn ollama(model: impl Into<String>) -> Self {
        Self::custom(OLLAMA_BASE_URL, model)
    }

    /// Any OpenAI-compatible server; no key unless given (`with_api_key`, `with_env_api_key`),
    /// so an OpenAI key from the environment is never sent to some other host by accident.
    pub fn custom(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            timeout: Self::DEFAULT_TIMEOUT,
            max_retries: Self::DEFAULT_MAX_RETRIES,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            stream: false,
            temperature: None,
            max_tokens: Some(Self::DEFAULT_MAX_TOKENS),
            token_limit: TokenLimitField::MaxTokens,
        }
    }

    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Takes the key from [`api_key_from_env`], if any.
    pub fn with_env_api_key(mut self) -> Self {
        if let Some((var, key)) = api_key_from_env() {
            tracing::debug!(var = %var, "using the model API key from the environment");
            self.api_key = Some(key);
        }
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    pub fn with_stream(mut self, stream: bool) -> Self {
        self.stream = stream;
        self
    }

    pub fn with_temperature(mut self, temperature: f32) -> Self {
        self.temperature = Some(temperature);
        self
    }

    pub fn with_max_tokens(mut self, max_tokens: Option<u32>) -> Self {
        self.max_tokens = max_tokens;
        self
    }
}

impl fmt::Debug for OpenAiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiConfig")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("initial_backoff", &self.initial_backoff)
            .field("stream", &self.stream)
            .field("temperature", &self.temperature)
            .field("max_tokens", &self.max_tokens)
            .field("token_limit", &self.token_limit)
            .finish()
    }
}

/// The API key from `CX_LLM_API_KEY`, else `OPENAI_API_KEY`: `(variable name, key)`.
/// Blank values count as unset.
pub fn api_key_from_env() -> Option<(String, String)> {
    api_key_from(|var| std::env::var(var).ok())
}

fn api_key_from(lookup: impl Fn(&str) -> Option<String>) -> Option<(String, String)> {
    [API_KEY_ENV, OPENAI_API_KEY_ENV]
        .into_iter()
        .find_map(|var| {
            let key = lookup(var)?.trim().to_string();
            (!key.is_empty()).then(|| (var.to_string(), key))
        })
}

/// A chat model behind an OpenAI-compatible HTTP API.
pub struct OpenAiModel {
    config: OpenAiConfig,
    client: Client<OpenAIConfig>,
    /// The server runs on this machine (see [`retries_timeout`]).
    local: bool,
    /// The server answered a streamed request that offered tools with an empty stream
    /// (llama-cpp-python: "Automatic streaming tool choice is not supported"): such requests
    /// go unstreamed from then on.
    no_stream_with_tools: std::sync::atomic::AtomicBool,
}

impl OpenAiModel {
    pub fn new(config: OpenAiConfig) -> Result<Self, LlmError> {
        if config.model.trim().is_empty() {
            return Err(LlmError::Config("no model name".into()));
        }
        let base_url = config.base_url.trim().trim_end_matches('/');
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(LlmError::Config(format!(
                "base URL must start with http:// or https://: {base_url:?}"
            )));
        }
        if config.timeout.is_zero() {
            return Err(LlmError::Config("timeout must be above zero".into()));
        }
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| LlmError::Config(format!("HTTP client: {}", error_chain(&e))))?;
        // Explicit values throughout: OpenAIConfig::new() would otherwise pick up OPENAI_API_KEY,
        // OPENAI_ORG_ID and OPENAI_PROJECT_ID by itself.
        let api = OpenAIConfig::new()
            .with_api_base(base_url)
            .with_api_key(config.api_key.clone().unwrap_or_default())
            .with_org_id("")
            .with_project_id("");
        let send_auth = config.api_key.is_some();
        let transport_http = http.clone();
        let transport = tower::service_fn(move |factory: HttpRequestFactory| {
            send(transport_http.clone(), factory, send_auth)
        });
        let client = Client::build(http, api).with_http_service(transport);
        let local = is_local(base_url);
        Ok(Self {
            config,
            client,
            local,
            no_stream_with_tools: Default::default(),
        })
    }

    pub fn config(&self) -> &OpenAiConfig {
        &self.config
    }

    /// One attempt without streaming.
    async fn create_once(
        &self,
        body: &CreateChatCompletionRequest,
    ) -> Result<ChatResponse, Failure> {
        let timeout = self.config.timeout;
        let chat = self.client.chat();
        // Our lenient types, not async-openai's (see `wire`).
        let call = chat.create_byot::<_, wire::Completion>(body);
        let response = tokio::time::timeout(timeout, call)
            .await
            .map_err(|_| Failure::from(LlmError::Timeout(timeout)))?
            .map_err(|e| map_error(e, timeout))?;
        response_from_completion(response)
    }

    /// One streamed attempt: deltas go to `sink` as they arrive.
    async fn stream_once(
        &self,
        body: &CreateChatCompletionRequest,
        offered: &[&str],
        sink: &mut DeltaSink<'_>,
    ) -> Result<ChatResponse, Failure> {
        let timeout = self.config.timeout;
        let chat = self.client.chat();
        // `create_stream_byot` sends the body as it is: it must ask for the stream itself.
        let body = CreateChatCompletionRequest {
            stream: Some(true),
            ..body.clone()
        };
        let open = chat.create_stream_byot::<_, wire::Chunk>(body);
        let mut stream = tokio::time::timeout(timeout, open)
            .await
            .map_err(|_| Failure::from(LlmError::Timeout(timeout)))?
            .map_err(|e| map_error(e, timeout))?;
        let mut assembler = StreamAssembler::offering(offered);
        // The timeout restarts for each chunk: a long answer that keeps coming is fine, silence is not.
        while let Some(item) = tokio::time::timeout(timeout, stream.next())
            .await
            .map_err(|_| Failure::from(LlmError::Timeout(timeout)))?
        {
            assembler.push(item.map_err(|e| map_error(e, timeout))?, sink)?;
        }
        Ok(assembler.finish(offered, sink)?)
    }
}

impl fmt::Debug for OpenAiModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiModel")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl ChatModel for OpenAiModel {
    fn name(&self) -> String {
        format!("openai:{}", self.config.model)
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let body = build_request(&self.config, request)?;
        let model = &self.config.model;
        let offered: Vec<&str> = request.tools.iter().map(|t| t.name.as_str()).collect();
        let mut retries = 0;
        let mut timeouts = 0;
        loop {
            let started = Instant::now();
            tracing::debug!(%model, stream = self.config.stream, messages = body.messages.len(), retries, "chat request");
            let mut sink = DeltaSink::new(request.deltas.as_ref());
            let stream = self.config.stream
                && !(body.tools.is_some() && self.no_stream_with_tools.load(Ordering::Relaxed));
            let result = if stream {
                match self.stream_once(&body, &offered, &mut sink).await {
                    Err(empty) if body.tools.is_some() && is_empty_stream(&empty.error) => {
                        tracing::warn!(%model, "an empty stream for a request with tools; asking again unstreamed, and from now on");
                        self.no_stream_with_tools.store(true, Ordering::Relaxed);
                        self.create_once(&body).await.map(|mut response| {
                            adopt_inline_calls(&mut response, &offered);
                            response
                        })
                    }
                    other => other,
                }
            } else {
                self.create_once(&body).await.map(|mut response| {
                    adopt_inline_calls(&mut response, &offered);
                    response
                })
            };
            let failure = match result {
                Ok(response) => {
                    tracing::debug!(%model, elapsed_ms = started.elapsed().as_millis() as u64,
                        tool_calls = response.tool_calls.len(), finish = ?response.finish_reason, "chat answer");
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            if !failure.error.is_retryable() || retries >= self.config.max_retries {
                tracing::warn!(%model, retries, error = %failure.error, "chat request failed");
                return Err(failure.error);
            }
            if matches!(failure.error, LlmError::Timeout(_)) {
                if !retries_timeout(self.config.stream, self.local, timeouts) {
                    tracing::warn!(%model, local = self.local, stream = self.config.stream, timeouts,
                        error = %failure.error, "chat request timed out; not retrying");
                    return Err(failure.error);
                }
                timeouts += 1;
            }
            if sink.sent_any {
                // Retrying would show the customer the same words twice.
                tracing::warn!(%model, error = %failure.error, "chat stream broke after output was shown; not retrying");
                return Err(failure.error);
            }
            let delay = retry_delay(&failure, retries, self.config.initial_backoff);
            retries += 1;
            tracing::warn!(%model, retry = retries, max_retries = self.config.max_retries,
                delay_ms = delay.as_millis() as u64, error = %failure.error, "chat request failed; retrying");
            tokio::time::sleep(delay).await;
        }
    }
}

/// Whether a request that timed out is sent again, after `timeouts_before` earlier timeouts.
/// At most once: a model that needed the whole timeout is unlikely to be quick the third time,
/// and every retry costs the customer another timeout. Not at all when the answer was not
/// streamed from a server on this machine: llama.cpp (and its Python server) keep generating an
/// answer whose client gave up without streaming, and with one slot the retry only queues behind
/// it (one run waited 3 × 60 s). A dropped stream closes its connection, which stops the
/// generation, so a streamed request is retried once.
fn retries_timeout(stream: bool, local: bool, timeouts_before: u32) -> bool {
    timeouts_before == 0 && (stream || !local)
}

/// Whether the base URL names this machine (localhost, 127.0.0.0/8, ::1).
fn is_local(base_url: &str) -> bool {
    use std::net::IpAddr;
    let Some(url) = reqwest::Url::parse(base_url).ok() else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

// ---- transport -------------------------------------------------------------------------------

/// A non-2xx answer, read while its headers are still at hand.
#[derive(Debug, thiserror::Error)]
#[error("HTTP {status}: {message}")]
struct HttpFailure {
    status: u16,
    retry_after: Option<Duration>,
    /// `error.type` or `error.code` from an OpenAI-style body.
    kind: Option<String>,
    message: String,
}

impl HttpFailure {
    fn new(status: u16, retry_after: Option<Duration>, body: &str) -> Self {
        let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
        let error = json.as_ref().and_then(|v| v.get("error"));
        let field = |name: &str| {
            error
                .and_then(|e| e.get(name))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let message = field("message")
            .or_else(|| error.and_then(|e| e.as_str()).map(str::to_string)) // {"error": "text"} (Ollama)
            .unwrap_or_else(|| truncate(body.trim(), 300));
        let kind = field("code")
            .filter(|code| code == "context_length_exceeded")
            .or_else(|| field("type"))
            .or_else(|| field("code"));
        Self {
            status,
            retry_after,
            kind,
            message,
        }
    }

    fn into_failure(self) -> Failure {
        let quota = self.kind.as_deref() == Some("insufficient_quota");
        let error = if is_context_overflow(self.kind.as_deref(), &self.message) {
            LlmError::ContextOverflow(self.message)
        } else if self.status == 429 && !quota {
            tracing::debug!(message = %self.message, "rate limited");
            LlmError::RateLimited {
                retry_after: self.retry_after,
            }
        } else {
            // A 429 for an exhausted quota will not pass by waiting: a (non-retryable) Server error.
            LlmError::Server {
                status: self.status,
                message: self.message,
            }
        };
        Failure {
            error,
            retry_after: self.retry_after,
        }
    }
}

/// Whether a server's error says the request does not fit the context window. Servers word it
/// their own way: OpenAI and vLLM "This model's maximum context length is … tokens", llama.cpp
/// "the request exceeds the available context size" (type `exceed_context_size_error`), its
/// Python server "Requested tokens (…) exceed context window of …", others "context length
/// exceeded" or "exceeds the context window".
fn is_context_overflow(kind: Option<&str>, message: &str) -> bool {
    if matches!(
        kind,
        Some("context_length_exceeded" | "exceed_context_size_error")
    ) {
        return true;
    }
    let message = message.to_ascii_lowercase();
    message.contains("maximum context length")
        || message.contains("context_length_exceeded")
        || (message.contains("context")
            && ["exceed", "too long", "overflow"]
                .iter()
                .any(|word| message.contains(word)))
}

/// Our transport under async-openai: sends the request, and turns a non-2xx answer into an
/// [`HttpFailure`] (the stock path reads the body but drops the headers, Retry-After included).
async fn send(
    http: reqwest::Client,
    factory: HttpRequestFactory,
    send_auth: bool,
) -> Result<reqwest::Response, OpenAIError> {
    let mut request = factory.build().await?;
    if !send_auth {
        // OpenAIConfig always sets `Bearer <key>`; without a key that would be `Bearer `.
        request.headers_mut().remove(reqwest::header::AUTHORIZATION);
    }
    let response = http.execute(request).await?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let retry_after = parse_retry_after(
        header("retry-after").as_deref(),
        header("retry-after-ms").as_deref(),
    );
    let body = response.text().await.unwrap_or_default();
    Err(OpenAIError::Boxed(Box::new(HttpFailure::new(
        status.as_u16(),
        retry_after,
        &body,
    ))))
}

/// `Retry-After` in (possibly fractional) seconds, or OpenAI's `retry-after-ms`; the HTTP-date
/// form is not supported (then the normal backoff applies).
fn parse_retry_after(seconds: Option<&str>, millis: Option<&str>) -> Option<Duration> {
    let parse = |text: Option<&str>, scale: f64| {
        let value: f64 = text?.trim().parse().ok()?;
        Duration::try_from_secs_f64(value / scale).ok()
    };
    parse(millis, 1000.0).or_else(|| parse(seconds, 1.0))
}

/// An attempt's error plus what the server said about waiting.
#[derive(Debug)]
struct Failure {
    error: LlmError,
    retry_after: Option<Duration>,
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

fn map_error(error: OpenAIError, timeout: Duration) -> Failure {
    let error = match error {
        OpenAIError::Boxed(inner) => match inner.downcast::<HttpFailure>() {
            Ok(http) => return http.into_failure(),
            Err(other) => LlmError::Transport(error_chain(other.as_ref())),
        },
        OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout(timeout),
        OpenAIError::Reqwest(e) if e.is_decode() => LlmError::InvalidResponse(error_chain(&e)),
        OpenAIError::Reqwest(e) => LlmError::Transport(error_chain(&e)),
        // Only if a response ever bypasses our transport: no headers, so no Retry-After.
        OpenAIError::ApiError(api) => {
            let http = HttpFailure {
                status: api.status_code.as_u16(),
                retry_after: None,
                kind: api.api_error.r#type.clone().or(api.api_error.code.clone()),
                message: api.api_error.message,
            };
            return http.into_failure();
        }
        OpenAIError::JSONDeserialize(e, body) => {
            LlmError::InvalidResponse(format!("{e}; body: {}", truncate(&body, 300)))
        }
        OpenAIError::StreamError(e) => LlmError::Transport(format!("stream broke: {e}")),
        OpenAIError::InvalidArgument(message) => LlmError::Config(message),
        other => LlmError::Transport(other.to_string()),
    };
    Failure::from(error)
}

/// The wait before retry number `retries_done + 1`: the server's `Retry-After` (capped), else
/// exponential backoff from `initial`.
fn retry_delay(failure: &Failure, retries_done: u32, initial: Duration) -> Duration {
    match failure.retry_after {
        Some(wait) => wait.min(MAX_RETRY_AFTER),
        None => initial
            .saturating_mul(2u32.saturating_pow(retries_done))
            .min(MAX_BACKOFF),
    }
}

// ---- request and response mapping ------------------------------------------------------------

/// What a stream that ended without a single chunk fails with.
const EMPTY_STREAM: &str = "the stream ended without any chunk";

fn is_empty_stream(error: &LlmError) -> bool {
    matches!(error, LlmError::InvalidResponse(m) if m == EMPTY_STREAM)
}

fn build_request(
    config: &OpenAiConfig,
    request: &ChatRequest,
) -> Result<CreateChatCompletionRequest, LlmError> {
    if request.messages.is_empty() {
        return Err(LlmError::Config(
            "a chat request needs at least one message".into(),
        ));
    }
    let messages = request
        .messages
        .iter()
        .map(to_openai_message)
        .collect::<Result<Vec<_>, _>>()?;
    // Some servers reject an empty `tools` array, so leave the field out instead. `auto` is the
    // API's default, but llama-cpp-python leaves the tools out of the prompt without it.
    let tools: Option<Vec<_>> =
        (!request.tools.is_empty()).then(|| request.tools.iter().map(to_openai_tool).collect());
    let tool_choice = tools
        .as_ref()
        .map(|_| ChatCompletionToolChoiceOption::Mode(ToolChoiceOptions::Auto));
    let (max_tokens, max_completion_tokens) = match config.token_limit {
        TokenLimitField::MaxTokens => (config.max_tokens, None),
        TokenLimitField::MaxCompletionTokens => (None, config.max_tokens),
    };
    #[allow(deprecated)] // `max_tokens` is what servers other than api.openai.com read
    Ok(CreateChatCompletionRequest {
        model: config.model.clone(),
        messages,
        tools,
        tool_choice,
        temperature: config.temperature,
        max_tokens,
        max_completion_tokens,
        ..Default::default()
    })
}

fn to_openai_message(message: &ChatMessage) -> Result<ChatCompletionRequestMessage, LlmError> {
    let text = message.content.clone().unwrap_or_default();
    Ok(match message.role {
        ChatRole::System => ChatCompletionRequestSystemMessage::from(text).into(),
        ChatRole::User => ChatCompletionRequestUserMessage::from(text).into(),
        ChatRole::Assistant => {
            let calls: Vec<ChatCompletionMessageToolCalls> = message
                .tool_calls
                .iter()
                .map(|call| {
                    ChatCompletionMessageToolCalls::Function(ChatCompletionMessageToolCall {
                        id: call.id.clone(),
                        // Sent back verbatim, malformed or not: the model should see what it wrote.
                        function: FunctionCall {
                            name: call.name.clone(),
                            arguments: call.arguments.clone(),
                        },
                    })
                })
                .collect();
            // Always a string: the API allows none beside tool calls, but llama-cpp-python
            // answers 500 to a null or missing content.
            let content = Some(message.content.clone().unwrap_or_default().into());
            let tool_calls = (!calls.is_empty()).then_some(calls);
            ChatCompletionRequestAssistantMessage {
                content,
                tool_calls,
                ..Default::default()
            }
            .into()
        }
        ChatRole::Tool => {
            let tool_call_id = message.tool_call_id.clone().ok_or_else(|| {
                LlmError::Config("a tool message needs the tool_call_id it answers".into())
            })?;
            ChatCompletionRequestToolMessage {
                content: text.into(),
                tool_call_id,
            }
            .into()
        }
    })
}

fn to_openai_tool(tool: &ToolSpec) -> ChatCompletionTools {
    ChatCompletionTools::Function(ChatCompletionTool {
        function: FunctionObject {
            name: tool.name.clone(),
            description: (!tool.description.is_empty()).then(|| tool.description.clone()),
            parameters: (!tool.parameters.is_null()).then(|| tool.parameters.clone()),
            strict: None,
        },
    })
}

fn response_from_completion(response: wire::Completion) -> Result<ChatResponse, Failure> {
    if let Some(error) = response.error {
        return Err(error_in_body(error));
    }
    let choice = response
        .choices
        .into_iter()
        .min_by_key(|c| c.index)
        .ok_or_else(|| LlmError::InvalidResponse("the answer has no choices".into()))?;
    let message = choice.message;
    let mut calls: Vec<PartialCall> = message
        .tool_calls
        .into_iter()
        .map(|call| {
            let function = call.function.unwrap_or_default();
            PartialCall {
                id: call.id.unwrap_or_default(),
                name: function.name.unwrap_or_default(),
                arguments: function.arguments.unwrap_or_default(),
            }
        })
        .collect();
    if let Some(function) = message.function_call {
        calls.push(PartialCall {
            id: String::new(),
            name: function.name.unwrap_or_default(),
            arguments: function.arguments.unwrap_or_default(),
        });
    }
    let content = message.content.map(wire::Content::into_text);
    Ok(ChatResponse {
        // A refusal is what the model has to say, so it is shown like any answer.
        content: non_empty(content)
            .or_else(|| non_empty(message.refusal))
            .map(|text| escaped::unescape(&text).into_owned()),
        tool_calls: finish_calls(calls),
        finish_reason: wire::finish_reason(choice.finish_reason),
    })
}

/// A tool call the model wrote as text (see [`inline`]) becomes a real one. Returns whether it
/// did. A cut-off answer keeps its `length` finish reason, so the cut call is not run.
fn adopt_inline_calls(response: &mut ChatResponse, offered: &[&str]) -> bool {
    if !response.tool_calls.is_empty() {
        return false;
    }
    let Some((rest, calls)) = response
        .content
        .as_deref()
        .and_then(|text| inline::extract(text, offered))
    else {
        return false;
    };
    tracing::debug!(
        calls = calls.len(),
        "tool calls written as text taken as calls"
    );
    response.content = rest;
    response.tool_calls = finish_calls(calls.into_iter().map(|call| PartialCall {
        id: String::new(),
        name: call.name,
        arguments: call.arguments,
    }));
    if response.finish_reason.as_deref() != Some("length") {
        response.finish_reason = Some("tool_calls".into());
    }
    true
}

/// An `{"error": ...}` object in a 200 answer (llama.cpp sends one mid-stream when it fails).
fn error_in_body(error: Value) -> Failure {
    let body = serde_json::json!({ "error": error }).to_string();
    HttpFailure::new(200, None, &body).into_failure()
}

/// The calls in order, each with an id its tool message can answer: servers that send none (or
/// the same one twice) get `call_<n>`, n being the call's place in the answer.
fn finish_calls(calls: impl IntoIterator<Item = PartialCall>) -> Vec<ToolCall> {
    let calls: Vec<PartialCall> = calls.into_iter().collect();
    let given: HashSet<String> = calls.iter().map(|c| c.id.clone()).collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(calls.len());
    for (n, call) in calls.into_iter().enumerate() {
        let id = if call.id.trim().is_empty() || taken.contains(&call.id) {
            // `call_<n>`, unless the server itself used that id for another call.
            (0..)
                .map(|k| match k {
                    0 => format!("call_{n}"),
                    k => format!("call_{n}_{k}"),
                })
                .find(|id| !taken.contains(id) && !given.contains(id))
                .unwrap_or_default()
        } else {
            call.id
        };
        taken.insert(id.clone());
        out.push(ToolCall {
            id,
            name: call.name,
            arguments: call.arguments,
        });
    }
    out
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.is_empty())
}

// ---- streaming -------------------------------------------------------------------------------

/// Where deltas go, remembering whether any went out (then a retry would repeat them).
struct DeltaSink<'a> {
    tx: Option<&'a UnboundedSender<StreamDelta>>,
    sent_any: bool,
}

impl<'a> DeltaSink<'a> {
    fn new(tx: Option<&'a UnboundedSender<StreamDelta>>) -> Self {
        Self {
            tx,
            sent_any: false,
        }
    }

    fn send(&mut self, delta: StreamDelta) {
        if let Some(tx) = self.tx {
            // A closed receiver only means nobody is watching; the answer is still assembled.
            let _ = tx.send(delta);
            self.sent_any = true;
        }
    }
}

#[derive(Default)]
struct PartialCall {
    id: String,
    name: String,
    arguments: String,
}

/// Builds the final answer from chunks: text concatenated (HTML-escaped text decoded, see
/// [`escaped`]), tool calls keyed by their index.
#[derive(Default)]
struct StreamAssembler {
    chunks: usize,
    content: String,
    refusal: String,
    content_text: StreamUnescaper,
    refusal_text: StreamUnescaper,
    calls: BTreeMap<u32, PartialCall>,
    finish_reason: Option<String>,
    /// With tools offered: text that may be a call written as text waits here (see [`inline`]).
    holdback: Option<Holdback>,
}

impl StreamAssembler {
    fn offering(offered: &[&str]) -> Self {
        Self {
            holdback: (!offered.is_empty()).then(Holdback::default),
            ..Self::default()
        }
    }

    /// Answer text: kept whole for the answer; sent as a delta unless it may be a call.
    fn take_content(&mut self, text: String, sink: &mut DeltaSink<'_>) {
        self.content.push_str(&text);
        let shown = match &mut self.holdback {
            Some(holdback) => holdback.push(&text),
            None => text,
        };
        if !shown.is_empty() {
            sink.send(StreamDelta::Content(shown));
        }
    }

    fn push(&mut self, chunk: wire::Chunk, sink: &mut DeltaSink<'_>) -> Result<(), Failure> {
        if let Some(error) = chunk.error {
            return Err(error_in_body(error));
        }
        self.chunks += 1;
        // We ask for one choice; a usage-only chunk has none.
        for choice in chunk.choices.into_iter().filter(|c| c.index == 0) {
            let delta = choice.delta;
            if let Some(text) = non_empty(delta.content.map(wire::Content::into_text)) {
                let shown = self.content_text.push(&text);
                self.take_content(shown, sink);
            }
            if let Some(text) = non_empty(delta.refusal) {
                let shown = self.refusal_text.push(&text);
                Self::take_text(&mut self.refusal, shown, sink);
            }
            // The pre-tools `function_call` form streams one call: index 0.
            let legacy = delta.function_call.map(|function| wire::Call {
                index: Some(0),
                id: None,
                function: Some(function),
            });
            for (position, part) in (0u32..).zip(delta.tool_calls.into_iter().chain(legacy)) {
                // A server that leaves the index out sends each call whole, in order.
                let index = part.index.unwrap_or(position);
                let call = self.calls.entry(index).or_default();
                if let Some(id) = non_empty(part.id) {
                    call.id = id;
                }
                let (name, arguments) = part
                    .function
                    .map(|f| (non_empty(f.name), f.arguments))
                    .unwrap_or_default();
                let arguments = arguments.unwrap_or_default();
                if let Some(name) = &name {
                    call.name.clone_from(name);
                }
                call.arguments.push_str(&arguments);
                if name.is_some() || !arguments.is_empty() {
                    sink.send(StreamDelta::ToolCall {
                        index,
                        name,
                        arguments,
                    });
                }
            }
            if let Some(reason) = wire::finish_reason(choice.finish_reason) {
                self.finish_reason = Some(reason);
            }
        }
        Ok(())
    }

    /// Text ready to show: kept for the answer and sent as a delta.
    fn take_text(into: &mut String, shown: String, sink: &mut DeltaSink<'_>) {
        if !shown.is_empty() {
            into.push_str(&shown);
            sink.send(StreamDelta::Content(shown));
        }
    }

    fn finish(
        mut self,
        offered: &[&str],
        sink: &mut DeltaSink<'_>,
    ) -> Result<ChatResponse, LlmError> {
        let held = self.content_text.finish();
        self.take_content(held, sink);
        let held_back = self.holdback.as_mut().map(Holdback::finish);
        let held = self.refusal_text.finish();
        Self::take_text(&mut self.refusal, held, sink);
        if self.chunks == 0 {
            return Err(LlmError::InvalidResponse(EMPTY_STREAM.into()));
        }
        let mut response = ChatResponse {
            content: non_empty(Some(self.content)).or_else(|| non_empty(Some(self.refusal))),
            tool_calls: finish_calls(self.calls.into_values()),
            finish_reason: self.finish_reason,
        };
        if adopt_inline_calls(&mut response, offered) {
            // What was held back was the call: the screen learns of a call instead.
            for (index, call) in (0u32..).zip(&response.tool_calls) {
                sink.send(StreamDelta::ToolCall {
                    index,
                    name: Some(call.name.clone()),
                    arguments: call.arguments.clone(),
                });
            }
        } else if let Some(text) = held_back.filter(|t| !t.is_empty()) {
            sink.send(StreamDelta::Content(text));
        }
        Ok(response)
    }
}

// ---- small helpers ---------------------------------------------------------------------------

/// An error and its sources: reqwest's own message alone ("error sending request") hides the cause.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn api_key_prefers_cx_variable_and_skips_blank_values() {
        fn env<'a>(pairs: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
            move |var| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == var)
                    .map(|(_, v)| v.to_string())
            }
        }
        let both = [(API_KEY_ENV, "cx-key"), (OPENAI_API_KEY_ENV, "sk-openai")];
        assert_eq!(
            api_key_from(env(&both)),
            Some((API_KEY_ENV.to_string(), "cx-key".to_string()))
        );
        let blank_cx = [(API_KEY_ENV, "  "), (OPENAI_API_KEY_ENV, " sk-openai\n")];
        assert_eq!(
            api_key_from(env(&blank_cx)),
            Some((OPENAI_API_KEY_ENV.to_string(), "sk-openai".to_string()))
        );
        assert_eq!(api_key_from(env(&[])), None);
    }

    #[test]
    fn presets() {
        let ollama = OpenAiConfig::ollama("llama3.2");
        assert_eq!(
            (ollama.base_url.as_str(), ollama.model.as_str()),
            (OLLAMA_BASE_URL, "llama3.2")
        );
        assert_eq!(ollama.api_key, None);
        assert_eq!(
            OpenAiConfig::openai("gpt-4o-mini").base_url,
            OPENAI_BASE_URL
        );
        let custom = OpenAiConfig::custom("http://h:1/v1", "m").with_api_key("secret");
        assert!(
            !format!("{custom:?}").contains("secret"),
            "Debug must not print the key"
        );
        assert!(OpenAiModel::new(OpenAiConfig::custom("localhost:11434", "m")).is_err());
        assert!(OpenAiModel::new(OpenAiConfig::custom("http://h/v1", " ")).is_err());
    }

    #[test]
    fn timeouts_are_retried_once_and_not_for_a_local_unstreamed_answer() {
        // (stream, local, timeouts before) -> retried?
        let table = [
            ((true, true, 0), true),
            ((true, true, 1), false),
            ((false, false, 0), true),
            ((false, false, 1), false),
            ((false, true, 0), false),
            ((true, false, 0), true),
        ];
        for ((stream, local, before), expected) in table {
            assert_eq!(
                retries_timeout(stream, local, before),
                expected,
                "stream {stream}, local {local}, {before} before"
            );
        }
        for url in [
            "http://localhost:8080/v1",
            "http://127.0.0.1:1/v1",
            "http://127.3.2.1/v1",
            "http://[::1]:11434/v1",
            "http://LOCALHOST./v1",
        ] {
            assert!(is_local(url), "{url}");
        }
        for url in [
            "https://api.openai.com/v1",
            "http://192.168.1.20:11434/v1",
            "http://127.0.0.1.nip.io/v1",
            "http://0.0.0.0:8080/v1",
        ] {
            assert!(!is_local(url), "{url}");
        }
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(
            parse_retry_after(Some("2"), None),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            parse_retry_after(Some(" 0.5 "), None),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            parse_retry_after(Some("2"), Some("250")),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT"), None),
            None
        );
        assert_eq!(parse_retry_after(Some("-1"), None), None);
        assert_eq!(parse_retry_after(None, None), None);
    }

    #[test]
    fn backoff_doubles_is_capped_and_retry_after_wins() {
        let plain = Failure::from(LlmError::Transport("x".into()));
        let initial = Duration::from_millis(100);
        let delays: Vec<_> = (0..4).map(|n| retry_delay(&plain, n, initial)).collect();
        assert_eq!(delays, [100, 200, 400, 800].map(Duration::from_millis));
        assert_eq!(retry_delay(&plain, 30, initial), MAX_BACKOFF);
        let told = |secs| Failure {
            error: LlmError::RateLimited { retry_after: None },
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(retry_delay(&told(3), 5, initial), Duration::from_secs(3));
        assert_eq!(retry_delay(&told(600), 0, initial), MAX_RETRY_AFTER);
    }

    #[test]
    fn http_failures_map_to_llm_errors() {
        let rate = HttpFailure::new(
            429,
            Some(Duration::from_secs(4)),
            r#"{"error":{"message":"slow down","type":"rate_limit_error"}}"#,
        );
        let failure = rate.into_failure();
        assert!(
            matches!(failure.error, LlmError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(4))
        );
        let quota = HttpFailure::new(
            429,
            None,
            r#"{"error":{"message":"no money","type":"insufficient_quota"}}"#,
        );
        let failure = quota.into_failure();
        assert!(
            matches!(&failure.error, LlmError::Server { status: 429, message } if message == "no money")
        );
        assert!(!failure.error.is_retryable());
        let ollama =
            HttpFailure::new(404, None, r#"{"error":"model \"x\" not found"}"#).into_failure();
        assert!(
            matches!(&ollama.error, LlmError::Server { status: 404, message } if message.contains("not found"))
        );
        let by_code = HttpFailure::new(
            400,
            None,
            r#"{"error":{"message":"too big","type":"invalid_request_error","code":"context_length_exceeded"}}"#,
        )
        .into_failure();
        assert!(matches!(&by_code.error, LlmError::ContextOverflow(m) if m == "too big"));
        assert!(!by_code.error.is_retryable());
        let html = HttpFailure::new(502, None, "<html>bad gateway</html>").into_failure();
        assert!(
            matches!(&html.error, LlmError::Server { status: 502, message } if message.contains("bad gateway"))
        );
        assert!(html.error.is_retryable());
    }

    #[test]
    fn request_mapping() {
        let config = OpenAiConfig::custom("http://h/v1", "m").with_temperature(0.25);
        let call = ToolCall {
            id: "call_1".into(),
            name: "get_orders".into(),
            arguments: "{\"order_id\": ".into(),
        };
        let request = ChatRequest {
            messages: vec![
                ChatMessage::system("sys"),
                ChatMessage::user("hi"),
                ChatMessage::assistant_tool_calls(None, vec![call]),
                ChatMessage::tool("call_1", "get_orders", "{\"error\":{}}"),
            ],
            tools: Vec::new(),
            ..Default::default()
        };
        let body =
            serde_json::to_value(build_request(&config, &request).expect("request")).expect("json");
        assert!(body.get("tools").is_none(), "no tools -> no tools field");
        assert_eq!(body["temperature"], json!(0.25));
        assert_eq!(body["messages"][2]["role"], "assistant");
        // A string even beside tool calls: llama-cpp-python refuses a null content.
        assert_eq!(body["messages"][2]["content"], "");
        assert!(
            body.get("tool_choice").is_none(),
            "no tools -> no tool_choice"
        );
        assert_eq!(body["messages"][2]["tool_calls"][0]["type"], "function");
        assert_eq!(
            body["messages"][2]["tool_calls"][0]["function"]["arguments"],
            "{\"order_id\": "
        );
        assert_eq!(
            body["messages"][3],
            json!({"role": "tool", "content": "{\"error\":{}}", "tool_call_id": "call_1"})
        );
        // The turn context is for models that read no prompt: the wire request stays the same.
        let with_context = ChatRequest {
            context: Some(crate::TurnContext {
                phrasing: crate::Phrasing::Playful,
                language: Some("de".into()),
                verified_customer: Some(3),
            }),
            ..request.clone()
        };
        assert_eq!(
            serde_json::to_value(build_request(&config, &with_context).expect("request"))
                .expect("json"),
            body
        );

        let mut orphan = ChatMessage::tool("x", "t", "r");
        orphan.tool_call_id = None;
        let bad = ChatRequest {
            messages: vec![orphan],
            ..Default::default()
        };
        assert!(matches!(
            build_request(&config, &bad),
            Err(LlmError::Config(_))
        ));
        assert!(matches!(
            build_request(&config, &ChatRequest::default()),
            Err(LlmError::Config(_))
        ));
    }

    fn chunk(delta: serde_json::Value, finish: Option<&str>) -> wire::Chunk {
        serde_json::from_value(json!({
            "id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
            "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }],
        }))
        .expect("chunk")
    }

    #[test]
    fn assembler_keeps_interleaved_calls_apart() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut sink = DeltaSink::new(Some(&tx));
        let mut assembler = StreamAssembler::default();
        let start = |i: u32, id: &str, name: &str| json!({"tool_calls": [{"index": i, "id": id, "type": "function", "function": {"name": name, "arguments": ""}}]});
        let args =
            |i: u32, a: &str| json!({"tool_calls": [{"index": i, "function": {"arguments": a}}]});
        for delta in [
            start(0, "a", "one"),
            start(1, "", "two"),
            args(1, "{\"y\""),
            args(0, "{}"),
            args(1, ":2}"),
        ] {
            assembler
                .push(chunk(delta, None), &mut sink)
                .expect("chunk");
        }
        assembler
            .push(chunk(json!({}), Some("tool_calls")), &mut sink)
            .expect("chunk");
        let response = assembler.finish(&[], &mut sink).expect("response");
        assert_eq!(
            response.tool_calls[0],
            ToolCall {
                id: "a".into(),
                name: "one".into(),
                arguments: "{}".into()
            }
        );
        assert_eq!(
            response.tool_calls[1],
            ToolCall {
                id: "call_1".into(),
                name: "two".into(),
                arguments: "{\"y\":2}".into()
            }
        );
        assert_eq!(response.finish_reason.as_deref(), Some("tool_calls"));
        assert!(sink.sent_any);
        let first = rx.try_recv().expect("delta");
        assert_eq!(
            first,
            StreamDelta::ToolCall {
                index: 0,
                name: Some("one".into()),
                arguments: String::new()
            }
        );
        assert!(
            StreamAssembler::default()
                .finish(&[], &mut DeltaSink::new(None))
                .is_err()
        );
    }
}
