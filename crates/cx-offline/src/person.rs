//! A yes to an offer of a person asks for one: "Shall I get a person from our team?" — "ja".

use cx_text::human::{is_plain_yes, offers_person};

/// Whether `text` answers yes to an offer of a person that ends `previous` (the assistant's
/// message just before it): "yes", "ja, bitte", "sí, por favor", "ok". The offer is one of this
/// assistant's own (see `phrases::PERSON_OFFERS`) or a closing question that offers a person. A
/// yes to anything else (a Yes/No card, a question about an order) is no request.
pub(crate) fn accepts_person_offer(previous: &str, text: &str) -> bool {
    let lower = previous.to_lowercase();
    let own = crate::phrases::PERSON_OFFERS
        .iter()
        .any(|offer| lower.contains(&offer.to_lowercase()));
    (own || offers_person(previous)) && is_plain_yes(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yes_asks_for_a_person_only_right_after_an_offer_of_one() {
        let offers = [
            "I'm sorry, I can't help with that here. If you'd like, I can bring in a person from our team.",
            "Hallo, ich bin der Offline-Assistent. Ich verstehe leider nur Englisch. Oder ich hole Ihnen eine Person aus unserem Team dazu: Antworten Sie einfach mit „Ja“.",
            "Soll ich eine Mitarbeiterin oder einen Mitarbeiter holen?",
            "¿Quiere que le pase con una persona de nuestro equipo?",
            "Shall I get a person from our team?",
        ];
        for offer in offers {
            for yes in [
                "yes",
                "Yes please",
                "ja",
                "Ja, bitte",
                "ja gerne",
                "sí",
                "Sí, por favor",
                "si",
                "ok",
                "vale",
                "claro",
            ] {
                assert!(accepts_person_offer(offer, yes), "{yes:?} after {offer:?}");
            }
            for not_yes in [
                "no",
                "nein",
                "no, gracias",
                "yes, where is my order?",
                "ja, wo ist meine Bestellung?",
                "",
            ] {
                assert!(
                    !accepts_person_offer(offer, not_yes),
                    "{not_yes:?} after {offer:?}"
                );
            }
        }
        for no_offer in [
            "",
            "I've prepared a refund for order 1042. Please tap Yes to go ahead or No to cancel.",
            "Is there anything else I can help with?",
            "Soll ich Ihre Bestellung suchen?",
            "¿Quiere que busque su pedido?",
            "Would you like to talk about something else?",
        ] {
            for yes in ["yes", "ja", "sí"] {
                assert!(
                    !accepts_person_offer(no_offer, yes),
                    "{yes:?} after {no_offer:?}"
                );
            }
        }
    }
}
