//! The grounding guard's table of answers against one session, and its edge cases.

use super::ClaimKind::*;
use super::*;
use serde_json::json;

/// One session: a verified customer, three orders, two tickets and a
/// knowledge-base passage, in the shapes of docs/tools.md.
fn session() -> Facts {
    let mut facts = Facts::new();
    facts
        .add_tool_result(&json!({"verified": true, "customer": {"id": 3, "name": "Alice Martin"}}));
    facts.add_tool_result(&json!({"found": true, "customer": {
        "id": 3, "name": "Alice Martin", "email": "alice@example.com",
        "phone": "+1 555 0100 1234", "created_at": "2025-03-14T09:00:00Z"}}));
    facts.add_tool_result(&json!({"found": true, "count": 3, "orders": [
        {"id": 1042, "customer_id": 3, "product": "Wireless mouse", "amount_cents": 7999,
         "amount": "$79.99", "status": "shipped", "tracking_number": "1Z84A0E60312345678",
         "created_at": "2026-10-02T14:11:00Z", "updated_at": "2026-10-03T08:00:00Z"},
        {"id": 1043, "customer_id": 3, "product": "Laptop stand", "amount_cents": 123450,
         "amount": "$1,234.50", "status": "delivered", "tracking_number": null,
         "created_at": "2026-09-20T10:00:00Z", "updated_at": "2026-09-25T16:30:00Z"},
        {"id": 1044, "customer_id": 3, "product": "USB cable", "amount_cents": 2999,
         "amount": "$29.99", "status": "refund_requested", "tracking_number": null,
         "created_at": "2026-08-01T12:00:00Z", "updated_at": "2026-08-05T12:00:00Z"}]}));
    facts.add_tool_result(&json!({"found": true, "count": 2, "tickets": [
        {"id": 5007, "customer_id": 3, "subject": "Mouse double-clicks",
         "description": "The new mouse double-clicks.", "status": "open", "priority": "high",
         "assignee": null, "created_at": "2026-10-04T09:30:00Z", "updated_at": "2026-10-04T09:30:00Z"},
        {"id": 5010, "customer_id": 3, "subject": "Invoice copy", "description": "Needs a PDF.",
         "status": "in_progress", "priority": "low", "assignee": "dana",
         "created_at": "2026-09-01T09:00:00Z", "updated_at": "2026-09-02T09:00:00Z"}]}));
    facts.add_text(
        "Refunds are issued to the original payment method within 5–7 business days of approval. \
         A prepaid return label costs $15. Items can be returned within a 30-day window.",
    );
    facts
}

type Expected<'a> = &'a [(ClaimKind, &'a str)];

/// (answer, every claim extracted, the unsupported ones) against
/// [`session`]. Both lists are exact and in order.
#[rustfmt::skip]
const ANSWERS: &[(&str, Expected, Expected)] = &[
    // Grounded, in various formats.
    ("Your order #1042 (Wireless mouse, $79.99) has shipped. Tracking number: 1Z84A0E60312345678.",
        &[(OrderId, "1042"), (Money, "7999"), (Status, "shipped"), (Tracking, "1Z84A0E60312345678")],
        &[]),
    ("Orders 1042 and 1043 are on their way; order 1043 has been delivered.",
        &[(OrderId, "1042"), (OrderId, "1043"), (Status, "delivered")], &[]),
    ("I found #1042 and #1043 on your account.", &[(OrderId, "1042"), (OrderId, "1043")], &[]),
    ("Ticket #5007 is open and ticket 5010 is in progress.",
        &[(TicketId, "5007"), (Status, "open"), (TicketId, "5010"), (Status, "in_progress")], &[]),
    ("Status: in_progress (ticket 5010).", &[(Status, "in_progress"), (TicketId, "5010")], &[]),
    ("The laptop stand cost $1,234.50 and the mouse 79.99 USD.",
        &[(Money, "123450"), (Money, "7999")], &[]),
    ("You placed it on October 2, 2026 (2 Oct 2026, 10/02/2026, 2026-10-02).",
        &[(Date, "2026-10-02")], &[]),
    ("It shipped on Oct 3rd.", &[(Status, "shipped"), (Date, "--10-03")], &[]),
    ("We have ALICE@Example.COM and the phone ending in 1234 on file.",
        &[(Email, "alice@example.com"), (Phone, "1234")], &[]),
    ("Your number is (555) 0100-1234.", &[(Phone, "55501001234")], &[]),
    ("A refund has been requested for order 1044 ($29.99).",
        &[(Status, "refund_requested"), (OrderId, "1044"), (Money, "2999")], &[]),
    ("Your package is in transit.", &[(Status, "shipped")], &[]),
    ("Your ticket (#5007) is open.", &[(TicketId, "5007"), (Status, "open")], &[]),
    ("Your refund for order 1044 is pending.",
        &[(Status, "refund_requested"), (OrderId, "1044")], &[]),
    // Knowledge-base passage: dashes, "to" ranges and case normalised.
    ("Refunds take 5-7 business days, or 5 to 7 Business Days after approval.",
        &[(Duration, "5-7 business days")], &[]),
    ("Return labels cost $15 and you have 30 days to send it back.",
        &[(Money, "1500"), (Duration, "30 days")], &[]),
    // No claims at all.
    ("Thanks for reaching out! How can I help you today?", &[], &[]),
    ("Could you tell me your order number and the email on your account?", &[], &[]),
    ("I have escalated this to a person who will contact you shortly.", &[], &[]),
    ("This has been escalated to our support team.", &[], &[]),
    ("Once your order has shipped you will get an email. Orders are usually delivered quickly.",
        &[], &[]),
    ("Our chat is open every day, and we are open on weekends.", &[], &[]),
    ("Has your order shipped? Is it delivered?", &[], &[]),
    ("Your order hasn't shipped, and it has not been refunded.", &[], &[]),
    ("The card ending in 4242 was charged.", &[], &[]),
    ("The change of email is pending your confirmation.", &[], &[]),
    // Invented ids.
    ("Your order #1099 has shipped.", &[(OrderId, "1099"), (Status, "shipped")], &[(OrderId, "1099")]),
    ("Orders 1042 and 1045 are both yours.",
        &[(OrderId, "1042"), (OrderId, "1045")], &[(OrderId, "1045")]),
    ("I looked at #2001 for you.", &[(OrderId, "2001")], &[(OrderId, "2001")]),
    ("Ticket 5008 is being handled.", &[(TicketId, "5008")], &[(TicketId, "5008")]),
    // A ticket number presented as an order, a customer id as an order.
    ("Order 5007 is yours.", &[(OrderId, "5007")], &[(OrderId, "5007")]),
    ("Order 3 is yours.", &[(OrderId, "3")], &[(OrderId, "3")]),
    // Wrong amounts.
    ("Order 1042 came to $89.99.", &[(OrderId, "1042"), (Money, "8999")], &[(Money, "8999")]),
    ("The mouse was $80.", &[(Money, "8000")], &[(Money, "8000")]),
    // Wrong statuses.
    ("Good news, order 1043 has been refunded.",
        &[(OrderId, "1043"), (Status, "refunded")], &[(Status, "refunded")]),
    ("Your ticket has been escalated.", &[(Status, "escalated")], &[(Status, "escalated")]),
    ("Your order was cancelled.", &[(Status, "cancelled")], &[(Status, "cancelled")]),
    ("Status: resolved.", &[(Status, "resolved")], &[(Status, "resolved")]),
    // Made-up tracking numbers.
    ("Your tracking number is 1Z99X9X99999999999.",
        &[(Tracking, "1Z99X9X99999999999")], &[(Tracking, "1Z99X9X99999999999")]),
    ("Use tracking number 784512369874 on the carrier site.",
        &[(Tracking, "784512369874")], &[(Tracking, "784512369874")]),
    // Wrong dates.
    ("It was delivered on September 26, 2026.",
        &[(Status, "delivered"), (Date, "2026-09-26")], &[(Date, "2026-09-26")]),
    ("Your order was placed 10/12/2026.", &[(Date, "2026-10-12")], &[(Date, "2026-10-12")]),
    ("It will arrive on February 30.", &[(Date, "--02-30")], &[(Date, "--02-30")]),
    // Wrong contact details.
    ("I sent it to alice@example.org and to the phone ending in 9876.",
        &[(Email, "alice@example.org"), (Phone, "9876")],
        &[(Email, "alice@example.org"), (Phone, "9876")]),
    ("Call us on 555-0199.", &[(Phone, "5550199")], &[(Phone, "5550199")]),
    // Invented policy figures, not in any passage.
    ("Refunds are processed within 10 business days.",
        &[(Duration, "10 business days")], &[(Duration, "10 business days")]),
    ("There is a 20% restocking fee and a $25 return charge.",
        &[(Percent, "20%"), (Money, "2500")], &[(Percent, "20%"), (Money, "2500")]),
    ("I'll get back to you within 24 hours.", &[(Duration, "24 hours")], &[(Duration, "24 hours")]),
];

fn kv(claims: &[Claim]) -> Vec<(ClaimKind, &str)> {
    claims.iter().map(|c| (c.kind, c.value.as_str())).collect()
}

#[test]
fn answers_against_one_session() {
    assert!(ANSWERS.len() >= 30);
    let facts = session();
    for (answer, claims, unsupported) in ANSWERS {
        assert_eq!(kv(&extract_claims(answer)), *claims, "claims of {answer:?}");
        let got = unsupported_claims(answer, &facts);
        assert_eq!(kv(&got), *unsupported, "unsupported in {answer:?}");
    }
}

#[test]
fn text_is_as_written_and_value_normalised() {
    let claims = extract_claims("Order no. 1042 ($1,234.50) shipped to ALICE@Example.com.");
    let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Order no. 1042",
            "$1,234.50",
            "shipped",
            "ALICE@Example.com"
        ]
    );
    assert_eq!(kv(&claims)[1], (Money, "123450"));
}

