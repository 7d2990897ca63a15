//! Action claims: "I've refunded…", "we've flagged…", "your email has been changed", "I've
//! prepared a refund — tap Yes". An answer may say something was done only when a write tool
//! call of this turn did it (applied), and that something waits for the customer's Yes only when
//! one is waiting (pending): of the same kind, and about the same order or ticket when both the
//! sentence and the write name one. A sentence that asks for the Yes ("…, tap Yes to confirm")
//! claims a waiting action whatever its verb. What no tool does — cancel an order, send an
//! email, create a ticket, book a pickup, waive a fee — is never supported. Without a matching
//! write the words are unsupported, however well the rest of the answer is grounded (the ledger
//! also accepts a passive one that the named record's own status states). Pure and
//! table-driven, like `grounding`.

use super::extract::re;
use super::facts::integer;
use super::ledger::{RecordKind, RecordRef, Source};
use super::{Claim, ClaimKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::LazyLock;

/// What an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Refund,
    EmailChange,
    TicketUpdate,
    /// No tool cancels an order: a cancellation claim is never supported.
    Cancellation,
    /// Nor does any tool send a message, create a ticket, book or waive anything ("I've sent you
    /// an email", "I've created a ticket", "I've booked a pickup"): never supported.
    NoTool,
    /// A refund paid out ("I've refunded…", "I've issued your refund"): flag_refund only asks
    /// for one (the order becomes refund_requested), so no tool supports it.
    RefundPaid,
    /// The sentence names no object ("I've prepared that change").
    Unnamed,
}

/// What a write tool call of this turn did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    Pending,
}

/// One write tool call of this turn: which call, which kind of action, and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub call_id: String,
    pub tool: String,
    pub kind: ActionKind,
    pub outcome: Outcome,
    /// The order or ticket it wrote (or proposes to write), when the result names one: "I've
    /// resolved ticket 5010" is not supported by a write to ticket 5007.
    pub record: Option<RecordRef>,
}

impl Write {
    /// The write a tool call made (None: not a write tool, or it failed or did nothing).
    pub fn of(call_id: &str, tool: &str, result: &serde_json::Value) -> Option<Write> {
        Some(Write {
            call_id: call_id.to_owned(),
            tool: tool.to_owned(),
            kind: kind_of_tool(tool)?,
            outcome: outcome_of(result)?,
            record: record_of(result),
        })
    }

    pub(super) fn source(&self) -> Source {
        Source::Write {
            call_id: self.call_id.clone(),
            tool: self.tool.clone(),
            outcome: self.outcome,
        }
    }
}

/// The action a write tool performs (None: not a write tool).
pub fn kind_of_tool(tool: &str) -> Option<ActionKind> {
    match tool {
        "flag_refund" => Some(ActionKind::Refund),
        "update_user_email" => Some(ActionKind::EmailChange),
        "update_ticket" => Some(ActionKind::TicketUpdate),
        _ => None,
    }
}

/// The order or ticket a write's result names: the record it applied to, or the `order_id` /
/// `ticket_id` of the pending action's arguments.
fn record_of(result: &serde_json::Value) -> Option<RecordRef> {
    let arguments = &result["pending_action"]["arguments"];
    [
        (&result["order"]["id"], RecordKind::Order),
        (&result["ticket"]["id"], RecordKind::Ticket),
        (&arguments["order_id"], RecordKind::Order),
        (&arguments["ticket_id"], RecordKind::Ticket),
    ]
    .into_iter()
    .find_map(|(id, kind)| {
        Some(RecordRef {
            kind,
            id: integer(id)?,
        })
    })
}

/// The outcome a write tool's result reports (None: it failed or did nothing).
pub fn outcome_of(result: &serde_json::Value) -> Option<Outcome> {
    if result.get("error").is_some() {
        return None;
    }
    if result["applied"] == true {
        Some(Outcome::Applied)
    } else if result.get("pending_action").is_some() {
        Some(Outcome::Pending)
    } else {
        None
    }
}

