//! Does the customer ask for a person? The engine escalates at once when this says yes, so it
//! leans towards requests ("agent please", "talk to someone") and away from mentions ("my agent
//! said…", "I spoke to someone yesterday") and identity questions ("are you a real person?").
//!
//! Edge cases decided here:
//! - Only present-tense request verbs count (talk, speak, chat, connect, transfer…): "I talked to
//!   an agent" reports the past, it does not ask for one.
//! - "agent", "someone", "person" alone in a longer sentence are mentions, not requests; they
//!   count after a request verb ("talk to someone", "I want an agent") or as a short plea
//!   ("agent please", "human!!").
//! - Identity questions ("are you human?", "am I talking to a real person?", "is this a bot?")
//!   are not requests: the assistant answers and offers a person instead.
//! - Refusing the bot ("I don't want to talk to a bot", "no more bots") is a request.
//! - Negated requests ("I don't need a human, just…") are not.
//! - German and Spanish follow the same lines with their own words (`de_es`): a request verb
//!   anywhere in the sentence with a person ("Ich möchte mit einem Menschen sprechen", "quiero
//!   hablar con una persona"; German puts the verb last), a short plea ("einen Mitarbeiter
//!   bitte", "un humano, por favor", "atención al cliente"), a real person ("echte Person",
//!   "persona real"), refusing the bot ("kein Bot"). Whole words only: "Personalausweis",
//!   "personalisiert", "personalizado" name nobody, and "persona física" is a legal term.
//! - A yes to an offer of a person ("Shall I get a person?" — "ja") is a request too, but only
//!   with that offer just before it: see [`offers_person`] and [`is_plain_yes`] (the offline
//!   assistant adds its own offers' sentences).

use crate::normalise::Words;

/// People the customer may ask for.
const PERSON: &[&str] = &[
    "human",
    "person",
    "people",
    "agent",
    "representative",
    "operator",
    "someone",
    "somebody",
    "staff",
    "employee",
    "manager",
    "supervisor",
    "advisor",
    "adviser",
    "associate",
    "team",
    "support",
    "service",
    "being",
    "helpdesk",
];
/// Those that name a person without a request verb ("agent please").
const PERSON_STRONG: &[&str] = &[
    "human",
    "person",
    "people",
    "agent",
    "representative",
    "operator",
    "manager",
    "supervisor",
    "staff",
    "employee",
];
const REAL: &[&str] = &["real", "live", "actual", "human"];
const TALK: &[&str] = &[
    "talk", "speak", "chat", "connect", "transfer", "put", "reach", "contact",
];
const WANT: &[&str] = &[
    "want", "need", "get", "give", "bring", "request", "prefer", "see", "fetch", "find",
];
/// Words allowed between a request verb and the person asked for.
const BETWEEN: &[&str] = &[
    "to", "with", "through", "me", "a", "an", "the", "your", "my", "some", "one", "of", "real",
    "live", "actual", "human", "please", "directly", "right", "now", "customer", "us", "over",
    "just", "proper", "in", "here",
];
const SHORT_OK: &[&str] = &[
    "please",
    "now",
    "a",
    "an",
    "the",
    "real",
    "live",
    "human",
    "i",
    "me",
    "want",
    "need",
    "get",
    "just",
    "asap",
    "immediately",
    "right",
    "can",
    "could",
    "have",
    "talk",
    "speak",
    "to",
    "with",
    "your",
    "being",
];
const BOT: &[&str] = &[
    "bot",
    "robot",
    "machine",
    "ai",
    "computer",
    "automated",
    "chatbot",
    "bots",
    "robots",
];
const REPORTED: &[&str] = &["said", "told", "promised", "mentioned", "says", "tells"];

/// Whether the customer asks to be handed to a person.
pub fn is_human_request(text: &str) -> bool {
    wants_human(&Words::new(text))
}

pub(crate) fn wants_human(w: &Words) -> bool {
    english(w) || de_es::wants_human(w)
}

fn english(w: &Words) -> bool {
    let identity = is_identity_question(w);
    let reported = w.any(REPORTED);
    talk_to_person(w)
        || person_to_talk_to(w)
        || want_person(w)
        || (!identity && !reported && real_person(w))
        || (!identity && short_plea(w))
        || (!identity && !reported && named_role(w))
        || is_there_person(w)
        || or_person(w)
        || escalate(w)
        || refuses_bot(w)
}

/// "Are you a bot?", "am I talking to a real person?": a question about the assistant itself.
pub fn asks_identity(text: &str) -> bool {
    let w = Words::new(text);
    is_identity_question(&w) && (w.any(BOT) || w.any(PERSON_STRONG) || w.any(REAL))
}