#[test]
fn claims_serialise_with_snake_case_kinds() {
    let claim = &extract_claims("Ticket 5007.")[0];
    let json = serde_json::to_value(claim).unwrap();
    assert_eq!(
        json,
        json!({"kind": "ticket_id", "text": "Ticket 5007", "value": "5007"})
    );
}

#[test]
fn nothing_is_grounded_without_facts() {
    let facts = Facts::new();
    assert!(facts.is_empty());
    let got = unsupported_claims("Your order #1042 has shipped.", &facts);
    assert_eq!(kv(&got), [(OrderId, "1042"), (Status, "shipped")]);
    assert!(unsupported_claims("How can I help?", &facts).is_empty());
}

#[test]
fn errors_not_found_messages_and_argument_text_ground_nothing() {
    // Issue #9's laundering: every one of these repeats what the model itself asked for.
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"error": {"code": "not_found",
        "message": "no refund of $500.00 approved on 2026-12-24 for order 1099"}}));
    facts.add_tool_result(&json!({"found": false, "count": 0, "tickets": [],
        "message": "No ticket 5099 found; status resolved was asked for."}));
    facts.add_tool_result(&json!({"verified": false,
        "message": "Those details do not match 555-0100."}));
    facts.add_tool_result(&json!({"applied": false, "pending_action": {"id": 8,
        "tool": "flag_refund", "arguments": {"order_id": 1002,
        "reason": "refund of $500.00 approved on 2026-12-24"}, "state": "proposed"}}));
    let answer = "Your $500.00 refund was approved on 2026-12-24 for order 1099; \
                  ticket 5099 is resolved; phone 555-0100.";
    let got = unsupported_claims(answer, &facts);
    for (kind, value) in [
        (Money, "50000"),
        (Date, "2026-12-24"),
        (OrderId, "1099"),
        (TicketId, "5099"),
    ] {
        assert!(
            kv(&got).contains(&(kind, value)),
            "{kind:?} {value} was laundered: {got:?}"
        );
    }
    // The pending action's own id and its order id (checked by the tool) still ground.
    assert!(unsupported_claims("Order 1002 is waiting for your Yes.", &facts).is_empty());
}

#[test]
fn a_status_claimed_of_a_named_order_must_be_that_orders() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": true, "count": 2, "orders": [
        {"id": 1001, "status": "shipped", "amount_cents": 7999},
        {"id": 1003, "status": "pending", "amount_cents": 1500}]}));
    // Issue #9: pending is true of 1003, not of 1001.
    let got = unsupported_claims("Your order #1001 is pending now.", &facts);
    assert_eq!(kv(&got), [(Status, "pending")]);
    assert!(unsupported_claims("Your order #1001 has shipped.", &facts).is_empty());
    assert!(
        unsupported_claims("Order 1003 is pending. Order 1001 has shipped.", &facts).is_empty()
    );
    // Two records in one sentence: the flat check decides.
    assert!(unsupported_claims("Orders 1001 and 1003 are pending and shipped.", &facts).is_empty());
}