/// "I've / I have / I just / we've … refunded|changed|…" and "… has been refunded|changed|…":
/// done. The first person also claims what no tool does (`NO_TOOL`).
static DONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:I(?:'ve|’ve| have| just| already)?|we(?:'ve|’ve| have))(?:\s+(?:now|just|already|successfully|gone ahead and))?\s+(?:refunded|issued|processed|changed|updated|cancell?ed|resolved|closed|escalated|credited|flagged|submitted|reset|reopened|marked|sent|emailed|forwarded|notified|contacted|created|opened|raised|logged|filed|scheduled|arranged|booked|applied|waived|ordered)|(?:has|have|was|were)\s+(?:now\s+|already\s+|successfully\s+)?been\s+(?:refunded|issued|processed|changed|updated|cancell?ed|resolved|closed|escalated|credited|flagged|submitted|reset|reopened|marked|approved))\b",
    )
});

/// German and Spanish: "Ich habe Ihre E-Mail-Adresse geändert", "Ihre E-Mail-Adresse wurde
/// geändert", "He cambiado su correo", "Su reembolso ha sido procesado", "se ha cancelado". The
/// German participle comes last, after up to six words ("Ich habe Ihnen 79,99 $ erstattet").
static DONE_DE_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:ich|wir)\s+(?:habe|haben)\s+(?:\S+\s+){0,8}?(?:erstattet|rückerstattet|zurückerstattet|ausgezahlt|überwiesen|gutgeschrieben|bearbeitet|geändert|aktualisiert|storniert|gelöst|geschlossen|eskaliert|markiert|vorgemerkt|eingereicht|zurückgesetzt|wiedereröffnet|eröffnet|gesendet|geschickt|zugeschickt|weitergeleitet|benachrichtigt|kontaktiert|erstellt|angelegt|gebucht|vereinbart|organisiert|erlassen|bestellt)|(?:wurde|wurden)\s+(?:\S+\s+){0,5}?(?:erstattet|rückerstattet|zurückerstattet|ausgezahlt|gutgeschrieben|bearbeitet|geändert|aktualisiert|storniert|gelöst|geschlossen|eskaliert|markiert|vorgemerkt|eingereicht|genehmigt)|(?:ya\s+)?(?:he|hemos)\s+(?:\S+\s+){0,2}?(?:reembolsado|emitido|procesado|tramitado|abonado|devuelto|cambiado|actualizado|modificado|cancelado|anulado|resuelto|cerrado|escalado|marcado|registrado|enviado|reenviado|notificado|contactado|creado|abierto|programado|reservado|organizado|aplicado|condonado)|(?:(?:ha|han)\s+sido|fue|fueron|se\s+(?:ha|han))\s+(?:(?:ya|correctamente)\s+)?(?:reembolsad|emitid|procesad|abonad|cambiad|actualizad|modificad|cancelad|anulad|resuelt|cerrad|escalad|marcad|aprobad|registrad)(?:os|as|o|a))\b",
    )
});

/// German and Spanish waiting: "Ich habe eine Erstattung vorbereitet", "sobald Sie bestätigen",
/// "tippen Sie auf „Ja“", "He preparado un reembolso", "una vez que confirme", "pulse «Sí»".
static PENDING_DE_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)(?:\b(?:ich|wir)\s+(?:habe|haben)\s+(?:\S+\s+){0,8}?(?:vorbereitet|beantragt|angefordert|eingerichtet|bereitgestellt)\b|\b(?:he|hemos)\s+(?:\S+\s+){0,2}?(?:preparado|solicitado|iniciado)\b|\bwartet\s+auf\s+Ihre\s+(?:Bestätigung|Zustimmung)|\b(?:a\s+la\s+espera|pendiente)\s+de\s+su\s+confirmaci[óo]n)"#,
    )
});

/// The German and Spanish ways to ask for the customer's Yes.
static ASKS_TO_CONFIRM_DE_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:(?:tippen|drücken|klicken)\s+Sie\s+(?:bitte\s+)?(?:auf\s+)?["„“'‚»]?Ja\b|sobald\s+Sie\s+(?:\S+\s+){0,2}?(?:bestätigen|zustimmen)|(?:pulse|toque|presione|haga\s+clic\s+en|diga)\s+["«“'‘]?S[íi]|(?:una\s+vez\s+que|cuando|en\s+cuanto)\s+(?:usted\s+)?(?:lo\s+)?confirme)"#,
    )
});