/// "are you human?", "am I talking to a real person", "is this a bot?".
fn is_identity_question(w: &Words) -> bool {
    matches!(
        (w.at(0), w.at(1)),
        ("are", "you") | ("am", "i") | ("is", "this") | ("is", "it") | ("is", "that")
    ) || (w.at(0) == "you" && w.at(1) == "are")
}

/// "talk to someone", "connect me with a live agent", "put me through to support".
fn talk_to_person(w: &Words) -> bool {
    w.find(TALK).into_iter().any(|t| {
        if w.negated(t) {
            return false;
        }
        // "reach support", "contact a person" need no connector word.
        let mut connected = matches!(w.at(t), "reach" | "contact");
        for k in t + 1..(t + 7).min(w.len()) {
            let x = w.at(k);
            if PERSON.contains(&x) {
                return connected;
            }
            if !BETWEEN.contains(&x) {
                return false;
            }
            connected |= matches!(x, "to" | "with" | "through" | "me" | "us");
        }
        false
    })
}

/// "is there a human?", "is there someone around".
fn is_there_person(w: &Words) -> bool {
    matches!((w.at(0), w.at(1)), ("is", "there") | ("are", "there"))
        && (2..6.min(w.len()))
            .any(|k| PERSON_STRONG.contains(&w.at(k)) || matches!(w.at(k), "someone" | "somebody"))
}

/// "is there someone I can talk to", "a person I can speak with".
fn person_to_talk_to(w: &Words) -> bool {
    w.find(&[
        "someone", "somebody", "person", "human", "agent", "anyone", "anybody",
    ])
    .into_iter()
    .any(|p| {
        !w.negated(p)
            && (p + 1..(p + 5).min(w.len())).any(|k| matches!(w.at(k), "talk" | "speak" | "chat"))
            && (p + 1..(p + 4).min(w.len())).all(|k| {
                matches!(
                    w.at(k),
                    "i" | "can"
                        | "could"
                        | "may"
                        | "to"
                        | "with"
                        | "talk"
                        | "speak"
                        | "chat"
                        | "please"
                )
            })
    })
}

/// "I want a human", "get me an agent", "can I have a person".
fn want_person(w: &Words) -> bool {
    let verbs: Vec<usize> = (0..w.len())
        .filter(|&i| {
            WANT.contains(&w.at(i))
                || (w.at(i) == "have" && i >= 2 && matches!(w.at(i - 2), "can" | "could" | "may"))
        })
        .collect();
    verbs.into_iter().any(|v| {
        if w.negated(v) {
            return false;
        }
        let mut k = v + 1;
        while k < w.len()
            && k <= v + 4
            && BETWEEN.contains(&w.at(k))
            && !PERSON_STRONG.contains(&w.at(k))
        {
            k += 1;
        }
        k < w.len() && PERSON_STRONG.contains(&w.at(k)) && !w.negated(k)
    })
}

/// "a refund or a human": the person offered as the alternative.
fn or_person(w: &Words) -> bool {
    w.find(&["or"]).into_iter().any(|o| {
        let mut k = o + 1;
        while k < w.len()
            && k <= o + 3
            && matches!(
                w.at(k),
                "a" | "an" | "the" | "real" | "live" | "actual" | "to" | "talk" | "speak" | "with"
            )
        {
            k += 1;
        }
        k < w.len() && PERSON_STRONG.contains(&w.at(k)) && !w.negated(k)
    })
}

/// "real person", "live agent", "human agent", "actual human".
fn real_person(w: &Words) -> bool {
    w.find(REAL).into_iter().any(|i| {
        matches!(
            w.at(i + 1),
            "person"
                | "human"
                | "agent"
                | "people"
                | "one"
                | "being"
                | "representative"
                | "operator"
                | "someone"
        ) && w.at(i + 1) != w.at(i)
            && !w.negated(i)
    })
}

/// The whole message is a plea: "agent please", "HUMAN!!!", "representative".
fn short_plea(w: &Words) -> bool {
    w.len() > 0
        && w.len() <= 5
        && w.any(PERSON_STRONG)
        && w.w
            .iter()
            .all(|x| SHORT_OK.contains(&x.as_str()) || PERSON_STRONG.contains(&x.as_str()))
}

/// "representative" and "operator" are only ever used to ask for one.
fn named_role(w: &Words) -> bool {
    w.find(&["representative", "operator"])
        .into_iter()
        .any(|i| !w.negated(i))
}

