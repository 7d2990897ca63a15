//! Entity extraction, including the ambiguous numbers.

use cx_text::entities::{Entities, Expecting, extract, extract_expecting, new_email};

fn orders(text: &str) -> Vec<i64> {
    extract(text).order_ids
}
fn phone(text: &str) -> Option<String> {
    extract(text).phone_last4
}

#[test]
fn emails_are_found_and_lower_cased() {
    let e = extract("Hi, I'm Alice.Martin+shop@Example.COM.");
    assert_eq!(e.emails, ["alice.martin+shop@example.com"]);
    let e = extract("old: a@b.io, new: c.d@e-f.co.uk; a@b.io again");
    assert_eq!(e.emails, ["a@b.io", "c.d@e-f.co.uk"]);
    assert!(extract("email me @ home").emails.is_empty());
}

#[test]
fn order_numbers_in_their_usual_forms() {
    for text in [
        "order 1042",
        "Order #1042",
        "#1042",
        "order no. 1042",
        "order number 1042",
        "ORDER NR 1042 please",
        "my order's id is 1042",
        "1042 is my order number",
        "where is ordr 1042?",
        "purchase #1042",
    ] {
        assert_eq!(orders(text), [1042], "{text}");
    }
    assert_eq!(orders("orders 1042 and 1043"), [1042, 1043]);
    assert_eq!(orders("orders 1042 1043"), [1042, 1043]);
    assert_eq!(orders("order 1042-1043"), [1042, 1043]);
    assert_eq!(orders("orders: 1042, 1043 & 1044"), [1042, 1043, 1044]);
    assert_eq!(
        orders("order 12"),
        Vec::<i64>::new(),
        "order ids start at 1000"
    );
}

#[test]
fn ticket_numbers() {
    assert_eq!(extract("ticket 5007").ticket_ids, [5007]);
    assert_eq!(extract("case #5007").ticket_ids, [5007]);
    assert_eq!(extract("my complaint no. 77").ticket_ids, [77]);
    let e = extract("ticket #5007 is about order 1042");
    assert_eq!((e.ticket_ids, e.order_ids), (vec![5007], vec![1042]));
    assert!(
        extract("ticket #5007").order_ids.is_empty(),
        "a hash does not beat the context word"
    );
}

#[test]
fn phone_digits() {
    for text in [
        "last four digits are 1234",
        "the last 4 digits: 1234",
        "phone ends in 1234",
        "my phone number ends with 1234",
        "ending 1234",
        "my phone is +1 555 0100 1234",
        "call (555) 010-1234",
        "555-010-1234",
        "555.010.1234",
        "5550101234",
        "my phone number is 555 0100 1234",
        "1234 are the last four digits",
        "mobile: 1234",
    ] {
        assert_eq!(phone(text).as_deref(), Some("1234"), "{text}");
    }
    assert_eq!(
        phone("my number ends in 1234, sorry, ends in 4321").as_deref(),
        Some("4321")
    );
}

#[test]
fn orders_and_phone_digits_are_told_apart_by_context() {
    let e = extract("order 1042, last four digits 1234");
    assert_eq!(
        (e.order_ids, e.phone_last4.as_deref()),
        (vec![1042], Some("1234"))
    );
    let e = extract("phone ends in 1234 and my order is 1042");
    assert_eq!(
        (e.order_ids, e.phone_last4.as_deref()),
        (vec![1042], Some("1234"))
    );
    // The verification pair we ask for: an email and four bare digits.
    let e = extract("alice@example.com 1234");
    assert_eq!(
        (e.order_ids.len(), e.phone_last4.as_deref()),
        (0, Some("1234"))
    );
    // Four bare digits alone: an order, unless the phone digits were asked for.
    assert_eq!(orders("1234"), [1234]);
    let asked = extract_expecting("1234", Expecting::PhoneLast4);
    assert_eq!(
        (asked.order_ids.len(), asked.phone_last4.as_deref()),
        (0, Some("1234"))
    );
    let asked = extract_expecting("it's 1042", Expecting::OrderId);
    assert_eq!(asked.order_ids, [1042]);
    // An explicit word beats what was asked.
    let e = extract_expecting("order 1042", Expecting::PhoneLast4);
    assert_eq!((e.order_ids, e.phone_last4), (vec![1042], None));
    // A phone number next to an order number stays whole.
    let e = extract("order 1042 555-010-1234");
    assert_eq!(
        (e.order_ids, e.phone_last4.as_deref()),
        (vec![1042], Some("1234"))
    );
}

