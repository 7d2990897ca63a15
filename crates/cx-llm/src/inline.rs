//! Tool calls written as text. Small local models (Gemma 3 270M, Qwen, Llama 3.2 behind
//! llama.cpp or Ollama without a tool-call parser) often answer a call as content instead of
//! `tool_calls`: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, a bare JSON object
//! `{"name": ..., "arguments"/"parameters": ...}`, or the same in a ```` ```json ```` fence.
//! When the name is one of the tools the request offered, the call is taken as a real one and
//! its text never reaches the customer; anything else stays text.

use serde_json::Value;

const OPEN_TAG: &str = "<tool_call>";
const CLOSE_TAG: &str = "</tool_call>";
const FENCE: &str = "```";

/// A call found in the text: the tool's name and its arguments as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCall {
    pub name: String,
    pub arguments: String,
}

/// What is left of the text (None if nothing) and the calls found in it, in order; None when
/// the text holds no call to an offered tool.
pub fn extract(text: &str, offered: &[&str]) -> Option<(Option<String>, Vec<InlineCall>)> {
    if offered.is_empty() {
        return None;
    }
    let mut rest = String::new();
    let mut calls = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while at < text.len() {
        let found = if text[at..].starts_with(OPEN_TAG) {
            tagged(text, at, offered)
        } else if text[at..].starts_with(FENCE) {
            fenced(text, at, offered)
        } else if text[at..].starts_with('{') || text[at..].starts_with('[') {
            bare(text, at, offered)
        } else {
            None
        };
        match found {
            Some((end, mut found)) => {
                rest.push_str(&text[copied..at]);
                calls.append(&mut found);
                copied = end;
                at = end;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if calls.is_empty() {
        return None;
    }
    rest.push_str(&text[copied..]);
    let rest = rest.trim();
    Some(((!rest.is_empty()).then(|| rest.to_string()), calls))
}

/// `<tool_call>...</tool_call>` (the closing tag may be missing at the end of the text). A body
/// that is not valid JSON but names an offered tool is still that tool's call, with the body as
/// its (malformed) arguments: the tool reports them back to the model, as for any bad call.
fn tagged(text: &str, at: usize, offered: &[&str]) -> Option<(usize, Vec<InlineCall>)> {
    let body_start = at + OPEN_TAG.len();
    let (body, end) = match text[body_start..].find(CLOSE_TAG) {
        Some(close) => (
            &text[body_start..body_start + close],
            body_start + close + CLOSE_TAG.len(),
        ),
        None => (&text[body_start..], text.len()),
    };
    let inner = unfence(body.trim());
    if let Some((used, calls)) =
        json_at(inner, 0).and_then(|(v, used)| Some((used, calls_in(&v, offered)?)))
        && inner[used..].trim().is_empty()
    {
        return Some((end, calls));
    }
    let name = quoted_after(inner, "\"name\"")?;
    offered.contains(&name.as_str()).then(|| {
        (
            end,
            vec![InlineCall {
                name,
                arguments: inner.to_string(),
            }],
        )
    })
}

/// A fenced block (```` ```json ```` or a bare ```` ``` ````) holding nothing but call JSON.
fn fenced(text: &str, at: usize, offered: &[&str]) -> Option<(usize, Vec<InlineCall>)> {
    let open_end = at + FENCE.len();
    let line_end = open_end + text[open_end..].find('\n')?;
    let lang = text[open_end..line_end].trim();
    if !(lang.is_empty() || lang.eq_ignore_ascii_case("json") || lang == "tool_call") {
        return None;
    }
    let close = line_end + text[line_end..].find(FENCE)?;
    let inner = text[line_end..close].trim();
    let (value, used) = json_at(inner, 0)?;
    if !inner[used..].trim().is_empty() {
        return None;
    }
    Some((close + FENCE.len(), calls_in(&value, offered)?))
}

/// A JSON object (or array of them) standing in the text.
fn bare(text: &str, at: usize, offered: &[&str]) -> Option<(usize, Vec<InlineCall>)> {
    let (value, used) = json_at(text, at)?;
    Some((at + used, calls_in(&value, offered)?))
}

/// The fence around a tagged body, if any.
fn unfence(body: &str) -> &str {
    let Some(inner) = body.strip_prefix(FENCE) else {
        return body;
    };
    let inner = inner.split_once('\n').map_or(inner, |(_, rest)| rest);
    inner.trim_end().strip_suffix(FENCE).unwrap_or(inner).trim()
}

/// The JSON value starting at `at`, and how many bytes it took.
fn json_at(text: &str, at: usize) -> Option<(Value, usize)> {
    let mut values = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
    let value = values.next()?.ok()?;
    Some((value, values.byte_offset()))
}

/// The calls a JSON value describes, if every one of them names an offered tool.
fn calls_in(value: &Value, offered: &[&str]) -> Option<Vec<InlineCall>> {
    let items = match value {
        Value::Array(items) if !items.is_empty() => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => return None,
    };
    items
        .into_iter()
        .map(|item| call_in(item, offered))
        .collect()
}

fn call_in(value: &Value, offered: &[&str]) -> Option<InlineCall> {
    // `{"function": {"name": ..., "arguments": ...}}`, as in the OpenAI tool_calls shape.
    let object = value
        .get("function")
        .filter(|f| f.is_object())
        .unwrap_or(value);
    let name = object.get("name")?.as_str()?;
    if !offered.contains(&name) {
        return None;
    }
    let arguments = match object.get("arguments").or_else(|| object.get("parameters")) {
        None | Some(Value::Null) => "{}".to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    Some(InlineCall {
        name: name.to_string(),
        arguments,
    })
}

/// The string value after `key` in JSON-ish text: `"name": "get_orders"` → `get_orders`.
fn quoted_after(text: &str, key: &str) -> Option<String> {
    let after = &text[text.find(key)? + key.len()..];
    let after = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(after[..after.find('"')?].to_string())
}

/// Holds streamed text back from the screen from where a call written as text may begin, so
/// its JSON is never shown: the stream's end decides whether it was a call or text after all.
#[derive(Debug, Default)]
pub struct Holdback {
    held: String,
    /// A possible call has begun: everything from there on waits for the end.
    holding: bool,
}

impl Holdback {
    /// The part of `piece` (with what was held before) that can be shown now.
    pub fn push(&mut self, piece: &str) -> String {
        self.held.push_str(piece);
        if self.holding {
            return String::new();
        }
        let cut = match [OPEN_TAG, FENCE, "{"]
            .iter()
            .filter_map(|m| self.held.find(m))
            .min()
        {
            Some(start) => {
                self.holding = true;
                start
            }
            // A marker may be cut between pieces: keep a tail that could begin one.
            None => self.held.len() - partial_marker(&self.held),
        };
        let shown: String = self.held[..cut].to_string();
        self.held.drain(..cut);
        shown
    }

    /// Everything held back, once the stream has ended.
    pub fn finish(&mut self) -> String {
        self.holding = false;
        std::mem::take(&mut self.held)
    }
}

/// How many bytes at the end of `text` are the start of a marker.
fn partial_marker(text: &str) -> usize {
    [OPEN_TAG, FENCE]
        .iter()
        .flat_map(|marker| (1..marker.len()).map(move |n| &marker[..n]))
        .filter(|prefix| text.ends_with(prefix))
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERED: &[&str] = &["get_orders", "get_tickets"];

    fn call(name: &str, arguments: &str) -> InlineCall {
        InlineCall {
            name: name.into(),
            arguments: arguments.into(),
        }
    }

    #[test]
    fn the_forms_small_models_write() {
        let cases = [
            r#"<tool_call>{"name": "get_orders", "arguments": {"order_id": 1001}}</tool_call>"#,
            r#"<tool_call>
{"name": "get_orders", "arguments": {"order_id": 1001}}
"#,
            r#"{"name": "get_orders", "parameters": {"order_id": 1001}}"#,
            "```json\n{\"name\": \"get_orders\", \"arguments\": {\"order_id\": 1001}}\n```",
            r#"[{"function": {"name": "get_orders", "arguments": "{\"order_id\":1001}"}}]"#,
        ];
        for text in cases {
            let (rest, calls) = extract(text, OFFERED).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(rest, None, "{text}");
            assert_eq!(
                calls,
                [call("get_orders", r#"{"order_id":1001}"#)],
                "{text}"
            );
        }
    }

    #[test]
    fn text_around_calls_is_kept_and_unknown_names_stay_text() {
        let text = "Let me check. <tool_call>{\"name\": \"get_tickets\", \"arguments\": {}}</tool_call>\n<tool_call>{\"name\": \"get_orders\"}</tool_call>";
        let (rest, calls) = extract(text, OFFERED).expect("calls");
        assert_eq!(rest.as_deref(), Some("Let me check."));
        assert_eq!(calls, [call("get_tickets", "{}"), call("get_orders", "{}")]);
        for text in [
            r#"{"name": "delete_customer", "arguments": {}}"#,
            r#"Your order is {"status": "shipped"}."#,
            "Plain text, no call.",
        ] {
            assert_eq!(extract(text, OFFERED), None, "{text}");
        }
        assert_eq!(extract(r#"{"name": "get_orders"}"#, &[]), None);
    }

    #[test]
    fn a_tagged_call_with_broken_json_is_still_that_call() {
        let text = r#"<tool_call>{"name": "get_orders", "arguments": {"order_id": 10</tool_call>"#;
        let (_, calls) = extract(text, OFFERED).expect("call");
        assert_eq!(
            calls,
            [call(
                "get_orders",
                r#"{"name": "get_orders", "arguments": {"order_id": 10"#
            )]
        );
    }

    #[test]
    fn holdback_shows_text_until_a_call_may_begin() {
        let mut gate = Holdback::default();
        assert_eq!(gate.push("Sure. <to"), "Sure. ");
        assert_eq!(gate.push("ol_call>{\"name\""), "");
        assert_eq!(gate.push(": 1}"), "");
        assert_eq!(gate.finish(), "<tool_call>{\"name\": 1}");
        let mut plain = Holdback::default();
        assert_eq!(plain.push("Hello `x` and <b>"), "Hello `x` and <b>");
        assert_eq!(plain.push("``"), "");
        assert_eq!(plain.push(" done"), "`` done");
        assert_eq!(plain.finish(), "");
    }
}
