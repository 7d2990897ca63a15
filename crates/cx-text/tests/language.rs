//! The language of a customer's message, and asking for a person in German and Spanish: tables
//! of phrasings, each with the answer it must get.

use cx_text::intent::{Intent, classify, is_human_request};
use cx_text::language::{Language, guess};

/// (message, the language it is clearly in, or None: too little evidence).
const GUESSES: &[(&str, Option<Language>)] = &[
    // English, long and short.
    ("Where is my order?", Some(Language::En)),
    ("Hi, I want a refund for order 1042", Some(Language::En)),
    (
        "it's alice@example.com and the last four digits are 1234",
        Some(Language::En),
    ),
    ("yes please", Some(Language::En)),
    ("thank you", Some(Language::En)),
    ("I need to change my email", Some(Language::En)),
    // German.
    ("Wo ist meine Bestellung?", Some(Language::De)),
    ("Ich möchte eine Erstattung", Some(Language::De)),
    ("Ich möchte meine E-Mail-Adresse ändern", Some(Language::De)),
    ("Hallo, wann kommt mein Paket an?", Some(Language::De)),
    ("ja bitte", Some(Language::De)),
    ("Danke schön", Some(Language::De)),
    // Spanish.
    ("¿Dónde está mi pedido?", Some(Language::Es)),
    ("Quisiera un reembolso", Some(Language::Es)),
    ("Necesito cambiar mi correo electrónico", Some(Language::Es)),
    ("Sí, por favor", Some(Language::Es)),
    ("Muchas gracias", Some(Language::Es)),
    ("donde esta mi pedido", Some(Language::Es)),
    // French, Italian, Portuguese, Dutch.
    ("Bonjour, où est ma commande ?", Some(Language::Fr)),
    (
        "Je voudrais un remboursement, s'il vous plaît",
        Some(Language::Fr),
    ),
    ("Dov'è il mio ordine?", Some(Language::It)),
    ("Vorrei un rimborso per il mio ordine", Some(Language::It)),
    ("Onde está o meu pedido?", Some(Language::Pt)),
    ("Não recebi a minha encomenda", Some(Language::Pt)),
    ("Waar is mijn bestelling?", Some(Language::Nl)),
    ("Ik wil graag mijn geld terug", Some(Language::Nl)),
    // No evidence: neutral or too short, never misread.
    ("alice@example.com", None),
    ("alice@example.de", None),
    ("1042", None),
    ("#1042", None),
    ("ok", None),
    ("OK!", None),
    ("yes", None),
    ("no", None),
    ("ja", None),
    ("sí", None),
    ("si", None),
    ("hola", None),
    ("danke", None),
    ("merci", None),
    ("", None),
    ("🙂", None),
    ("1234, alice@example.com", None),
    ("Wireless mouse", None),
];

#[test]
fn languages_are_told_apart_and_neutral_text_is_no_evidence() {
    let mut wrong = vec![];
    for (text, want) in GUESSES {
        let got = guess(text);
        if got != *want {
            wrong.push(format!("{text:?}: {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "misread:\n{}", wrong.join("\n"));
    // Every language is in the table.
    for l in Language::ALL {
        assert!(GUESSES.iter().any(|(_, g)| *g == Some(l)), "{l:?}");
    }
}

/// Requests for a person, in German and Spanish.
const ASKS_FOR_A_PERSON: &[&str] = &[
    "Ich möchte mit einem Menschen sprechen",
    "Ich möchte mit einem Mitarbeiter sprechen.",
    "einen Mitarbeiter bitte",
    "Einen Menschen, bitte!",
    "echte Person",
    "Ich will mit einer echten Person reden",
    "Kann ich mit jemandem sprechen?",
    "Verbinden Sie mich bitte mit einem Mitarbeiter",
    "Kundenservice anrufen",
    "Wie kann ich den Kundenservice erreichen?",
    "Ich will keinen Bot, ich will einen Menschen",
    "Ich brauche einen Mitarbeiter",
    "Mit einer Person sprechen",
    "Mitarbeiterin bitte",
    "quiero hablar con una persona",
    "Quiero hablar con un agente",
    "con un agente",
    "un humano, por favor",
    "atención al cliente",
    "Quiero hablar con atención al cliente",
    "¿Puedo hablar con alguien?",
    "Necesito un agente",
    "Páseme con una persona, por favor",
    "quiero una persona real",
    "No quiero hablar con una máquina",
    "Hablar con una persona",
    "Que me atienda una persona",
];

/// Mentions of people, identity questions and look-alike words: no requests.
const NOT_A_REQUEST: &[&str] = &[
    "Personalausweis",
    "Ich habe meinen Personalausweis vergessen",
    "Das Geschenk ist personalisiert",
    "Der Preis gilt pro Person",
    "Ich habe gestern mit einem Mitarbeiter gesprochen",
    "Ihr Mitarbeiter hat gesagt, ich bekomme eine Erstattung",
    "Sind Sie ein Mensch?",
    "Spreche ich mit einer echten Person?",
    "Ich brauche keinen Menschen, nur meine Bestellung",
    "Ich möchte nicht mit einem Menschen sprechen",
    "Wo ist meine Bestellung?",
    "Mensch, wo bleibt mein Paket?",
    "La factura está a nombre de una persona física",
    "Quiero un regalo personalizado",
    "¿Eres un bot?",
    "¿Es usted una persona real?",
    "¿Dónde está mi pedido?",
    "Hablé con un agente ayer",
    "No necesito un agente, solo mi pedido",
    "Quiero hablar de mi equipo",
    "Quisiera un reembolso",
];

#[test]
fn asking_for_a_person_in_german_and_spanish() {
    let mut wrong = vec![];
    for p in ASKS_FOR_A_PERSON {
        if !is_human_request(p) || classify(p) != Intent::HumanRequest {
            wrong.push(format!("{p:?} asks for a person"));
        }
    }
    for p in NOT_A_REQUEST {
        if is_human_request(p) {
            wrong.push(format!("{p:?} asks for nobody"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