/// "I've prepared / set up / requested …", "… ready …", "once you confirm", "tap Yes": waiting.
static PENDING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:I(?:'ve|’ve| have)?|we(?:'ve|’ve| have))(?:\s+(?:now|just|already|gone ahead and))?\s+(?:prepared|set up|requested|asked for|put in)|got (?:a|an|the|your) \w+(?: \w+)? ready|once you confirm|(?:tap|press|click|say) yes|waiting for your (?:confirmation|yes))\b",
    )
});

/// Verbs of things no tool does: a claim to have done them is never supported. ("I've opened a
/// ticket", "I've applied the change" take their kind from the sentence's words instead.)
const NO_TOOL: &[&str] = &[
    "sent",
    "emailed",
    "forwarded",
    "notified",
    "contacted",
    "created",
    "raised",
    "logged",
    "filed",
    "scheduled",
    "arranged",
    "booked",
    "waived",
    "ordered",
    "gesendet",
    "geschickt",
    "zugeschickt",
    "weitergeleitet",
    "benachrichtigt",
    "kontaktiert",
    "erstellt",
    "angelegt",
    "gebucht",
    "vereinbart",
    "organisiert",
    "erlassen",
    "bestellt",
    "enviado",
    "reenviado",
    "notificado",
    "contactado",
    "creado",
    "registrado",
    "programado",
    "reservado",
    "organizado",
    "condonado",
];

/// Verbs that say a refund's money moved; flag_refund only requests one.
const MONEY_MOVED: &[&str] = &[
    "refunded",
    "issued",
    "processed",
    "credited",
    "erstattet",
    "rückerstattet",
    "zurückerstattet",
    "ausgezahlt",
    "überwiesen",
    "gutgeschrieben",
    "bearbeitet",
    "reembolsado",
    "emitido",
    "procesado",
    "tramitado",
    "abonado",
    "devuelto",
];

/// The sentence asks for the customer's Yes: whatever verb it uses ("I've submitted a refund
/// request — tap Yes to confirm"), the action waits.
static ASKS_TO_CONFIRM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:(?:tap|press|click|say)\s+(?:\*\*|["“'‘])?yes\b|(?:once|until|when) you confirm|waiting for your (?:confirmation|yes))"#,
    )
});

/// An order cancelled, or its cancellation: not "tap No to cancel", which declines the change
/// waiting for a Yes.
/// In German and Spanish: "storniert", "Stornierung", "cancelado", "cancelación" (not
/// "cancelar": "o No para cancelar" declines the change).
static CANCELLATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"cancell?(?:ed|ing|ation)\b|\bcancel\s+(?:\w+\s+)?orders?\b|\bstorn|\bcancelad|\bcancelaci|\banulad|\banulaci",
    )
});

/// The kind of action a sentence is about, from its object words.
fn kind_in(sentence: &str) -> ActionKind {
    let s = sentence.to_lowercase();
    if CANCELLATION.is_match(&s) {
        ActionKind::Cancellation
    } else if [
        "refund",
        "credited",
        "money back",
        "erstatt",
        "gutgeschrieben",
        "reembols",
        "abonad",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        ActionKind::Refund
    } else if s.contains("email") || s.contains("e-mail") || s.contains("correo") {
        ActionKind::EmailChange
    } else if [
        "ticket",
        "case",
        "request #",
        "anfrage",
        "incidencia",
        "caso",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        ActionKind::TicketUpdate
    } else {
        ActionKind::Unnamed
    }
}