/// "escalate this", "please escalate".
fn escalate(w: &Words) -> bool {
    w.find(&["escalate"]).into_iter().any(|i| !w.negated(i))
}

/// "I don't want to talk to a bot", "no more bots", "stop the robot".
fn refuses_bot(w: &Words) -> bool {
    if w.phrase(&["i", "am", "not"]) {
        return false;
    }
    w.find(BOT).into_iter().any(|i| {
        w.before(
            i,
            6,
            &[
                "not", "no", "hate", "stop", "enough", "tired", "done", "sick",
            ],
        )
    })
}

/// Whether the customer's message is only a yes, in English, German or Spanish.
pub fn is_plain_yes(text: &str) -> bool {
    const YES: &[&str] = &[
        "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "please", "y", "ja", "jawohl", "gerne",
        "gern", "bitte", "klar", "genau", "sí", "si", "claro", "vale", "venga", "dale",
    ];
    const FILLER: &[&str] = &[
        "yes", "please", "thanks", "thank", "you", "do", "it", "go", "ahead", "that", "would",
        "be", "great", "bitte", "danke", "gerne", "sehr", "auf", "jeden", "fall", "das", "wäre",
        "gut", "por", "favor", "gracias", "de", "acuerdo", "sí", "si",
    ];
    let w = Words::new(text);
    w.len() > 0
        && w.len() <= 5
        && YES.contains(&w.at(0))
        && w.w
            .iter()
            .all(|x| YES.contains(&x.as_str()) || FILLER.contains(&x.as_str()))
}

/// An assistant's message ends with a question that offers to bring in a person ("Shall I get a
/// person from our team?", "Soll ich eine Mitarbeiterin oder einen Mitarbeiter holen?",
/// "¿Quiere que le pase con una persona?").
pub fn offers_person(previous: &str) -> bool {
    let lower = previous.to_lowercase();
    let Some(question) = last_question(&lower) else {
        return false;
    };
    const ASK: &[&str] = &[
        "shall",
        "should",
        "would",
        "want",
        "like",
        "soll",
        "sollen",
        "möchten",
        "moechten",
        "wollen",
        "quiere",
        "quieres",
        "desea",
        "prefiere",
        "gustaría",
        "puedo",
    ];
    const FETCH: &[&str] = &[
        "get",
        "bring",
        "connect",
        "transfer",
        "call",
        "fetch",
        "hand",
        "holen",
        "verbinden",
        "weiterleiten",
        "rufen",
        "hinzuholen",
        "übergeben",
        "pase",
        "paso",
        "pasar",
        "llame",
        "llamar",
        "conecte",
        "conectar",
        "traiga",
        "traer",
        "avise",
        "avisar",
    ];
    const WHO: &[&str] = &[
        "person",
        "human",
        "agent",
        "someone",
        "team",
        "staff",
        "colleague",
        "mitarbeiter",
        "mitarbeiterin",
        "menschen",
        "mensch",
        "person",
        "jemanden",
        "team",
        "kollegen",
        "kollegin",
        "persona",
        "agente",
        "alguien",
        "equipo",
        "humano",
        "compañero",
        "compañera",
    ];
    let w = Words::new(question);
    w.any(ASK) && w.any(FETCH) && w.any(WHO) && !w.any(&["not", "nicht", "kein", "no"])
}

/// The last sentence of a text, when it is a question (Spanish opens it with "¿").
fn last_question(text: &str) -> Option<&str> {
    let trimmed = text.trim_end();
    let body = trimmed.strip_suffix('?')?;
    let start = body.rfind(['.', '!', '?', '¿', '\n']).map_or(0, |i| {
        i + body[i..].chars().next().map_or(1, char::len_utf8)
    });
    Some(&body[start..])
}

/// German and Spanish requests for a person.
mod de_es {
    use crate::normalise::Words;

