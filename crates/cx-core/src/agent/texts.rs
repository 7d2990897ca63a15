//! What the core itself says to a kiosk customer (a hand-over, a held-back answer, a decided
//! Yes/No card), in each language the kiosk offers. The model's answers come in the customer's
//! language because the prompt asks for it; these are written here, one table per language. The
//! English table is the wording the core has always used (tests and the E2E suite assert it).

use crate::Language;
use crate::team::Staffing;

/// One language's texts. Every hand-over reply ends with `promise`, which becomes
/// `nobody_online` when the team has nobody online (see [`Texts::handover`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Texts {
    /// A person is asked to take over (the customer asked; a pre-check or a limit was hit).
    pub handoff: &'static str,
    /// Instead of an answer the claim ledger held back.
    pub held_back: &'static str,
    /// Verification failed too often (the same words whatever was locked).
    pub locked: &'static str,
    /// The model kept failing.
    pub model_failed: &'static str,
    /// The promise a hand-over reply ends with.
    pub promise: &'static str,
    /// What replaces the promise when nobody from the team is online.
    pub nobody_online: &'static str,
    /// The customer said Yes and the change was made.
    pub confirmed: &'static str,
    /// The customer said No.
    pub rejected: &'static str,
}

/// The promise every English hand-over ends with.
const EN_PROMISE: &str = "A person will join you shortly.";

const EN: Texts = Texts {
    handoff: super::HANDOFF_REPLY,
    held_back: "I want to be sure I give you accurate information, so I'm asking a member of our \
                team to check this. A person will join you shortly.",
    locked: "I couldn't confirm those details, so I'm asking a member of our team to help you. \
             A person will join you shortly.",
    model_failed: "I'm having trouble answering right now, so I'm bringing in a member of our \
                   team. A person will join you shortly.",
    promise: EN_PROMISE,
    nobody_online: crate::team::dispatch::NOBODY_ONLINE,
    confirmed: "Done — the change has been made. Is there anything else I can help with?",
    rejected: "All right, I haven't changed anything. Is there anything else I can help with?",
};

const DE: Texts = Texts {
    handoff: "Ich bitte ein Mitglied unseres Teams, Ihnen weiterzuhelfen. In Kürze kümmert sich \
              eine Person um Sie.",
    held_back: "Ich möchte sicher sein, dass Sie korrekte Informationen erhalten, und bitte \
                deshalb ein Mitglied unseres Teams, das zu prüfen. In Kürze kümmert sich eine \
                Person um Sie.",
    locked: "Ich konnte diese Angaben nicht bestätigen und bitte deshalb ein Mitglied unseres \
             Teams, Ihnen weiterzuhelfen. In Kürze kümmert sich eine Person um Sie.",
    model_failed: "Ich kann gerade nicht richtig antworten und bitte deshalb ein Mitglied unseres \
                   Teams dazu. In Kürze kümmert sich eine Person um Sie.",
    promise: "In Kürze kümmert sich eine Person um Sie.",
    nobody_online: "Im Moment ist niemand aus unserem Team online. Ihr Gespräch steht in unserer \
                    Warteschlange, und die erste Person, die frei ist, antwortet Ihnen hier.",
    confirmed: "Erledigt – die Änderung ist vorgenommen. Kann ich Ihnen sonst noch helfen?",
    rejected: "In Ordnung, ich habe nichts geändert. Kann ich Ihnen sonst noch helfen?",
};

const ES: Texts = Texts {
    handoff: "Voy a pedir a un miembro de nuestro equipo que le ayude. Una persona le atenderá \
              en breve.",
    held_back: "Quiero asegurarme de darle información exacta, así que voy a pedir a un miembro \
                de nuestro equipo que lo compruebe. Una persona le atenderá en breve.",
    locked: "No he podido confirmar esos datos, así que voy a pedir a un miembro de nuestro \
             equipo que le ayude. Una persona le atenderá en breve.",
    model_failed: "Ahora mismo tengo problemas para responder, así que voy a avisar a un miembro \
                   de nuestro equipo. Una persona le atenderá en breve.",
    promise: "Una persona le atenderá en breve.",
    nobody_online: "En este momento no hay nadie de nuestro equipo conectado. Su conversación \
                    está en nuestra cola y la primera persona que quede libre le responderá \
                    aquí.",
    confirmed: "Hecho: el cambio se ha realizado. ¿Puedo ayudarle en algo más?",
    rejected: "De acuerdo, no he cambiado nada. ¿Puedo ayudarle en algo más?",
};