#[test]
fn dates_money_years_and_tracking_numbers_are_not_ids() {
    assert_eq!(
        extract("ordered on 2026-10-02T14:11:00Z for $79.99"),
        Entities::default()
    );
    assert_eq!(
        extract("it cost 1,299.00 on 02/10/2026"),
        Entities::default()
    );
    assert_eq!(
        extract("I've been a customer since 2019"),
        Entities::default()
    );
    assert_eq!(extract("tracking 1Z84A0E60312345678"), Entities::default());
    assert_eq!(extract("I bought 2 mice at 10:30"), Entities::default());
    assert_eq!(orders("order 1042, paid €1500"), [1042]);
}

#[test]
fn sentences_bound_the_context() {
    let e = extract("My phone broke. 1042 is the one I need");
    assert_eq!(e.phone_last4, None);
    assert_eq!(e.order_ids, [1042]);
}

#[test]
fn new_email_in_change_requests() {
    assert_eq!(
        new_email("change my email to New@Example.com").as_deref(),
        Some("new@example.com")
    );
    assert_eq!(
        new_email("my new email is n@x.io").as_deref(),
        Some("n@x.io")
    );
    assert_eq!(new_email("use n@x.io instead").as_deref(), Some("n@x.io"));
    assert_eq!(
        new_email("from o@x.io to n@x.io").as_deref(),
        Some("n@x.io")
    );
    assert_eq!(
        new_email("replace o@x.io with n@x.io").as_deref(),
        Some("n@x.io")
    );
    assert_eq!(new_email("my email is o@x.io"), None);
    assert_eq!(new_email("change my current email o@x.io"), None);
    // The words of an earlier address, or of an earlier sentence, say nothing of this one.
    assert_eq!(
        new_email(
            "I want to change my email to alice.new@example.com. alice@example.com last four 4821"
        )
        .as_deref(),
        Some("alice.new@example.com")
    );
    assert_eq!(
        new_email("I want to change my email. alice@example.com last four 4821"),
        None
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "#",
        "##",
        "#-1",
        "99999999999999999999999",
        "@@@",
        "🙂 1234 🙂",
        "é#1042é",
        "last 4",
        "+",
    ] {
        let _ = extract(text);
        let _ = new_email(text);
    }
    assert_eq!(orders("order 99999999999999999999999"), Vec::<i64>::new());
}

#[test]
fn a_status_right_before_orders_or_tickets_is_a_filter() {
    use cx_text::entities::{order_status_filter, ticket_status_filter};
    assert_eq!(
        order_status_filter("show my refunded orders"),
        Some("refunded")
    );
    assert_eq!(order_status_filter("any Pending order?"), Some("pending"));
    assert_eq!(
        order_status_filter("my refund-requested orders"),
        Some("refund_requested")
    );
    assert_eq!(order_status_filter("has my order shipped?"), None);
    assert_eq!(order_status_filter("where is order 1001"), None);
    assert_eq!(ticket_status_filter("list my open tickets"), Some("open"));
    assert_eq!(
        ticket_status_filter("closed support tickets"),
        Some("resolved")
    );
    assert_eq!(
        ticket_status_filter("in progress tickets"),
        Some("in_progress")
    );
    assert_eq!(ticket_status_filter("is my ticket open?"), None);
}