/// The action claim of one sentence (if any), with the write of this turn that supports it: of
/// the same kind and outcome, and of the record the sentence names (`about`) when both say.
pub(super) fn claims<'w>(
    sentence: &str,
    writes: &'w [Write],
    about: Option<&RecordRef>,
) -> Option<(Range<usize>, Claim, Option<&'w Write>)> {
    let mut kind = kind_in(sentence);
    let stated =
        |m: &regex::Match<'_>| !negated(&sentence[..m.start()]) && !negated_within(m.as_str());
    let waits = ASKS_TO_CONFIRM.is_match(sentence) || ASKS_TO_CONFIRM_DE_ES.is_match(sentence);
    let mut done = DONE
        .find_iter(sentence)
        .chain(DONE_DE_ES.find_iter(sentence));
    let mut pending = PENDING
        .find_iter(sentence)
        .chain(PENDING_DE_ES.find_iter(sentence))
        .chain(ASKS_TO_CONFIRM_DE_ES.find_iter(sentence));
    let (found, outcome) = if let Some(m) = done.find(stated) {
        let verb = m.as_str().rsplit(' ').next().unwrap_or("").to_lowercase();
        if waits {
            (m, Outcome::Pending)
        } else {
            if NO_TOOL.contains(&verb.as_str()) {
                kind = ActionKind::NoTool;
            } else if kind == ActionKind::Refund
                && MONEY_MOVED.contains(&verb.as_str())
                && !is_passive(m.as_str())
            {
                kind = ActionKind::RefundPaid;
            }
            (m, Outcome::Applied)
        }
    } else if let Some(m) = pending.find(stated) {
        (m, Outcome::Pending)
    } else {
        return None;
    };
    let write = writes.iter().find(|w| {
        !matches!(
            kind,
            ActionKind::Cancellation | ActionKind::NoTool | ActionKind::RefundPaid
        ) && w.outcome == outcome
            && (w.kind == kind || kind == ActionKind::Unnamed)
            && (w.record.is_none() || about.is_none() || w.record.as_ref() == about)
    });
    let claim = Claim {
        kind: ClaimKind::Action,
        text: found.as_str().to_owned(),
        value: format!("{}:{}", label(kind), state(outcome)),
    };
    Some((found.range(), claim, write))
}

/// The word before an action is a negation: "nothing has been refunded", "no one has changed…".
fn negated(before: &str) -> bool {
    let before = before.trim_end().to_lowercase();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        last,
        "nothing"
            | "nobody"
            | "none"
            | "never"
            | "not"
            | "no"
            | "nunca"
            | "nada"
            | "nadie"
            | "nichts"
            | "nie"
            | "niemand"
    ) || before.ends_with("no one")
}

/// A German negation among the words of the claim itself: "Ich habe nichts geändert", "wurde
/// nicht storniert".
fn negated_within(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "nicht" | "nichts" | "kein" | "keine" | "keinen" | "nie" | "niemals"
        )
    })
}

/// "… has been refunded" rather than "I've refunded": a state, which a record may already be in.
pub(super) fn is_passive(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "has"
            | "have"
            | "was"
            | "were"
            | "wurde"
            | "wurden"
            | "ha"
            | "han"
            | "fue"
            | "fueron"
            | "se"
    )
}

/// The action claims in `answer` that no write of this turn supports, as claims of kind
/// `action` (value `refund:done`, `email_change:pending`, …).
#[cfg(test)]
pub fn unsupported(answer: &str, writes: &[Write]) -> Vec<Claim> {
    super::sentences(answer)
        .filter_map(|s| claims(s, writes, None))
        .filter(|(_, _, write)| write.is_none())
        .map(|(_, claim, _)| claim)
        .collect()
}

fn label(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Refund => "refund",
        ActionKind::EmailChange => "email_change",
        ActionKind::TicketUpdate => "ticket_update",
        ActionKind::Cancellation => "cancellation",
        ActionKind::NoTool => "no_tool",
        ActionKind::RefundPaid => "refund_paid",
        ActionKind::Unnamed => "change",
    }
}

fn state(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Applied => "done",
        Outcome::Pending => "waiting_for_confirmation",
    }
}

#[cfg(test)]
mod tests {
    use super::ActionKind::*;
    use super::Outcome::*;
    use super::*;

    /// (answer, this turn's writes, unsupported action values)
    type Did = (ActionKind, Outcome);