    /// Whom a German or Spanish customer may ask for.
    const PERSON: &[&str] = &[
        // German
        "mensch",
        "menschen",
        "person",
        "personen",
        "mitarbeiter",
        "mitarbeiterin",
        "mitarbeitenden",
        "mitarbeitende",
        "servicemitarbeiter",
        "kundenberater",
        "kundenberaterin",
        "berater",
        "beraterin",
        "ansprechpartner",
        "ansprechpartnerin",
        "kundendienst",
        "kundenservice",
        "kundensupport",
        "kundenbetreuung",
        "support",
        "agent",
        "agentin",
        "jemand",
        "jemandem",
        "jemanden",
        "vorgesetzten",
        "vorgesetzte",
        "chef",
        "team",
        // Spanish
        "persona",
        "personas",
        "humano",
        "humana",
        "humanos",
        "agente",
        "agentes",
        "alguien",
        "empleado",
        "empleada",
        "operador",
        "operadora",
        "representante",
        "asesor",
        "asesora",
        "encargado",
        "encargada",
        "supervisor",
        "supervisora",
        "gerente",
        "responsable",
        "soporte",
    ];
    /// Those that name a person without a request verb ("einen Mitarbeiter bitte").
    const PERSON_STRONG: &[&str] = &[
        "mensch",
        "menschen",
        "person",
        "mitarbeiter",
        "mitarbeiterin",
        "servicemitarbeiter",
        "kundenberater",
        "kundenberaterin",
        "berater",
        "beraterin",
        "ansprechpartner",
        "ansprechpartnerin",
        "kundendienst",
        "kundenservice",
        "agent",
        "agentin",
        "persona",
        "humano",
        "humana",
        "agente",
        "empleado",
        "empleada",
        "operador",
        "operadora",
        "representante",
        "asesor",
        "asesora",
        "supervisor",
        "supervisora",
        "gerente",
    ];
    /// Present-tense or infinitive request verbs: "gesprochen", "hablé" report the past.
    const TALK: &[&str] = &[
        "sprechen",
        "reden",
        "verbinden",
        "verbinde",
        "weiterleiten",
        "durchstellen",
        "erreichen",
        "kontaktieren",
        "anrufen",
        "chatten",
        "holen",
        "hole",
        "hablar",
        "comunicar",
        "comunicarme",
        "contactar",
        "contactarme",
        "pasar",
        "pasarme",
        "pásame",
        "páseme",
        "pasame",
        "paseme",
        "ponerme",
        "póngame",
        "pongame",
        "ponme",
        "conectar",
        "conectarme",
        "conécteme",
        "conecteme",
        "transferir",
        "transfiera",
        "llamar",
        "atienda",
        "atiende",
    ];
    const WANT: &[&str] = &[
        "möchte",
        "moechte",
        "möchten",
        "will",
        "wollen",
        "brauche",
        "benötige",
        "hätte",
        "verlange",
        "gib",
        "geben",
        "quiero",
        "quisiera",
        "necesito",
        "prefiero",
        "deseo",
        "pido",
        "exijo",
        "dame",
        "deme",
    ];
    /// "echte Person", "persona real", "humano de verdad".
    const REAL: &[&str] = &[
        "echte",
        "echten",
        "echter",
        "echtes",
        "richtige",
        "richtigen",
        "richtiger",
        "lebende",
        "lebenden",
        "real",
        "reales",
        "verdad",
    ];
    const BOT: &[&str] = &[
        "bot", "bots", "roboter", "robot", "robots", "maschine", "máquina", "maquina", "computer",
        "ki", "ia", "chatbot", "automat",
    ];
    const NEG: &[&str] = &[
        "nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "ohne", "no",
        "nunca", "ningún", "ninguna", "ninguno", "sin", "ni",
    ];
    /// Words a short plea may hold besides the person.
    const SHORT_OK: &[&str] = &[
        "bitte", "einen", "eine", "ein", "einem", "den", "die", "der", "mit", "ich", "will",
        "möchte", "moechte", "brauche", "sofort", "jetzt", "gleich", "echten", "echte", "echter",
        "hallo", "gerne", "gern", "zum", "zur", "un", "una", "el", "la", "al", "con", "por",
        "favor", "ya", "ahora", "quiero", "necesito", "hola", "real", "de", "verdad", "mit",
        "einer", "sprechen", "hablar", "humano",
    ];

    /// Words that report a past talk rather than ask for one.
    const REPORTED: &[&str] = &[
        "gesagt",
        "sagte",
        "meinte",
        "versprochen",
        "wollte",
        "hatte",
        "gestern",
        "dijo",
        "prometió",
        "ayer",
        "habló",
        "hablé",
    ];

    pub(super) fn wants_human(w: &Words) -> bool {
        let identity = is_identity_question(w);
        !identity
            && ((!w.any(REPORTED) && verb_and_person(w))
                || short_plea(w)
                || real_person(w)
                || customer_service(w)
                || refuses_bot(w))
    }