#[test]
fn more_formats_are_claims() {
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        ("You owe USD 500.00 now.", &[(Money, "50000")]),
        ("It costs 79,99 €.", &[(Money, "7999")]),
        ("A EUR 1.234,50 refund.", &[(Money, "123450")]),
        ("Your order no 1099 is fine.", &[(OrderId, "1099")]),
        ("Order nr. 1042 is here.", &[(OrderId, "1042")]),
        (
            "It arrived on 2.10.2026.",
            &[(Status, "delivered"), (Date, "2026-10-02")],
        ),
        ("It arrives OCTOBER 2, 2026.", &[(Date, "2026-10-02")]),
        ("You have 7 orders with us.", &[(Count, "orders:7")]),
        ("You have three open tickets.", &[(Count, "tickets:open:3")]),
        ("I may 5 times check.", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(kv(&extract_claims(text)), *want, "{text}");
    }
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": true, "count": 2, "orders": [
        {"id": 1001, "status": "shipped", "amount_cents": 7999},
        {"id": 1003, "status": "pending", "amount_cents": 50000}]}));
    assert!(unsupported_claims("You have 2 orders: USD 500.00 and 79,99 €.", &facts).is_empty());
    assert_eq!(
        kv(&unsupported_claims("You have 7 orders with us.", &facts)),
        [(Count, "orders:7")]
    );
}

#[test]
fn words_paraphrases_and_relative_dates() {
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        (
            "That is eighty-nine dollars and fifty cents.",
            &[(Money, "8950")],
        ),
        ("A refund of five hundred euros.", &[(Money, "50000")]),
        ("Your parcel has arrived.", &[(Status, "delivered")]),
        ("Your order is on its way.", &[(Status, "shipped")]),
        ("It will arrive tomorrow.", &[(Date, "relative:tomorrow")]),
        ("Expect it on Friday.", &[(Date, "relative:on friday")]),
    ];
    for (text, want) in cases {
        assert_eq!(kv(&extract_claims(text)), *want, "{text}");
    }
    let mut facts = Facts::new();
    facts.add_tool_result(
        &json!({"orders": [{"id": 1001, "status": "delivered", "amount_cents": 8950}]}),
    );
    assert!(
        unsupported_claims(
            "Order 1001 has arrived: eighty-nine dollars and fifty cents.",
            &facts
        )
        .is_empty()
    );
    assert_eq!(
        kv(&unsupported_claims(
            "Order 1001 will be refunded tomorrow.",
            &facts
        )),
        [(Date, "relative:tomorrow")]
    );
    // A passage that states it grounds it.
    facts.add_text("Refunds requested before noon are processed tomorrow.");
    assert!(unsupported_claims("It is processed tomorrow.", &facts).is_empty());
}

#[test]
fn the_customers_own_contact_details_ground_only_themselves() {
    let mut facts = Facts::new();
    facts
        .add_customer_words("I'm alice@example.com and my phone ends in 4821; order 1042 shipped.");
    assert!(
        unsupported_claims(
            "Thanks! The phone number ending in 4821 and alice@example.com are noted.",
            &facts
        )
        .is_empty()
    );
    // What the customer says about a record is no source.
    assert_eq!(
        kv(&unsupported_claims("Order 1042 has shipped.", &facts)),
        [(OrderId, "1042"), (Status, "shipped")]
    );
}

#[test]
fn sentences_keep_amounts_dates_and_abbreviations_whole() {
    let got: Vec<&str> =
        sentences("Order no. 1042 is $79.99. It shipped 2.10.2026! Next?\nDone; ok").collect();
    assert_eq!(
        got,
        [
            "Order no. 1042 is $79.99.",
            "It shipped 2.10.2026!",
            "Next?",
            "Done;",
            "ok"
        ]
    );
}

#[test]
fn an_empty_lookup_grounds_nothing() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": false, "count": 0, "orders": [],
        "message": "No orders found for customer 3."}));
    let got = unsupported_claims("Order 1042 was delivered.", &facts);
    assert_eq!(kv(&got), [(OrderId, "1042"), (Status, "delivered")]);
}

#[test]
fn a_tool_message_grounds_its_status_but_a_passage_does_not() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"applied": true,
        "message": "Order 1043 is now refund requested."}));
    assert!(unsupported_claims("Order 1043 is refund requested.", &facts).is_empty());
    // An error's words are no source (issue #9): they may repeat the model's own arguments.
    let mut refused = Facts::new();
    refused.add_tool_result(&json!({"error": {"code": "refused",
        "message": "Order 1043 is already refunded."}}));
    assert!(!unsupported_claims("Order 1043 is already refunded.", &refused).is_empty());

    // The passage states statuses ("Delivered orders"), yet grounds none.
    let passage = "Shipped orders cannot be cancelled. Delivered orders can be returned.";
    let stated = extract_claims(passage);
    assert_eq!(kv(&stated), [(Status, "shipped"), (Status, "delivered")]);
    let mut kb = Facts::new();
    kb.add_text(passage);
    let got = unsupported_claims("Your order has been delivered.", &kb);
    assert_eq!(kv(&got), [(Status, "delivered")]);
}

#[test]
fn a_customer_description_does_not_ground_a_status() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"ticket": {"id": 5007, "subject": "Where is it",
        "description": "My order has been delivered to the wrong house.", "status": "open"}}));
    let got = unsupported_claims("Your order has been delivered.", &facts);
    assert_eq!(kv(&got), [(Status, "delivered")]);
    assert!(unsupported_claims("Ticket 5007 is open.", &facts).is_empty());
}

#[test]
fn pending_action_and_string_ids_ground() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"applied": false, "pending_action": {"id": 7,
        "tool": "update_user_email", "arguments": {"customer_id": 3, "new_email": "New@Example.com"},
        "state": "proposed"}, "message": "Waiting for confirmation."}));
    facts.add_tool_result(&json!({"refund": {"order_id": "1042", "total": "$79.99"}}));
    let answer = "Once you confirm, new@example.com replaces your email. Order 1042: $79.99.";
    assert!(unsupported_claims(answer, &facts).is_empty());
    // The customer id in the arguments is no order number.
    assert_eq!(
        kv(&unsupported_claims("Order 3 is ready.", &facts)),
        [(OrderId, "3")]
    );
}