    const CASES: &[(&str, &[Did], &[&str])] = &[
        // Issue #9: an action that never happened.
        (
            "I've issued a full refund for order #1001.",
            &[],
            &["refund_paid:done"],
        ),
        ("Your refund has been processed.", &[], &["refund:done"]),
        (
            "I have changed your email to new@example.com.",
            &[],
            &["email_change:done"],
        ),
        (
            "I've cancelled order 1003 for you.",
            &[],
            &["cancellation:done"],
        ),
        // No tool cancels: never supported, whatever was written.
        (
            "I've cancelled order 1003 for you.",
            &[(Refund, Applied)],
            &["cancellation:done"],
        ),
        // A pending write is not done.
        (
            "I've refunded order 1002.",
            &[(Refund, Pending)],
            &["refund_paid:done"],
        ),
        // flag_refund asks for a refund; it pays nothing out.
        (
            "I've refunded order 1002.",
            &[(Refund, Applied)],
            &["refund_paid:done"],
        ),
        (
            "I've credited the money back to your card.",
            &[(Refund, Applied)],
            &["refund_paid:done"],
        ),
        (
            "I've submitted a refund request for order 1002.",
            &[(Refund, Applied)],
            &[],
        ),
        (
            "Your email has been updated.",
            &[(EmailChange, Pending)],
            &["email_change:done"],
        ),
        // …but waiting for the customer's Yes is exactly right.
        (
            "I've prepared a refund for order 1002. Nothing changes until you confirm: please tap Yes.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've got a refund ready for order 1002! Tap Yes to confirm.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've prepared that change. Please tap Yes to go ahead.",
            &[(EmailChange, Pending)],
            &[],
        ),
        // Asked for with nothing waiting.
        (
            "I've prepared a refund for you, tap Yes to confirm.",
            &[],
            &["refund:waiting_for_confirmation"],
        ),
        // Applied writes support done claims of their kind only.
        (
            "I've updated ticket #5001 to resolved.",
            &[(TicketUpdate, Applied)],
            &[],
        ),
        (
            "Your email has been changed.",
            &[(EmailChange, Applied)],
            &[],
        ),
        (
            "Your email has been changed.",
            &[(TicketUpdate, Applied)],
            &["email_change:done"],
        ),
        // "We" is the first person too.
        ("We've issued your refund.", &[], &["refund_paid:done"]),
        (
            "We've flagged the order for a refund.",
            &[(Refund, Applied)],
            &[],
        ),
        // No tool sends, opens, books or applies anything, whatever was written.
        (
            "I've sent you an email with the label.",
            &[(EmailChange, Applied)],
            &["no_tool:done"],
        ),
        (
            "I've created a ticket for you.",
            &[(TicketUpdate, Applied)],
            &["no_tool:done"],
        ),
        (
            "I've booked a courier pickup for you.",
            &[],
            &["no_tool:done"],
        ),
        // "applied" is a change like any other, of the kind its words name.
        (
            "I've applied your new email address.",
            &[(EmailChange, Applied)],
            &[],
        ),
        (
            "I've applied a discount to your order.",
            &[],
            &["change:done"],
        ),
        // Asking for the Yes in the same sentence: the action waits, whatever the verb.
        (
            "I've submitted a refund request, tap **Yes** to confirm.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've gone ahead and requested a refund.",
            &[],
            &["refund:waiting_for_confirmation"],
        ),
        // "No to cancel" declines the change waiting for a Yes: no cancellation.
        (
            "Nothing changes until you confirm: please tap Yes to go ahead or No to cancel.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've prepared the cancellation of order 1045, tap Yes.",
            &[(Refund, Pending)],
            &["cancellation:waiting_for_confirmation"],
        ),
        // Not action claims.
        ("Nothing has been refunded yet.", &[], &[]),
        ("I haven't changed anything.", &[], &[]),
        ("I can refund delivered orders within 30 days.", &[], &[]),
        ("Would you like me to change your email?", &[], &[]),
        ("I've checked that for you.", &[], &[]),
        ("Order 1001 has shipped.", &[], &[]),
    ];

