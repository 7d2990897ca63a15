//! Which language a text is written in: a small scored stop-word classifier.
//!
//! Each language has a list of its most frequent short words (articles, pronouns, auxiliaries,
//! question words, please/thanks) and a few words of this desk's subject (order, refund). A word
//! of the text scores for every language that lists it, shared equally ("de" is Spanish,
//! French, Portuguese and Dutch: a quarter each), and a few letters only one or two of these
//! languages write (ß, ñ, ¿, ã) add a point once. A language is the guess when it scores at
//! least [`MIN_SCORE`] and at least twice the runner-up.
//!
//! So short or language-neutral texts are no evidence: an email, an order number, "ok", "yes",
//! "hola" or "danke" alone guess nothing, and the caller keeps whatever language it knew.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A language the classifier tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    De,
    Es,
    Fr,
    It,
    Pt,
    Nl,
}

impl Language {
    pub const ALL: [Language; 7] = [
        Language::En,
        Language::De,
        Language::Es,
        Language::Fr,
        Language::It,
        Language::Pt,
        Language::Nl,
    ];

    /// The ISO 639-1 code: "en", "de", …
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::It => "it",
            Language::Pt => "pt",
            Language::Nl => "nl",
        }
    }

    /// The language of a code or locale ("de", "DE", "es-ES", "pt_BR"); None for any other.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// Whether a numeric date is written day first ("2/12/2026" is 2 December): every language
    /// here but English, which this desk reads as US English (month first).
    pub fn day_first(self) -> bool {
        self != Language::En
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The least score a guess needs: two words of its own, or one and a half shared.
pub const MIN_SCORE: f32 = 1.5;

const EN: &[&str] = &[
    "the", "an", "and", "or", "is", "are", "was", "were", "be", "been", "am", "i", "you", "my",
    "your", "we", "our", "it", "its", "this", "that", "what", "where", "when", "how", "why", "who",
    "which", "to", "of", "for", "with", "on", "at", "from", "by", "not", "do", "does", "did",
    "have", "has", "had", "can", "could", "would", "will", "should", "please", "thanks", "thank",
    "hello", "hi", "hey", "yes", "want", "need", "like", "order", "orders", "refund", "help",
    "get", "there", "here", "about", "just", "still", "yet", "any", "some", "if", "but", "all",
    "don", "t", "m", "s", "ve", "ll", "re", "speak", "talk", "someone", "person", "human", "agent",
    "change", "address", "money", "back", "arrived", "shipped", "received",
];

const DE: &[&str] = &[
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "einem",
    "einer",
    "und",
    "oder",
    "ist",
    "sind",
    "wurde",
    "wurden",
    "ich",
    "sie",
    "wir",
    "mein",
    "meine",
    "meinen",
    "meiner",
    "meinem",
    "ihr",
    "ihre",
    "ihren",
    "ihrer",
    "ihrem",
    "mir",
    "mich",
    "nicht",
    "kein",
    "keine",
    "mit",
    "von",
    "zu",
    "zum",
    "zur",
    "auf",
    "für",
    "bei",
    "aus",
    "nach",
    "noch",
    "schon",
    "auch",
    "wie",
    "wo",
    "was",
    "wann",
    "warum",
    "bitte",
    "danke",
    "hallo",
    "guten",
    "möchte",
    "moechte",
    "möchten",
    "würde",
    "kann",
    "können",
    "ja",
    "nein",
    "bestellung",
    "bestellungen",
    "erstattung",
    "rückerstattung",
    "paket",
    "lieferung",
    "geld",
    "zurück",
    "sprechen",
    "mitarbeiter",
    "mitarbeiterin",
    "mensch",
    "menschen",
    "adresse",
    "ändern",
    "gibt",
    "es",
    "dass",
    "im",
    "am",
    "um",
    "vom",
    "hier",
    "jetzt",
    "heute",
    "gestern",
    "aber",
    "weil",
    "wenn",
    "sehr",
    "über",
    "habe",
    "haben",
    "hat",
    "bin",
    "mal",
    "doch",
    "gerne",
    "gern",
    "schön",
    "wieder",
    "sein",
    "nummer",
    "angekommen",
    "bekommen",
    "erhalten",
];

const ES: &[&str] = &[
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "unos",
    "unas",
    "y",
    "o",
    "de",
    "del",
    "al",
    "que",
    "en",
    "es",
    "son",
    "está",
    "esta",
    "están",
    "estan",
    "fue",
    "ha",
    "he",
    "han",
    "hemos",
    "mi",
    "mis",
    "su",
    "sus",
    "tu",
    "me",
    "te",
    "se",
    "le",
    "lo",
    "nos",
    "no",
    "sí",
    "si",
    "por",
    "para",
    "con",
    "sin",
    "pero",
    "como",
    "cómo",
    "dónde",
    "donde",
    "cuándo",
    "cuando",
    "qué",
    "quiero",
    "quisiera",
    "necesito",
    "puedo",
    "puede",
    "gracias",
    "hola",
    "favor",
    "buenos",
    "buenas",
    "días",
    "tardes",
    "pedido",
    "pedidos",
    "reembolso",
    "correo",
    "electrónico",
    "cambiar",
    "hablar",
    "persona",
    "agente",
    "ayuda",
    "estado",
    "envío",
    "dinero",
    "devolver",
    "devolución",
    "muy",
    "más",
    "ya",
    "todavía",
    "aún",
    "hay",
    "este",
    "eso",
    "esto",
    "ese",
    "usted",
    "bien",
    "vale",
    "hoy",
    "ayer",
    "mañana",
    "también",
    "llegado",
    "recibido",
    "número",
    "muchas",
    "muchos",
    "mucho",
];

const FR: &[&str] = &[
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    "ou",
    "est",
    "sont",
    "je",
    "j",
    "tu",
    "il",
    "elle",
    "nous",
    "vous",
    "mon",
    "ma",
    "mes",
    "votre",
    "vos",
    "ce",
    "cette",
    "ces",
    "qui",
    "que",
    "quoi",
    "où",
    "quand",
    "comment",
    "pourquoi",
    "pas",
    "ne",
    "n",
    "avec",
    "pour",
    "dans",
    "sur",
    "par",
    "bonjour",
    "merci",
    "oui",
    "non",
    "commande",
    "remboursement",
    "colis",
    "livraison",
    "veux",
    "voudrais",
    "peux",
    "pouvez",
    "parler",
    "aide",
    "plaît",
    "très",
    "aussi",
    "mais",
    "ai",
    "au",
    "aux",
    "c",
    "l",
    "d",
    "qu",
    "suis",
    "été",
    "adresse",
    "changer",
    "personne",
    "quelqu",
    "reçu",
    "toujours",
];

const IT: &[&str] = &[
    "il",
    "lo",
    "la",
    "gli",
    "le",
    "un",
    "uno",
    "una",
    "e",
    "ed",
    "o",
    "di",
    "del",
    "della",
    "dei",
    "da",
    "in",
    "con",
    "su",
    "per",
    "che",
    "è",
    "sono",
    "ho",
    "hai",
    "ha",
    "abbiamo",
    "mio",
    "mia",
    "miei",
    "suo",
    "sua",
    "tuo",
    "non",
    "sì",
    "si",
    "ciao",
    "buongiorno",
    "grazie",
    "prego",
    "ordine",
    "rimborso",
    "pacco",
    "consegna",
    "voglio",
    "vorrei",
    "posso",
    "può",
    "parlare",
    "aiuto",
    "dove",
    "quando",
    "come",
    "perché",
    "cosa",
    "anche",
    "ma",
    "molto",
    "già",
    "ancora",
    "questo",
    "questa",
    "quello",
    "mi",
    "ti",
    "ci",
    "l",
    "c",
    "nel",
    "nella",
    "alla",
    "al",
    "arrivato",
    "ricevuto",
    "qualcuno",
];

const PT: &[&str] = &[
    "o",
    "a",
    "os",
    "as",
    "um",
    "uma",
    "e",
    "ou",
    "de",
    "do",
    "da",
    "dos",
    "das",
    "em",
    "no",
    "na",
    "nos",
    "nas",
    "com",
    "por",
    "para",
    "que",
    "é",
    "são",
    "está",
    "foi",
    "eu",
    "meu",
    "minha",
    "seu",
    "sua",
    "você",
    "não",
    "sim",
    "olá",
    "oi",
    "obrigado",
    "obrigada",
    "bom",
    "pedido",
    "encomenda",
    "reembolso",
    "quero",
    "queria",
    "preciso",
    "posso",
    "pode",
    "falar",
    "ajuda",
    "onde",
    "quando",
    "como",
    "porque",
    "também",
    "mas",
    "muito",
    "já",
    "ainda",
    "isso",
    "isto",
    "este",
    "esta",
    "ao",
    "pelo",
    "pela",
    "tenho",
    "tem",
    "chegou",
    "recebi",
    "alguém",
    "dinheiro",
];

const NL: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "of",
    "is",
    "zijn",
    "ik",
    "je",
    "jij",
    "u",
    "uw",
    "mijn",
    "wij",
    "niet",
    "geen",
    "met",
    "van",
    "voor",
    "op",
    "aan",
    "naar",
    "bij",
    "uit",
    "in",
    "dat",
    "die",
    "dit",
    "deze",
    "wat",
    "waar",
    "wanneer",
    "hoe",
    "waarom",
    "wie",
    "hallo",
    "dank",
    "bedankt",
    "alstublieft",
    "graag",
    "ja",
    "nee",
    "bestelling",
    "terugbetaling",
    "pakket",
    "levering",
    "wil",
    "wilt",
    "kan",
    "kunt",
    "spreken",
    "praten",
    "hulp",
    "nog",
    "ook",
    "maar",
    "heel",
    "er",
    "mij",
    "hebben",
    "heb",
    "heeft",
    "iemand",
    "geld",
    "ontvangen",
];