#[test]
fn ticket_ids_of_typed_records_do_not_ground_orders() {
    let mut facts = Facts::new();
    // A bare object: a ticket by its shape (subject, priority).
    facts.add_tool_result(
        &json!({"applied": true, "ticket": {"id": 5007, "subject": "x",
        "priority": "high", "status": "resolved"}}),
    );
    facts.add_tool_result(&json!({"id": 8001, "subject": "y", "priority": "low"}));
    assert!(unsupported_claims("Ticket 5007 is resolved; ticket 8001 too.", &facts).is_empty());
    let got = unsupported_claims("Order 5007 and order #8001.", &facts);
    assert_eq!(kv(&got), [(OrderId, "5007"), (OrderId, "8001")]);
}

#[test]
fn phones_compare_digits_and_suffixes() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"customer": {"id": 3, "phone": "+1 555 0100 1234"}}));
    for grounded in [
        "Your phone is +1 555 0100 1234.",
        "Your phone is 555.0100.1234.",
        "The last four digits of your phone are 1234.",
    ] {
        let claims = extract_claims(grounded);
        assert_eq!(claims.len(), 1, "{grounded}");
        assert!(facts.supports(&claims[0]), "{grounded}");
    }
    let got = unsupported_claims("Your phone is +1 555 0100 4321.", &facts);
    assert_eq!(kv(&got), [(Phone, "155501004321")]);
}

#[test]
fn a_date_without_year_matches_any_year_and_timestamps_use_their_own_offset() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"order": {"id": 1, "created_at": "2026-10-02T23:30:00-05:00"}}));
    assert!(unsupported_claims("It was placed on 2 October.", &facts).is_empty());
    assert!(unsupported_claims("It was placed on October 2, 2026.", &facts).is_empty());
    let got = unsupported_claims("It was placed on October 2, 2025.", &facts);
    assert_eq!(kv(&got), [(Date, "2025-10-02")]);
}

#[test]
fn list_numbers_need_a_hash_or_the_same_length() {
    let claims = extract_claims("Order 1042 and 3 other items, orders 1042, 1043 and #77.");
    assert_eq!(
        kv(&claims),
        [(OrderId, "1042"), (OrderId, "1043"), (OrderId, "77")]
    );
}

#[test]
fn a_bare_hash_after_a_ticket_is_a_ticket() {
    let claims = extract_claims("About your ticket: #5007 is open.");
    assert_eq!(kv(&claims), [(TicketId, "5007"), (Status, "open")]);
}

#[test]
fn odd_text_never_panics() {
    let parts = [
        "order #",
        "1042",
        "—",
        "€",
        "🙂",
        "$",
        "79.99",
        " ",
        "is open",
        "status:",
        "é",
        "#",
        "2026-10-02",
        "ending in ",
        "1234",
        "tracking ",
        "1Z84A0E603",
        ",",
        "?",
        "\n",
        "(",
        "has been ",
        "shipped",
        "5–7 days",
        "%",
        "ticket",
        "’s ",
        "@",
        "x.io",
    ];
    let mut facts = Facts::new();
    facts.add_text("5–7 business days, $15, order 1042 🙂");
    for a in &parts {
        for b in &parts {
            for c in parts.iter().step_by(4) {
                let text = format!("{a}{b}{c}{a}");
                for claim in unsupported_claims(&text, &facts) {
                    assert!(!claim.value.is_empty(), "{text:?}");
                }
            }
        }
    }
}

#[test]
fn more_status_forms_and_generic_uses() {
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        // A carrier's state no tool returns.
        (
            "Your mouse is out for delivery.",
            &[(Status, "out_for_delivery")],
        ),
        (
            "A refund for order 1042 has already been requested.",
            &[(Status, "refund_requested"), (OrderId, "1042")],
        ),
        // The id right after the noun is taken first; the status before it still counts.
        (
            "Your open ticket #5020 is about the adapter.",
            &[(Status, "open"), (TicketId, "5020")],
        ),
        // "a delivered order" is any such order, unless the clause says one exists.
        ("I can start a refund for a delivered order.", &[]),
        ("You have a pending order.", &[(Status, "pending")]),
        // A leading condition governs the clause after its comma.
        (
            "After your refund is approved, the status changes to refunded.",
            &[],
        ),
        ("Once it ships, it is on its way to you.", &[]),
        // …but narration is a statement.
        (
            "After checking, I see your order has shipped.",
            &[(Status, "shipped")],
        ),
        (
            "When I checked, your order had shipped.",
            &[(Status, "shipped")],
        ),
        ("Nothing has been refunded yet.", &[]),
        ("- **Status:** Delivered", &[(Status, "delivered")]),
    ];
    for (text, want) in cases {
        assert_eq!(kv(&extract_claims(text)), *want, "{text}");
    }
    // No record ever has it.
    let got = unsupported_claims("Order 1042 is out for delivery.", &session());
    assert_eq!(kv(&got), [(Status, "out_for_delivery")]);
}

#[test]
fn counts_by_status_and_before_an_id_list() {
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        (
            "You have two open tickets: #5021 and #5022.",
            &[
                (Count, "tickets:open:2"),
                (TicketId, "5021"),
                (TicketId, "5022"),
            ],
        ),
        (
            "Two of your tickets are open.",
            &[(Count, "tickets:open:2")],
        ),
        ("I see 3 support tickets.", &[(Count, "tickets:3")]),
        ("One pending order is left.", &[(Count, "orders:pending:1")]),
    ];
    for (text, want) in cases {
        assert_eq!(kv(&extract_claims(text)), *want, "{text}");
    }
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": true, "count": 3, "tickets": [
        {"id": 5020, "status": "resolved", "subject": "a"},
        {"id": 5021, "status": "open", "subject": "b"},
        {"id": 5022, "status": "open", "subject": "c"}]}));
    for grounded in [
        "You have two open tickets.",
        "You have 3 tickets.",
        "One ticket is resolved.",
    ] {
        assert!(
            unsupported_claims(grounded, &facts).is_empty(),
            "{grounded}"
        );
    }
    // Three tickets, but not three open ones.
    let got = unsupported_claims("You have three open tickets.", &facts);
    assert_eq!(kv(&got), [(Count, "tickets:open:3")]);
}