    /// The same rules in German and Spanish.
    const CASES_DE_ES: &[(&str, &[Did], &[&str])] = &[
        (
            "Ich habe Ihnen die volle Summe für Bestellung 1001 erstattet.",
            &[(Refund, Applied)],
            &["refund_paid:done"],
        ),
        (
            "Ich habe Ihre E-Mail-Adresse geändert.",
            &[],
            &["email_change:done"],
        ),
        (
            "Ich habe Ihre E-Mail-Adresse geändert.",
            &[(EmailChange, Applied)],
            &[],
        ),
        (
            "Ihre E-Mail-Adresse wurde geändert.",
            &[(EmailChange, Pending)],
            &["email_change:done"],
        ),
        (
            "Ich habe Ihre Bestellung 1003 storniert.",
            &[(Refund, Applied)],
            &["cancellation:done"],
        ),
        (
            "Ich habe Ihnen eine E-Mail mit dem Etikett geschickt.",
            &[(EmailChange, Applied)],
            &["no_tool:done"],
        ),
        (
            "Ich habe eine Erstattung für Bestellung 1002 vorbereitet. Bitte tippen Sie auf „Ja“, um fortzufahren, oder auf „Nein“, um abzubrechen.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "Ich habe eine Erstattung vorbereitet, tippen Sie auf „Ja“.",
            &[],
            &["refund:waiting_for_confirmation"],
        ),
        ("Ich habe nichts geändert.", &[], &[]),
        ("Ihre Bestellung wurde nicht storniert.", &[], &[]),
        ("Soll ich Ihre E-Mail-Adresse ändern?", &[], &[]),
        (
            "He reembolsado el pedido 1002.",
            &[(Refund, Applied)],
            &["refund_paid:done"],
        ),
        (
            "He cambiado su correo electrónico.",
            &[(EmailChange, Applied)],
            &[],
        ),
        (
            "Su correo electrónico ha sido actualizado.",
            &[],
            &["email_change:done"],
        ),
        ("He cancelado su pedido 1003.", &[], &["cancellation:done"]),
        (
            "Le he enviado un correo con la etiqueta.",
            &[(EmailChange, Applied)],
            &["no_tool:done"],
        ),
        (
            "He preparado un reembolso para el pedido 1002. Pulse «Sí» para continuar o «No» para cancelar.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "He solicitado un reembolso.",
            &[],
            &["refund:waiting_for_confirmation"],
        ),
        ("No he cambiado nada.", &[], &[]),
        ("¿Quiere que cambie su correo electrónico?", &[], &[]),
        ("Su pedido 1001 ha sido enviado.", &[], &[]),
    ];

    #[test]
    fn german_and_spanish_action_claims_match_what_the_tools_did() {
        for (answer, list, want) in CASES_DE_ES {
            let writes = &writes(list);
            let got: Vec<String> = unsupported(answer, writes)
                .into_iter()
                .map(|c| c.value)
                .collect();
            assert_eq!(got, *want, "{answer:?} with {writes:?}");
        }
    }

    fn writes(list: &[Did]) -> Vec<Write> {
        list.iter()
            .enumerate()
            .map(|(i, (kind, outcome))| Write {
                call_id: format!("call_{i}"),
                tool: "tool".into(),
                kind: *kind,
                outcome: *outcome,
                record: None,
            })
            .collect()
    }

    #[test]
    fn action_claims_match_what_the_tools_did() {
        for (answer, list, want) in CASES {
            let writes = &writes(list);
            let got: Vec<String> = unsupported(answer, writes)
                .into_iter()
                .map(|c| c.value)
                .collect();
            assert_eq!(got, *want, "{answer:?} with {writes:?}");
        }
    }

    #[test]
    fn a_write_supports_claims_about_its_own_record_only() {
        use serde_json::json;
        let ticket = |id| RecordRef {
            kind: RecordKind::Ticket,
            id,
        };
        let applied = Write::of(
            "c1",
            "update_ticket",
            &json!({"applied": true, "ticket": {"id": 5007, "status": "resolved"}}),
        )
        .unwrap();
        assert_eq!(applied.record, Some(ticket(5007)));
        let pending = Write::of(
            "c2",
            "flag_refund",
            &json!({"applied": false, "pending_action": {"id": 7, "arguments": {"order_id": 1043}}}),
        )
        .unwrap();
        let order = RecordRef {
            kind: RecordKind::Order,
            id: 1043,
        };
        assert_eq!(pending.record, Some(order));

        let writes = [applied];
        let said = "I've resolved the ticket.";
        let supported = |about| claims(said, &writes, Some(&about)).unwrap().2.is_some();
        assert!(supported(ticket(5007)));
        assert!(!supported(ticket(5010)));
        // A sentence that names no record is not checked against one.
        assert!(claims(said, &writes, None).unwrap().2.is_some());
    }

    #[test]
    fn outcomes_are_read_from_results() {
        use serde_json::json;
        assert_eq!(outcome_of(&json!({"applied": true})), Some(Applied));
        assert_eq!(
            outcome_of(&json!({"applied": false, "pending_action": {"id": 1}})),
            Some(Pending)
        );
        assert_eq!(outcome_of(&json!({"error": {"code": "denied"}})), None);
        assert_eq!(kind_of_tool("flag_refund"), Some(Refund));
        assert_eq!(kind_of_tool("get_orders"), None);
    }
}
