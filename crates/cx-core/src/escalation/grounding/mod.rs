//! The grounding guard: before an assistant's final answer reaches the
//! customer, every concrete claim in it must have a source among the facts
//! that tools returned in this session (DESIGN.md, "One customer turn", step
//! 4). A claim with no source means hallucination risk: the engine escalates
//! and holds the text back.
//!
//! This module is pure: [`extract_claims`] finds the claims in a text,
//! [`Facts`] collects what tool results (and knowledge-base passages) say,
//! and [`unsupported_claims`] is the difference.
//!
//! Claim rules, and where the line is drawn:
//! - **Order / ticket ids**: "order #1042", "order 1042", "order no. 1042",
//!   "orders 1042 and 1043", "ticket 5007"; a bare "#1042" is an order unless
//!   the sentence last named a ticket. In a list, a further number counts only
//!   with a "#" or with as many digits as the first ("order 1042 and 3 other
//!   items" claims no order 3). Grounded by the `id` of an order (ticket)
//!   record, an `order_id` (`ticket_id`) key, or any other id-like key that
//!   belongs to neither kind (`pending_action.id`, `*_id`). A customer id never
//!   grounds an order or ticket number. An id said *not* to exist ("I couldn't
//!   find order 1099", "there is no ticket 5099", "order 1099 wasn't found")
//!   claims its absence instead: grounded only by a tool that said so (a
//!   "nothing found" message or a `not_found` / `denied` error naming it) or by
//!   a list of the customer's orders (tickets) from which no result ever named
//!   it — never by a record that has it.
//! - **Money**: "$79.99", "79.99 USD", "$80", "$1,234.50", "12 dollars",
//!   "USD 500.00", "EUR 12,50", "1.234,56 €", "79,99 $", "£10", "eighty-nine
//!   dollars and fifty cents" → cents, whatever the currency. Grounded by any
//!   `*_cents` integer or any money written in a fact string (`"amount":
//!   "$79.99"`). "$80" is not "$79.99": no rounding.
//! - **Status**: the words of docs/tools.md (pending, shipped, delivered,
//!   refund requested, refunded, open, in progress, resolved, escalated), a few
//!   synonyms (in transit / dispatched / on its way → shipped, arrived →
//!   delivered, closed → resolved) and "cancelled" and "out for delivery",
//!   which the system never has. A status word is a claim only where it states
//!   a record's status: "status: open", "**Status:** Delivered", "status is
//!   shipped", "has shipped", "is delivered", "has been refunded", "your open
//!   ticket", and the cell of a markdown table's "Status" column. A
//!   refund that "has been requested", "is pending" or "is in progress" is
//!   the order status refund_requested. It is not a claim in a hypothetical or
//!   generic clause ("once it has shipped", "orders are usually delivered
//!   within…"), nor in the clause a leading condition governs ("After your
//!   refund is approved, the status changes to refunded"; narration such as
//!   "When I checked, …" or "After checking, …" is a statement), nor of "a" /
//!   "any" record ("a refund for a delivered order") unless the clause says one
//!   exists ("you have a pending order"), after a modal ("should have
//!   shipped"), in a question, when negated ("hasn't shipped", "nothing has
//!   been refunded" are not checked), for "escalated" said of the
//!   handoff itself ("I have escalated this to a person", "escalated to our
//!   team"), or for "open" without a ticket-like subject ("we are open").
//!   Grounded if some record has that status value.
//! - **Dates**: 2026-10-02, "October 2, 2026", "Oct 2nd 2026", "2 Oct 2026",
//!   "10/02/2026" (US month/day; day/month only when that is impossible),
//!   "2.10.2026" (day.month.year) →
//!   YYYY-MM-DD; a date with no year ("October 2") → "--10-02" and matches any
//!   year. Grounded by any date or RFC 3339 timestamp in a fact string, read in
//!   the timestamp's own offset (tool times are UTC). Relative dates
//!   ("tomorrow", "on Friday", "next week", "by Monday") are claims no record
//!   states: only a passage that says the same grounds them. A weekday right
//!   before a date ("on Friday, September 25, 2026") is part of that date, and
//!   a claim of its own only when it is the wrong day for a date with a year.
//! - **Counts**: "You have 3 orders" → `orders:3`, "two support tickets" →
//!   `tickets:2`; with
//!   a status before the noun or said of it right after ("two open tickets",
//!   "two tickets are open") → `tickets:open:2`. Grounded by a lookup's `count`
//!   or list length, and the number of its records with that status.
//! - **Email**: case-insensitive.
//! - **Phone**: digits only; "ending in 1234" / "last four digits 1234" is a
//!   partial phone. Grounded when one digit string ends with the other (the
//!   shorter at least 4 digits), so "+1 555 0100 1234", "555 0100 1234" and
//!   "ending in 1234" all match the same customer phone. The words before
//!   "ending in" must be the clause's own: "the card ending in 4242" is no
//!   phone, "your account (…, phone ending in 4321)" is.
//! - **Tracking**: an alphanumeric token of at least 10 characters mixing
//!   letters and digits, or any code with a digit right after "tracking
//!   (number)". Grounded by `tracking_number` values (compared as uppercase
//!   letters and digits).
//! - **Duration** and **Percent** (kinds added to the brief's list): policy
//!   figures such as "5–7 business days", "30-day", "within 24 hours",
//!   "two-year", "seven years", "15%". Tools never return them, so only a
//!   passage grounds them; an invented SLA or fee is exactly the hallucination
//!   to catch.
//! - **Actions**: see `actions`. A passive one ("order 1006 has been
//!   refunded") is also supported by the named record's own status saying so:
//!   a state it is in, which no write of this turn needs to have made.
//!
//! Which record a claim is about (amounts, dates, statuses and tracking claimed
//! of a named record must be that record's own): the order or ticket its clause
//! names, when exactly one ("Order 1043 came to $79.99 and order 1042 to
//! $1,234.50" binds each amount); else the one its sentence names; else, for a
//! sentence going on with "It …", the previous sentence's record (the pronoun's
//! clause only); for a list item ("- Status: shipped"), the record the line
//! above the list named; for a table row, the record in the row. A list of
//! several ("Orders 1042 and 1043 are on their way") is checked flat: some
//! record must have the value.
//!
//! **German and Spanish** (`languages`): every kind above is also read in the forms a model
//! answering in the customer's language writes, and normalised to the English value, so the
//! same facts ground them and the same rules hold them back:
//! - ids: "Bestellung 1042", "Bestellnummer 1042", "Ihre Bestellung Nr. 1042", "Ticket 5020",
//!   "Ticketnummer 5020", "pedido 1042", "pedido n.º 1042", "pedido número 1042", "ticket n.º
//!   5020", "incidencia 5020"; lists with "und", "oder", "y", "o"; "Es gibt keine Bestellung
//!   1099", "No encontré el pedido 1099", "el pedido 1099 no existe" say it is absent.
//! - money: "79,99 $", "1.234,56 $" (Intl's German, a no-break space before the sign), "79,99
//!   US$", "US$ 79,99", "1234,56 US$", "79,99 Dollar", "79,99 dólares": a last `.` or `,` with
//!   one or two digits is the decimal mark, any other groups thousands. "14:30 Uhr" and a
//!   postcode are no money.
//! - dates: "2. Dezember 2026", "2. Dez. 2026", "am 2.12.2026", "02.12.2026", "am 2.12." (no
//!   year), "2 de diciembre de 2026", "2 dic. 2026", "diciembre 2"; a numeric "2/12/2026" is day
//!   first when the answer's own words are German or Spanish (or any language but English, by
//!   `cx_text::language::guess` over the whole answer), else when the session's language set
//!   with [`Facts::set_session_language`] is; US month first otherwise. The answer decides first:
//!   a customer who writes English in a German session gets English answers.
//! - statuses: versandt / verschickt / unterwegs / auf dem Weg → shipped, zugestellt / geliefert
//!   / angekommen → delivered, erstattet → refunded, storniert → cancelled, offen → open, in
//!   Bearbeitung → in_progress, gelöst / erledigt / geschlossen → resolved, eskaliert →
//!   escalated, ausstehend → pending, "Erstattung … beantragt" → refund_requested; enviado / en
//!   camino → shipped, entregado / llegó → delivered, reembolsado → refunded, cancelado →
//!   cancelled, abierto → open, en curso / en proceso → in_progress, resuelto / cerrado →
//!   resolved, escalado → escalated, pendiente → pending, "reembolso … solicitado" →
//!   refund_requested — any gender, number or German ending. A claim where they state a
//!   record's status: "Status: versandt", "ist bereits versandt", "wurde am 3. Oktober
//!   zugestellt" (an auxiliary, up to five words, the status), "…, dass sie versandt wurde",
//!   "Ihr offenes Ticket", "Estado: enviado", "ha sido enviado", "está en camino", "se envió",
//!   "su ticket abierto". Not in a question ("Ist Ihre Bestellung versandt?", "¿Ha sido
//!   enviado?"), a condition or generic clause ("Sobald…", "wenn", "normalerweise", "Si…",
//!   "Cuando…"), negated ("wurde noch nicht versandt", "no ha sido enviado"), future or modal
//!   ("wird versandt", "debería haber sido enviado"), of "ein"/"un" record nobody has, for the
//!   handoff ("an unser Team eskaliert", "escalado a nuestro equipo"), for "offen" without a
//!   ticket-like subject, nor "pendiente de su confirmación".
//! - relative dates: morgen (not "Guten Morgen"), gestern, übermorgen, nächste Woche, am Freitag,
//!   bis Montag; mañana (not "esta mañana"), ayer, la próxima semana, la semana que viene, el
//!   viernes, para el lunes — valued as "tomorrow", "next week", "on friday", "by monday".
//! - durations, percents, counts, phones, tracking: "3 Werktage", "2–3 Tage", "2 bis 3
//!   Werktagen", "zwei Jahre", "3 días hábiles", "de 5 a 7 días laborables"; "15 %", "15,5 %",
//!   "15 Prozent", "15 por ciento"; "3 Bestellungen", "zwei offene Tickets", "dos tickets
//!   abiertos"; "endet auf 1234", "que termina en 1234", "últimos cuatro dígitos"; "Ihre
//!   Sendungsnummer lautet …", "número de seguimiento".
//! - actions: "Ich habe Ihre E-Mail-Adresse geändert", "wurde geändert", "Ich habe … erstattet"
//!   (money moved), "Ich habe eine Erstattung vorbereitet — tippen Sie auf „Ja“", "He cambiado
//!   su correo", "ha sido actualizado", "He preparado un reembolso… pulse «Sí»", "Le he enviado
//!   un correo" (no tool does that).
//! - sentences: "2. Dezember", "am 4.12. an", "Nr.", "Dez. 2026", "dic. 2026" do not end one.
//!
//! Knowledge-base passages given to [`Facts::add_text`] ground any claim found
//! in them (dashes and case normalised by the extractors), except a status:
//! "once an order has shipped…" in a policy says nothing about this
//! customer's order. Strings inside tool results are read the same way, and
//! there a status does count when the tool itself says it in a `message`
//! ("Order 1043 is already refunded."). A sentence of a retrieved passage, or a
//! record's own subject, description or product, quoted word for word in the
//! answer grounds every claim inside the quotation, a status too.