#[test]
fn durations_in_words_phone_context_weekdays_and_money_after_the_number() {
    let cases: &[(&str, &[(ClaimKind, &str)])] = &[
        ("It has a two-year warranty.", &[(Duration, "2 years")]),
        (
            "We answer within one business day.",
            &[(Duration, "1 business day")],
        ),
        (
            "Invoices are kept for seven years.",
            &[(Duration, "7 years")],
        ),
        // Only the clause says what ends in 4321.
        (
            "Your account (alice@example.com, phone ending in 4321) is fine.",
            &[(Email, "alice@example.com"), (Phone, "4321")],
        ),
        ("The card on file ending in 4242 was charged.", &[]),
        // A weekday names the date after it; it is a claim only when it is the wrong day.
        (
            "It arrives on Friday, September 25, 2026.",
            &[(Date, "2026-09-25")],
        ),
        (
            "It arrives on Thursday, September 25, 2026.",
            &[(Date, "relative:on thursday"), (Date, "2026-09-25")],
        ),
        ("It arrives on Friday, September 25.", &[(Date, "--09-25")]),
        ("It was 89,99 $ in total.", &[(Money, "8999")]),
    ];
    for (text, want) in cases {
        assert_eq!(kv(&extract_claims(text)), *want, "{text}");
    }
    // A full month name does not take the sentence's full stop.
    let claims = extract_claims("You opened it on the 4th of October.");
    assert_eq!(claims[0].text, "4th of October");
}

#[test]
fn saying_an_id_was_not_found_needs_a_lookup_that_left_it_out() {
    let mut facts = Facts::new();
    facts.add_result(
        "c1",
        "get_orders",
        &json!({"found": false, "count": 0, "orders": [],
        "message": "No order 1099 was found."}),
    );
    facts.add_result(
        "c2",
        "update_ticket",
        &json!({"error": {"code": "not_found",
        "message": "No ticket 5099 was found."}}),
    );
    facts.add_result(
        "c3",
        "flag_refund",
        &json!({"error": {"code": "refused",
        "message": "A refund for order 1044 was already requested."}}),
    );
    for grounded in [
        "I couldn't find order 1099.",
        "I wasn't able to find an order #1099 on your account.",
        "There is no ticket 5099.",
        "Order 1099 wasn't found.",
    ] {
        let ledger = Ledger::build(grounded, &facts, &[]);
        assert!(ledger.is_grounded(), "{grounded}: {:?}", ledger.claims);
    }
    // The id itself is still no fact, and a refusal says the order exists.
    for unsupported in ["Order 1099 is yours.", "I couldn't find order 1044."] {
        let ledger = Ledger::build(unsupported, &facts, &[]);
        assert!(!ledger.is_grounded(), "{unsupported}");
    }
    // The customer's own list leaves out every id it does not hold, and holds the ones it does.
    let mut listed = Facts::new();
    listed.add_result(
        "c1",
        "get_orders",
        &json!({"found": true, "count": 1, "orders": [
        {"id": 1042, "status": "shipped", "amount_cents": 7999}]}),
    );
    assert!(Ledger::build("I couldn't find order 1050.", &listed, &[]).is_grounded());
    assert!(!Ledger::build("I couldn't find order 1042.", &listed, &[]).is_grounded());
}

/// Alice's two orders of [`session`], for the binding of claims to records.
fn two_orders() -> Facts {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": true, "count": 3, "orders": [
        {"id": 1042, "status": "shipped", "amount_cents": 7999, "created_at": "2026-10-02T14:11:00Z"},
        {"id": 1043, "status": "delivered", "amount_cents": 123450, "created_at": "2026-09-20T10:00:00Z"},
        {"id": 1006, "status": "refunded", "amount_cents": 1000}]}));
    facts
}

#[test]
fn each_clause_is_about_the_record_it_names() {
    let facts = two_orders();
    let got = unsupported_claims(
        "Order 1043 came to $79.99 and order 1042 to $1,234.50.",
        &facts,
    );
    assert_eq!(kv(&got), [(Money, "7999"), (Money, "123450")]);
    let got = unsupported_claims("Order 1042 has shipped, but order 1043 is pending.", &facts);
    assert_eq!(kv(&got), [(Status, "pending")]);
    for grounded in [
        "That's $79.99 for order 1042 and $1,234.50 for order 1043.",
        "Orders 1042 and 1043 came to $79.99 and $1,234.50.",
        "Order 1043 ($1,234.50) was delivered, and order 1042 ($79.99) has shipped.",
    ] {
        assert!(
            unsupported_claims(grounded, &facts).is_empty(),
            "{grounded}"
        );
    }
}

#[test]
fn a_pronoun_a_list_item_or_a_table_row_is_about_its_record() {
    let facts = two_orders();
    let got = unsupported_claims(
        "Order 1042 was placed on October 2. It is delivered.",
        &facts,
    );
    assert_eq!(kv(&got), [(Status, "delivered")]);
    assert!(
        unsupported_claims(
            "Order 1042 was placed on October 2. It has shipped.",
            &facts
        )
        .is_empty()
    );
    // Only the pronoun's own clause, and only right after the record was named.
    assert!(
        unsupported_claims(
            "Order 1042 has shipped. It cost $79.99, and $1,234.50 was the stand.",
            &facts
        )
        .is_empty()
    );
    assert!(
        unsupported_claims("Order 1042 has shipped. Thanks! It is delivered.", &facts).is_empty()
    );

    let block = "**Order #1042** — mouse\n- Status: delivered\n- Total: $79.99";
    assert_eq!(
        kv(&unsupported_claims(block, &facts)),
        [(Status, "delivered")]
    );
    let table = "| Order | Status |\n|---|---|\n| #1042 | Delivered |\n| #1043 | Delivered |";
    assert_eq!(
        kv(&unsupported_claims(table, &facts)),
        [(Status, "delivered")]
    );
}

#[test]
fn a_passive_action_may_be_the_state_its_record_is_in() {
    let facts = two_orders();
    // Order 1006 is refunded: saying so claims no write of this turn.
    assert!(Ledger::build("Order 1006 has been refunded.", &facts, &[]).is_grounded());
    for unsupported in [
        "Order 1043 has been refunded.",
        "Your refund has been processed.",
        // The first person says it was done now.
        "I've refunded order 1006.",
    ] {
        assert!(
            !Ledger::build(unsupported, &facts, &[]).is_grounded(),
            "{unsupported}"
        );
    }
}

