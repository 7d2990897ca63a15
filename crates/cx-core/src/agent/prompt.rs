//! The system prompt: the tone's prompt, the guardrails, and what is known about the customer.

use crate::config::PromptsConfig;
use crate::error::Result;
use crate::policy::Role;

/// What the prompt needs to know about the session.
pub struct PromptFacts<'a> {
    pub tone: &'a str,
    pub role: Role,
    pub channel: &'a str,
    /// The verified customer: id and name.
    pub customer: Option<(i64, &'a str)>,
    pub today: chrono::NaiveDate,
    /// From the customer's profile (see `insights::prompt_line`).
    pub profile: Option<String>,
}

pub fn system_prompt(cfg: &PromptsConfig, f: &PromptFacts<'_>) -> Result<String> {
    let tone = cfg.tone(f.tone)?;
    let mut p = String::with_capacity(1024);
    p.push_str(tone.system_prompt.trim());
    p.push_str("\n\n");
    // Machine-readable lines: the offline assistant reads `Tone:` and `Verified customer:`.
    p.push_str(&format!("Tone: {}\n", f.tone));
    p.push_str(&format!(
        "Channel: {}. You act as: {}.\n",
        f.channel, f.role
    ));
    p.push_str(&format!("Today (UTC): {}\n", f.today));
    match f.customer {
        Some((id, name)) => p.push_str(&format!("Verified customer: #{id} {name}\n")),
        None if f.role == Role::KioskAssistant => p.push_str(
            "The customer is not verified yet: call verify_customer before any account data.\n",
        ),
        None => {}
    }
    if let Some(line) = &f.profile {
        p.push_str(line);
        p.push('\n');
    }
    if !cfg.guardrails.is_empty() {
        p.push_str("\nGuardrails:\n");
        for g in &cfg.guardrails {
            p.push_str(&format!("- {}\n", g.trim()));
        }
    }
    p.push_str(
        "\nMoney is shown exactly as the tools give it. A change (refund, email, ticket) is only \
         proposed by the tools; the customer confirms it on screen.\n",
    );
    Ok(p)
}