mod actions;
mod extract;
mod facts;
mod languages;
mod ledger;
mod sentences;
mod stream;
#[cfg(test)]
mod tests;

pub use actions::{ActionKind, Outcome, Write};
pub use extract::extract_claims;
pub use facts::Facts;
pub use ledger::{Ledger, LedgerEntry, RecordKind, RecordRef, Source};
pub(crate) use sentences::sentences;
pub use stream::SentenceGate;

use serde::{Deserialize, Serialize};

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    OrderId,
    TicketId,
    Money,
    Status,
    Date,
    Email,
    Phone,
    Tracking,
    /// A time span stated as policy: "5–7 business days".
    Duration,
    /// A percentage stated as policy: "15%".
    Percent,
    /// Something done or waiting for a Yes ("I've refunded…"): see `actions`.
    Action,
    /// How many records: "You have 7 orders" is `orders:7`, "two open tickets" `tickets:open:2`.
    Count,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 12] = [
        ClaimKind::OrderId,
        ClaimKind::TicketId,
        ClaimKind::Money,
        ClaimKind::Status,
        ClaimKind::Date,
        ClaimKind::Email,
        ClaimKind::Phone,
        ClaimKind::Tracking,
        ClaimKind::Duration,
        ClaimKind::Percent,
        ClaimKind::Action,
        ClaimKind::Count,
    ];

    /// The kind's name as stored and serialized (`order_id`, `money`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::OrderId => "order_id",
            ClaimKind::TicketId => "ticket_id",
            ClaimKind::Money => "money",
            ClaimKind::Status => "status",
            ClaimKind::Date => "date",
            ClaimKind::Email => "email",
            ClaimKind::Phone => "phone",
            ClaimKind::Tracking => "tracking",
            ClaimKind::Duration => "duration",
            ClaimKind::Percent => "percent",
            ClaimKind::Action => "action",
            ClaimKind::Count => "count",
        }
    }
}

/// One concrete claim found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// As written in the answer, e.g. "order #1042", "$79.99", "has shipped".
    pub text: String,
    /// Normalised for comparison: "1042", "7999" (cents), "shipped",
    /// "2026-10-02" or "--10-02", "alice@example.com", "15550101234"
    /// (digits), "1Z84A0E60312345678", "5-7 business days", "15%", "orders:7",
    /// "relative:tomorrow", "refund:done".
    pub value: String,
}

/// The claims of `answer` that no fact supports, leaving out action claims (which need this
/// turn's writes: see [`Ledger::build`]); empty when the answer may go to the customer.
pub fn unsupported_claims(answer: &str, facts: &Facts) -> Vec<Claim> {
    let mut ledger = Ledger::build(answer, facts, &[]);
    ledger.claims.retain(|c| c.kind != ClaimKind::Action);
    ledger.unsupported_claims()
}