#[test]
fn a_records_own_words_quoted_verbatim_ground_what_they_say() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"found": true, "count": 1, "tickets": [
        {"id": 5002, "customer_id": 2, "subject": "Package marked delivered but not received",
         "description": "Tracking says delivered yesterday, nothing at my door.",
         "status": "in_progress", "priority": "low", "assignee": "dana",
         "created_at": "2026-10-02T09:53:00Z", "updated_at": "2026-10-02T15:53:00Z"}]}));
    let quoted = "Ticket #5002: Package marked delivered but not received. Status: in progress.";
    assert!(
        unsupported_claims(quoted, &facts).is_empty(),
        "{:?}",
        unsupported_claims(quoted, &facts)
    );
    // Said in the answer's own words, the package's status is a claim no record states.
    let paraphrase = "Ticket #5002 is in progress. Your package has been delivered.";
    let held: Vec<_> = unsupported_claims(paraphrase, &facts)
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(held, ["delivered"]);
}

#[test]
fn a_claim_kinds_name_is_its_serialized_name() {
    for kind in ClaimKind::ALL {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::Value::from(kind.as_str()),
            "{kind:?}"
        );
    }
}

/// German and Spanish answers against the same [`session`] (its tools answer in English): the
/// true ones are grounded and the false ones caught exactly as in English. Both lists are exact
/// and in order, as in [`ANSWERS`].
#[rustfmt::skip]
const ANSWERS_DE_ES: &[(&str, Expected, Expected)] = &[
    // German, grounded.
    ("Ihre Bestellung #1042 (Wireless mouse, 79,99 $) wurde versandt. Ihre Sendungsnummer lautet 1Z84A0E60312345678.",
        &[(OrderId, "1042"), (Money, "7999"), (Status, "shipped"), (Tracking, "1Z84A0E60312345678")], &[]),
    ("Bestellung 1043 über 1.234,50\u{a0}$ wurde am 25. September 2026 zugestellt.",
        &[(OrderId, "1043"), (Money, "123450"), (Date, "2026-09-25"), (Status, "delivered")], &[]),
    ("Sie haben die Bestellung am 2.10.2026 aufgegeben (2. Okt. 2026, 02.10.2026).",
        &[(Date, "2026-10-02")], &[]),
    ("Ihr Ticket 5007 ist offen und Ticket 5010 ist in Bearbeitung.",
        &[(TicketId, "5007"), (Status, "open"), (TicketId, "5010"), (Status, "in_progress")], &[]),
    ("Die Erstattung für Bestellung 1044 wurde beantragt (29,99 $).",
        &[(Status, "refund_requested"), (OrderId, "1044"), (Money, "2999")], &[]),
    ("Ihre Bestellnummer 1042 ist bereits unterwegs.",
        &[(OrderId, "1042"), (Status, "shipped")], &[]),
    ("Ihre Bestellung Nr. 1043 ist angekommen.", &[(OrderId, "1043"), (Status, "delivered")], &[]),
    ("Erstattungen dauern 5–7 Werktage; das Rücksendeetikett kostet 15 $.",
        &[(Duration, "5-7 business days"), (Money, "1500")], &[]),
    ("Sie haben 30 Tage Zeit für die Rücksendung.", &[(Duration, "30 days")], &[]),
    ("Ihre Telefonnummer endet auf 1234.", &[(Phone, "1234")], &[]),
    ("Sie haben 3 Bestellungen und ein offenes Ticket.", &[(Count, "orders:3"), (Status, "open")], &[]),
    // Spanish, grounded.
    ("Su pedido n.º 1042 (79,99 US$) ha sido enviado; el número de seguimiento es 1Z84A0E60312345678.",
        &[(OrderId, "1042"), (Money, "7999"), (Status, "shipped"), (Tracking, "1Z84A0E60312345678")], &[]),
    ("El pedido 1043 (1234,50 US$) fue entregado el 25 de septiembre de 2026.",
        &[(OrderId, "1043"), (Money, "123450"), (Status, "delivered"), (Date, "2026-09-25")], &[]),
    ("Su incidencia 5007 sigue abierta y el ticket 5010 está en curso.",
        &[(TicketId, "5007"), (Status, "open"), (TicketId, "5010"), (Status, "in_progress")], &[]),
    ("Hizo el pedido el 2/10/2026, es decir, el 2 oct. 2026.", &[(Date, "2026-10-02")], &[]),
    ("El ratón costó US$ 79,99 y el soporte 1.234,50 dólares.",
        &[(Money, "7999"), (Money, "123450")], &[]),
    ("Su pedido 1042 está en camino.", &[(OrderId, "1042"), (Status, "shipped")], &[]),
    ("Se ha solicitado el reembolso del pedido 1044.",
        &[(Status, "refund_requested"), (OrderId, "1044")], &[]),
    ("Los reembolsos tardan de 5 a 7 días hábiles.", &[(Duration, "5-7 business days")], &[]),
    ("Tiene dos tickets: #5007 y #5010.",
        &[(Count, "tickets:2"), (TicketId, "5007"), (TicketId, "5010")], &[]),
    ("El teléfono que termina en 1234 está guardado.", &[(Phone, "1234")], &[]),
    // No claims at all.
    ("Ist Ihre Bestellung versandt? Wurde sie schon zugestellt?", &[], &[]),
    ("Bitte halten Sie Ihren Personalausweis bereit.", &[], &[]),
    ("Wir sind rund um die Uhr für Sie da, der Chat ist offen.", &[], &[]),
    ("Ihre Bestellung wurde noch nicht versandt, und nichts wurde erstattet.", &[], &[]),
    ("Sobald Ihre Bestellung versandt wurde, erhalten Sie eine E-Mail.", &[], &[]),
    ("Ich habe Ihr Anliegen an unser Team eskaliert.", &[], &[]),
    ("Unsere Filiale in 10115 Berlin öffnet um 14:30 Uhr.", &[], &[]),
    ("Guten Morgen! Wie kann ich Ihnen heute helfen?", &[], &[]),
    ("Eine stornierte Bestellung wird erstattet.", &[], &[]),
    ("¿Su pedido ha sido enviado? ¿Está entregado?", &[], &[]),
    ("Su pedido no ha sido enviado todavía.", &[], &[]),
    ("Si su pedido es cancelado, le avisaremos.", &[], &[]),
    ("He escalado su caso a nuestro equipo.", &[], &[]),
    ("Buenos días, ¿en qué puedo ayudarle esta mañana?", &[], &[]),
    ("La factura puede estar a nombre de una persona física.", &[], &[]),
    ("Cuando un pedido ha sido entregado, puede devolverlo.", &[], &[]),
    ("El cambio de correo está pendiente de su confirmación.", &[], &[]),
    // Invented: ids, amounts, statuses, dates, tracking, policy figures, contact details.
    ("Ihre Bestellung 1099 wurde versandt.", &[(OrderId, "1099"), (Status, "shipped")], &[(OrderId, "1099")]),
    ("Bestellung 1042 kostete 89,99 $.", &[(OrderId, "1042"), (Money, "8999")], &[(Money, "8999")]),
    ("Gute Nachricht: Bestellung 1043 wurde erstattet.",
        &[(OrderId, "1043"), (Status, "refunded")], &[(Status, "refunded")]),
    ("Ihre Bestellung wurde storniert.", &[(Status, "cancelled")], &[(Status, "cancelled")]),
    ("Status: gelöst.", &[(Status, "resolved")], &[(Status, "resolved")]),
    ("Sie wurde am 26. September 2026 zugestellt.",
        &[(Date, "2026-09-26"), (Status, "delivered")], &[(Date, "2026-09-26")]),
    ("Die Bestellung wurde am 12/10/2026 aufgegeben.", &[(Date, "2026-10-12")], &[(Date, "2026-10-12")]),
    ("Ihre Sendungsnummer lautet 784512369874.", &[(Tracking, "784512369874")], &[(Tracking, "784512369874")]),
    ("Erstattungen werden innerhalb von 10 Werktagen bearbeitet.",
        &[(Duration, "10 business days")], &[(Duration, "10 business days")]),
    ("Es gibt eine Rücknahmegebühr von 20 % und 25 Dollar.",
        &[(Percent, "20%"), (Money, "2500")], &[(Percent, "20%"), (Money, "2500")]),
    ("Ihr Paket kommt morgen an.", &[(Date, "relative:tomorrow")], &[(Date, "relative:tomorrow")]),
    ("Wir melden uns nächste Woche.", &[(Date, "relative:next week")], &[(Date, "relative:next week")]),
    ("Ihre Telefonnummer endet auf 9876.", &[(Phone, "9876")], &[(Phone, "9876")]),
    ("Sie haben zwei offene Tickets.", &[(Count, "tickets:open:2")], &[(Count, "tickets:open:2")]),
    ("Su pedido 1099 ha sido enviado.", &[(OrderId, "1099"), (Status, "shipped")], &[(OrderId, "1099")]),
    ("El pedido 1042 costó 89,99 US$.", &[(OrderId, "1042"), (Money, "8999")], &[(Money, "8999")]),
    ("Su pedido 1043 fue reembolsado.", &[(OrderId, "1043"), (Status, "refunded")], &[(Status, "refunded")]),
    ("Su pedido fue cancelado.", &[(Status, "cancelled")], &[(Status, "cancelled")]),
    ("Su ticket 5010 está resuelto.", &[(TicketId, "5010"), (Status, "resolved")], &[(Status, "resolved")]),
    ("Lo recibirá el viernes o, como tarde, la próxima semana.",
        &[(Date, "relative:on friday"), (Date, "relative:next week")],
        &[(Date, "relative:on friday"), (Date, "relative:next week")]),
    ("Llegará mañana.", &[(Date, "relative:tomorrow")], &[(Date, "relative:tomorrow")]),
    ("Fue entregado el 26 de septiembre de 2026.",
        &[(Status, "delivered"), (Date, "2026-09-26")], &[(Date, "2026-09-26")]),
    ("El pedido se hizo el 10/12/2026.", &[(Date, "2026-12-10")], &[(Date, "2026-12-10")]),
    ("Los reembolsos se procesan en 10 días hábiles.",
        &[(Duration, "10 business days")], &[(Duration, "10 business days")]),
    ("Hay una tarifa del 20 % y un cargo de 25 dólares.",
        &[(Percent, "20%"), (Money, "2500")], &[(Percent, "20%"), (Money, "2500")]),
    ("Le llamaremos al teléfono que termina en 9876.", &[(Phone, "9876")], &[(Phone, "9876")]),
    ("Tiene tres tickets abiertos.", &[(Count, "tickets:open:3")], &[(Count, "tickets:open:3")]),
];