    /// "Sind Sie ein Mensch?", "Spreche ich mit einer echten Person?", "¿Eres un bot?", "¿Es
    /// usted una persona real?", "¿Estoy hablando con un humano?": about the assistant itself.
    fn is_identity_question(w: &Words) -> bool {
        matches!(
            (w.at(0), w.at(1)),
            ("sind", "sie")
                | ("bist", "du")
                | ("ist", "das")
                | ("spreche", "ich")
                | ("rede", "ich")
                | ("chatte", "ich")
                | ("schreibe", "ich")
                | ("es", "usted")
                | ("eres", _)
                | ("estoy", "hablando")
                | ("hablo", "con")
                | ("es", "esto")
                | ("es", "un")
                | ("es", "una")
        )
    }

    /// The person at `i` is refused: a negation among the few words before it.
    fn refused(w: &Words, i: usize) -> bool {
        w.before(i, 4, NEG)
    }

    /// A request verb and a person in the same message, neither refused: "Ich möchte mit einem
    /// Menschen sprechen", "Verbinden Sie mich mit einem Mitarbeiter", "quiero hablar con una
    /// persona", "¿me pasa con un agente?", "Ich will einen Mitarbeiter".
    fn verb_and_person(w: &Words) -> bool {
        let people: Vec<usize> = w.find(PERSON);
        let verbs: Vec<usize> = w.find(TALK);
        let wants: Vec<usize> = w.find(WANT);
        let talked = verbs.iter().any(|&v| {
            !refused(w, v)
                && people
                    .iter()
                    .any(|&p| p.abs_diff(v) <= 6 && !refused(w, p.min(v)) && !refused(w, p))
        });
        // "ich will einen Mitarbeiter": a strong person right after a wish.
        let wanted = wants.iter().any(|&v| {
            !refused(w, v)
                && (v + 1..(v + 4).min(w.len()))
                    .any(|k| PERSON_STRONG.contains(&w.at(k)) && !refused(w, k))
        });
        talked || wanted
    }

    /// The whole message is a plea: "einen Mitarbeiter bitte", "un humano, por favor", "Mensch!".
    fn short_plea(w: &Words) -> bool {
        w.len() > 0
            && w.len() <= 5
            && w.any(PERSON_STRONG)
            && w.w
                .iter()
                .all(|x| SHORT_OK.contains(&x.as_str()) || PERSON_STRONG.contains(&x.as_str()))
    }

    /// "echte Person", "einen richtigen Menschen", "una persona real", "un humano de verdad".
    fn real_person(w: &Words) -> bool {
        let german = w
            .find(REAL)
            .into_iter()
            .any(|i| PERSON_STRONG.contains(&w.at(i + 1)) && !refused(w, i) && w.at(i) != "real");
        let spanish = w
            .find(&["persona", "humano", "agente", "personas"])
            .into_iter()
            .any(|i| {
                (w.at(i + 1) == "real" || (w.at(i + 1) == "de" && w.at(i + 2) == "verdad"))
                    && !refused(w, i)
            });
        german || spanish
    }

    /// "atención al cliente", "servicio al cliente" asked for: alone, or after a request verb.
    fn customer_service(w: &Words) -> bool {
        let named = [
            ["atención", "al", "cliente"],
            ["servicio", "al", "cliente"],
            ["atencion", "al", "cliente"],
        ]
        .iter()
        .find_map(|p| (0..w.len()).find(|&i| (0..3).all(|k| w.at(i + k) == p[k])));
        let Some(at) = named else {
            return false;
        };
        let alone =
            w.w.iter()
                .enumerate()
                .all(|(i, x)| (at..at + 3).contains(&i) || SHORT_OK.contains(&x.as_str()));
        let asked = w
            .find(TALK)
            .into_iter()
            .chain(w.find(WANT))
            .any(|v| !refused(w, v));
        alone || asked
    }

    /// "Ich will keinen Bot", "nicht mit einer Maschine", "no quiero un robot", "basta de bots".
    fn refuses_bot(w: &Words) -> bool {
        const AGAINST: &[&str] = &[
            "kein", "keinen", "keine", "nicht", "genug", "schluss", "no", "basta", "harto",
            "harta", "cansado", "cansada",
        ];
        if w.phrase(&["ich", "bin", "kein"]) || w.phrase(&["no", "soy"]) {
            return false;
        }
        w.find(BOT).into_iter().any(|i| w.before(i, 5, AGAINST))
    }
}

#[cfg(test)]
mod tests {
    use super::is_human_request as h;

    #[test]
    fn mentions_are_not_requests() {
        assert!(!h("my agent said I would get a refund"));
        assert!(!h("I talked to someone last week"));
        assert!(!h("are you a real person?"));
        assert!(!h("someone stole my package"));
        assert!(!h("can I pick it up in person"));
        assert!(!h("I don't need a human, just track my order"));
        assert!(h("agent please"));
        assert!(h("speak to someone"));
    }
}