/// Letters that only some of these languages write: each adds a point, shared, once a text.
const LETTERS: &[(char, &[Language])] = &[
    ('ß', &[Language::De]),
    ('ä', &[Language::De]),
    ('ö', &[Language::De]),
    ('ü', &[Language::De]),
    ('ñ', &[Language::Es]),
    ('¿', &[Language::Es]),
    ('¡', &[Language::Es]),
    ('ã', &[Language::Pt]),
    ('õ', &[Language::Pt]),
    ('ç', &[Language::Fr, Language::Pt]),
    ('œ', &[Language::Fr]),
];

/// Each listed word with the languages that list it.
static LEXICON: LazyLock<HashMap<&'static str, Vec<Language>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<Language>> = HashMap::new();
    for (language, words) in [
        (Language::En, EN),
        (Language::De, DE),
        (Language::Es, ES),
        (Language::Fr, FR),
        (Language::It, IT),
        (Language::Pt, PT),
        (Language::Nl, NL),
    ] {
        for w in words {
            let langs = map.entry(w).or_default();
            if !langs.contains(&language) {
                langs.push(language);
            }
        }
    }
    map
});

/// Each language's score for `text`, in the order of [`Language::ALL`].
pub fn scores(text: &str) -> [f32; 7] {
    let mut score = [0f32; 7];
    let lower = without_addresses(text).to_lowercase();
    for word in lower.split(|c: char| !c.is_alphabetic()) {
        if let Some(langs) = LEXICON.get(word) {
            let share = 1.0 / langs.len() as f32;
            for l in langs {
                score[l.index()] += share;
            }
        }
    }
    for (letter, langs) in LETTERS {
        if lower.contains(*letter) {
            for l in *langs {
                score[l.index()] += 1.0 / langs.len() as f32;
            }
        }
    }
    score
}