impl Texts {
    /// The texts in `language`.
    pub fn of(language: Language) -> &'static Texts {
        match language {
            Language::En => &EN,
            Language::De => &DE,
            Language::Es => &ES,
        }
    }

    /// A hand-over reply as the staffing allows: its closing promise becomes the queue notice
    /// when nobody from the team is online (in English exactly what
    /// `team::dispatch::handover_reply` says).
    pub fn handover(&self, reply: &str, staffing: &Staffing) -> String {
        if !staffing.nobody_online() {
            return reply.to_owned();
        }
        match reply.strip_suffix(self.promise) {
            Some(start) => format!("{start}{}", self.nobody_online),
            None => format!("{reply} {}", self.nobody_online),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::dispatch::handover_reply;

    fn all(t: &Texts) -> [&'static str; 8] {
        [
            t.handoff,
            t.held_back,
            t.locked,
            t.model_failed,
            t.promise,
            t.nobody_online,
            t.confirmed,
            t.rejected,
        ]
    }

    /// English is the wording the core has always used.
    #[test]
    fn english_is_unchanged() {
        let en = Texts::of(Language::En);
        assert_eq!(
            en.handoff,
            "I'm bringing in a member of our team to help you. A person will join you shortly."
        );
        assert_eq!(
            en.held_back,
            "I want to be sure I give you accurate information, so I'm asking a member of our \
             team to check this. A person will join you shortly."
        );
        assert_eq!(
            en.locked,
            "I couldn't confirm those details, so I'm asking a member of our team to help you. \
             A person will join you shortly."
        );
        assert_eq!(
            en.model_failed,
            "I'm having trouble answering right now, so I'm bringing in a member of our team. \
             A person will join you shortly."
        );
        assert_eq!(
            en.confirmed,
            "Done — the change has been made. Is there anything else I can help with?"
        );
        assert_eq!(
            en.rejected,
            "All right, I haven't changed anything. Is there anything else I can help with?"
        );
    }

    /// Every language has every text, distinct from English, and each hand-over ends with its
    /// promise (so the queue notice can replace it).
    #[test]
    fn every_language_is_complete() {
        let en = all(Texts::of(Language::En));
        for &l in Language::ALL {
            let t = Texts::of(l);
            for (i, text) in all(t).into_iter().enumerate() {
                assert!(!text.trim().is_empty(), "{l}: text {i} is empty");
                assert!(!text.contains("  "), "{l}: text {i} has a double space");
                if l != Language::En {
                    assert_ne!(text, en[i], "{l}: text {i} is still English");
                }
            }
            for reply in [t.handoff, t.held_back, t.locked, t.model_failed] {
                assert!(reply.ends_with(t.promise), "{l}: {reply}");
            }
        }
    }

    #[test]
    fn the_queue_notice_replaces_the_promise_when_nobody_is_online() {
        let nobody = Staffing {
            team: true,
            online: 0,
            offered_to: None,
        };
        let staffed = Staffing {
            online: 2,
            ..nobody.clone()
        };
        let en = Texts::of(Language::En);
        for reply in [
            en.handoff,
            en.held_back,
            en.locked,
            en.model_failed,
            "Hello.",
        ] {
            for s in [&nobody, &staffed, &Staffing::default()] {
                assert_eq!(en.handover(reply, s), handover_reply(reply, s), "{reply}");
            }
        }
        let de = Texts::of(Language::De);
        assert_eq!(de.handover(de.handoff, &staffed), de.handoff);
        let said = de.handover(de.locked, &nobody);
        assert_eq!(
            said,
            "Ich konnte diese Angaben nicht bestätigen und bitte deshalb ein Mitglied unseres \
             Teams, Ihnen weiterzuhelfen. Im Moment ist niemand aus unserem Team online. Ihr \
             Gespräch steht in unserer Warteschlange, und die erste Person, die frei ist, \
             antwortet Ihnen hier."
        );
        let es = Texts::of(Language::Es);
        assert!(
            es.handover(es.handoff, &nobody)
                .ends_with("le responderá aquí.")
        );
        assert!(!es.handover(es.handoff, &nobody).contains(es.promise));
    }
}
