//! The simulated customer (τ²-bench's user simulator): a second model plays the customer from the
//! scenario's goal and what they know, one message at a time, and ends with a stop marker.

use crate::scenario::Customer;
use cx_llm::{ChatMessage, ChatModel, ChatRequest, LlmError};
use std::sync::Arc;

/// The customer model writes this when its goal is met or cannot be met.
pub const STOP: &str = "###STOP###";

pub struct SimulatedCustomer {
    model: Arc<dyn ChatModel>,
    /// The customer's side of the conversation: what the kiosk showed is `user`, what the
    /// customer wrote is `assistant` (the model plays the customer).
    messages: Vec<ChatMessage>,
    stopped: bool,
}

/// What the customer model wrote, split into the message to send and whether it stopped.
#[derive(Debug, PartialEq, Eq)]
pub struct Line {
    pub text: Option<String>,
    pub stop: bool,
}

impl SimulatedCustomer {
    pub fn new(model: Arc<dyn ChatModel>, customer: &Customer) -> Self {
        SimulatedCustomer {
            model,
            messages: vec![ChatMessage::system(system_prompt(customer))],
            stopped: false,
        }
    }

    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// The customer's next message after seeing `screen`; None once they stopped.
    pub async fn next(&mut self, screen: &str) -> Result<Option<String>, LlmError> {
        if self.stopped {
            return Ok(None);
        }
        self.messages.push(ChatMessage::user(screen));
        let request = ChatRequest {
            messages: self.messages.clone(),
            ..ChatRequest::default()
        };
        let answer = self.model.complete(&request).await?;
        let raw = answer.content.unwrap_or_default();
        let line = parse(&raw);
        self.stopped = line.stop;
        self.messages.push(ChatMessage::assistant(raw));
        Ok(line.text)
    }
}

pub fn system_prompt(customer: &Customer) -> String {
    let mut prompt = String::from(
        "You are role-playing a customer at a shop's self-service kiosk, chatting with the shop's \
         support assistant. Stay in character: write only the customer's next message, in plain \
         text, one or two sentences, no quotes or labels.\n",
    );
    if let Some(goal) = &customer.goal {
        prompt.push_str(&format!("Your goal: {goal}\n"));
    }
    if !customer.knows.is_empty() {
        prompt.push_str("What you know (give it when asked, do not invent anything else):\n");
        for (k, v) in &customer.knows {
            prompt.push_str(&format!("- {k}: {v}\n"));
        }
    }
    prompt.push_str(&format!(
        "When your goal is met, when the assistant cannot help, or when a person will join you, \
         write {STOP} on its own.\n"
    ));
    prompt
}

/// Split the stop marker off; an empty remainder sends nothing.
pub fn parse(raw: &str) -> Line {
    let stop = raw.contains(STOP);
    let text = raw.replace(STOP, "");
    let text = text.trim().trim_matches('"').trim();
    Line {
        text: (!text.is_empty()).then(|| text.to_owned()),
        stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_marker_ends_the_conversation_and_is_never_sent() {
        assert_eq!(
            parse("Where is order 1004?"),
            Line {
                text: Some("Where is order 1004?".into()),
                stop: false
            }
        );
        assert_eq!(
            parse("Thanks, that's all. ###STOP###"),
            Line {
                text: Some("Thanks, that's all.".into()),
                stop: true
            }
        );
        assert_eq!(
            parse("  ###STOP###\n"),
            Line {
                text: None,
                stop: true
            }
        );
        assert_eq!(
            parse("\"Hi\""),
            Line {
                text: Some("Hi".into()),
                stop: false
            }
        );
    }

    #[test]
    fn the_prompt_carries_goal_facts_and_the_marker() {
        let c = Customer {
            goal: Some("learn when order 1004 arrives".into()),
            knows: [("email".to_owned(), "alice@example.com".to_owned())].into(),
            ..Customer::default()
        };
        let p = system_prompt(&c);
        assert!(p.contains("Your goal: learn when order 1004 arrives"));
        assert!(p.contains("- email: alice@example.com"));
        assert!(p.contains(STOP));
    }
}