/// The language `text` is clearly written in, or None when it gives too little evidence.
pub fn guess(text: &str) -> Option<Language> {
    let score = scores(text);
    let mut ranked: Vec<(Language, f32)> = Language::ALL
        .into_iter()
        .map(|l| (l, score[l.index()]))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, top) = ranked[0];
    let second = ranked[1].1;
    (top >= MIN_SCORE && top >= 2.0 * second).then_some(best)
}

/// The text without emails, web addresses and tokens with digits, which belong to no language
/// (the "de" of "alice@example.de" is no Spanish).
fn without_addresses(text: &str) -> String {
    text.split_whitespace()
        .filter(|t| {
            !t.contains('@')
                && !t.contains("://")
                && !t.starts_with("www.")
                && !t.chars().any(|c| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::Language::*;
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
        }
        assert_eq!(Language::from_code("de-DE"), Some(De));
        assert_eq!(Language::from_code("ES"), Some(Es));
        assert_eq!(Language::from_code("pt_BR"), Some(Pt));
        assert_eq!(Language::from_code("sv"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn every_word_list_is_lower_case() {
        for words in [EN, DE, ES, FR, IT, PT, NL] {
            for w in words {
                assert_eq!(w.to_lowercase(), *w);
                assert!(w.chars().all(char::is_alphabetic), "{w:?}");
            }
        }
    }

    #[test]
    fn a_stray_domain_is_no_word() {
        assert_eq!(guess("alice@example.de"), None);
        assert_eq!(guess("https://example.es/de/la"), None);
    }
}