#[test]
fn german_and_spanish_answers_against_one_session() {
    assert!(ANSWERS_DE_ES.len() >= 50);
    let facts = session();
    let mut wrong = vec![];
    for (answer, claims, unsupported) in ANSWERS_DE_ES {
        let got = extract_claims(answer);
        if kv(&got) != *claims {
            wrong.push(format!(
                "claims of {answer:?}:\n   got {:?}\n  want {claims:?}",
                kv(&got)
            ));
            continue;
        }
        let got = unsupported_claims(answer, &facts);
        if kv(&got) != *unsupported {
            wrong.push(format!(
                "unsupported in {answer:?}:\n   got {:?}\n  want {unsupported:?}",
                kv(&got)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn german_and_spanish_claims_are_about_the_record_they_name() {
    let facts = two_orders();
    let got = unsupported_claims(
        "Bestellung 1043 kostete 79,99 $ und Bestellung 1042 1.234,50 $.",
        &facts,
    );
    assert_eq!(kv(&got), [(Money, "7999"), (Money, "123450")]);
    let got = unsupported_claims(
        "Bestellung 1042 wurde versandt, aber Bestellung 1043 ist ausstehend.",
        &facts,
    );
    assert_eq!(kv(&got), [(Status, "pending")]);
    for grounded in [
        "El pedido 1042 costó 79,99 US$ y el pedido 1043 1.234,50 US$.",
        "Bestellung 1042 wurde am 2. Oktober aufgegeben. Sie ist bereits unterwegs.",
        "El pedido 1042 se hizo el 2 de octubre. Está en camino.",
        "| Pedido | Estado |\n|---|---|\n| #1042 | Enviado |\n| #1043 | Entregado |",
    ] {
        assert!(
            unsupported_claims(grounded, &facts).is_empty(),
            "{grounded}: {:?}",
            unsupported_claims(grounded, &facts)
        );
    }
    // The pronoun's sentence, a table row and a list item are about their record.
    for (answer, held) in [
        (
            "Bestellung 1042 wurde am 2. Oktober aufgegeben. Es ist zugestellt.",
            "delivered",
        ),
        (
            "El pedido 1042 se hizo el 2 de octubre. Fue entregado.",
            "delivered",
        ),
        (
            "| Pedido | Estado |\n|---|---|\n| #1042 | Entregado |",
            "delivered",
        ),
        ("**Bestellung #1042**\n- Status: zugestellt", "delivered"),
    ] {
        let got: Vec<_> = unsupported_claims(answer, &facts)
            .into_iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(got, [held], "{answer}");
    }
    // A passive action may be the state its record is in, in German and Spanish too.
    assert!(Ledger::build("Bestellung 1006 wurde erstattet.", &facts, &[]).is_grounded());
    assert!(Ledger::build("El pedido 1006 ha sido reembolsado.", &facts, &[]).is_grounded());
    assert!(!Ledger::build("Bestellung 1043 wurde erstattet.", &facts, &[]).is_grounded());
    assert!(!Ledger::build("Ich habe Bestellung 1006 erstattet.", &facts, &[]).is_grounded());
}

#[test]
fn an_id_said_not_to_exist_in_german_and_spanish() {
    let mut listed = Facts::new();
    listed.add_result(
        "c1",
        "get_orders",
        &json!({"found": true, "count": 1, "orders": [
        {"id": 1042, "status": "shipped", "amount_cents": 7999}]}),
    );
    for grounded in [
        "Ich konnte Bestellung 1050 nicht finden.",
        "Es gibt keine Bestellung 1050.",
        "Bestellung 1050 wurde nicht gefunden.",
        "No encontré el pedido 1050.",
        "No existe ningún pedido 1050.",
        "El pedido 1050 no existe.",
        // Not said to be absent: an order that is there.
        "No puedo cancelar el pedido 1042.",
    ] {
        let ledger = Ledger::build(grounded, &listed, &[]);
        assert!(ledger.is_grounded(), "{grounded}: {:?}", ledger.claims);
    }
    for unsupported in [
        "Ich konnte Bestellung 1042 nicht finden.",
        "No encontré el pedido 1042.",
        "Ihre Bestellung 1050 ist unterwegs.",
    ] {
        assert!(
            !Ledger::build(unsupported, &listed, &[]).is_grounded(),
            "{unsupported}"
        );
    }
}

#[test]
fn a_numeric_date_is_read_day_first_in_german_and_spanish() {
    let mut facts = Facts::new();
    facts.add_tool_result(&json!({"order": {"id": 1042, "created_at": "2026-10-02T14:11:00Z"}}));
    // The answer's own words decide.
    for grounded in [
        "Sie haben Bestellung 1042 am 2/10/2026 aufgegeben.",
        "Hizo el pedido 1042 el 2/10/2026.",
        "You placed order 1042 on 10/2/2026.",
    ] {
        assert!(
            unsupported_claims(grounded, &facts).is_empty(),
            "{grounded}"
        );
    }
    assert_eq!(
        kv(&unsupported_claims(
            "You placed order 1042 on 2/10/2026.",
            &facts
        )),
        [(Date, "2026-02-10")]
    );
    // Words that tell nothing: the session's language, when known, decides.
    let neutral = "#1042: 2/10/2026";
    assert_eq!(
        kv(&unsupported_claims(neutral, &facts)),
        [(Date, "2026-02-10")]
    );
    let mut german = facts.clone();
    german.set_session_language("de");
    assert!(unsupported_claims(neutral, &german).is_empty());
    // …but not over the answer's own English words.
    assert_eq!(
        kv(&unsupported_claims(
            "You placed order 1042 on 2/10/2026.",
            &german
        )),
        [(Date, "2026-02-10")]
    );
    // An impossible month is read the other way, whatever the language.
    assert_eq!(
        kv(&extract_claims("Hizo el pedido el 10/25/2026.")),
        [(Date, "2026-10-25")]
    );
}

#[test]
fn german_and_spanish_sentences_keep_dates_and_abbreviations_whole() {
    let got: Vec<&str> = sentences(
        "Ihre Bestellung wurde am 2. Dezember 2026 versandt. Sie kommt am 4.12. an. Nr. 1042 \
         kostet 79,99 $. Er kam am 2. Danach nichts. El pedido llegó el 2 dic. 2026. Gracias",
    )
    .collect();
    assert_eq!(
        got,
        [
            "Ihre Bestellung wurde am 2. Dezember 2026 versandt.",
            "Sie kommt am 4.12. an.",
            "Nr. 1042 kostet 79,99 $.",
            "Er kam am 2.",
            "Danach nichts.",
            "El pedido llegó el 2 dic. 2026.",
            "Gracias"
        ]
    );
    let text = "Ihre Bestellung 1042 wurde am 2. Dezember 2026 versandt. Sie kostete 79,99\u{a0}$! \
                ¿Algo más?";
    for size in [1, 2, 3, 5, 8, 13, 100] {
        let mut gate = SentenceGate::new();
        let mut got = vec![];
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(size) {
            got.extend(gate.push(&chunk.iter().collect::<String>()));
        }
        got.extend(gate.finish());
        assert_eq!(
            got,
            [
                "Ihre Bestellung 1042 wurde am 2. Dezember 2026 versandt.",
                "Sie kostete 79,99\u{a0}$!",
                "¿Algo más?"
            ],
            "chunks of {size}"
        );
    }
}

#[test]
fn german_and_spanish_odd_text_never_panics() {
    let parts = [
        "Bestellung ",
        "pedido n.º ",
        "1042",
        "2. ",
        "Dez.",
        "am ",
        "wurde ",
        "versandt",
        "está ",
        "en camino",
        "€",
        "US$",
        "ß",
        "¿",
        "?",
        "ñ",
        ",",
        "99",
        " ",
        "Werktage",
        "días hábiles",
        "morgen",
        "mañana",
        "endet auf ",
        "1234",
        "%",
        "\u{a0}",
        "nicht ",
        "se ",
        "envió",
    ];
    let facts = session();
    for a in &parts {
        for b in &parts {
            for c in parts.iter().step_by(3) {
                let text = format!("{a}{b}{c}{a}");
                for claim in Ledger::build(&text, &facts, &[]).claims {
                    assert!(!claim.value.is_empty(), "{text:?}");
                }
            }
        }
    }
}
