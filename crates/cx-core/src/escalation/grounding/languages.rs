//! German and Spanish forms of the claims: month and weekday names, status words, units, number
//! words, and the patterns the extractors run besides the English ones. Every claim they find is
//! normalised to the value the English form has ("2. Dezember 2026" and "December 2, 2026" are
//! both `2026-12-02`, "versandt" and "enviado" both `shipped`, "3 Werktage" `3 business days`),
//! so the facts of a session (tools answer in English) ground them alike.
//!
//! Patterns here follow one rule of their own: the fast ASCII `\b` (see `extract::re`) sees no
//! word in a non-ASCII letter, so it is written only next to ASCII letters ("está", "envió",
//! "últimos" are bounded by what surrounds them instead).

use std::sync::LazyLock;

use regex::Regex;

use super::extract::re;

/// Month names and abbreviations (English, German, Spanish; lower case) with their number and
/// whether the name is written out in full (a full name does not take a sentence's full stop).
const MONTHS: &[(&str, u32, bool)] = &[
    ("january", 1, true),
    ("jan", 1, false),
    ("januar", 1, true),
    ("jänner", 1, true),
    ("enero", 1, true),
    ("ene", 1, false),
    ("february", 2, true),
    ("feb", 2, false),
    ("februar", 2, true),
    ("febrero", 2, true),
    ("march", 3, true),
    ("mar", 3, false),
    ("märz", 3, true),
    ("mär", 3, false),
    ("mrz", 3, false),
    ("marzo", 3, true),
    ("april", 4, true),
    ("apr", 4, false),
    ("abril", 4, true),
    ("abr", 4, false),
    ("may", 5, true),
    ("mai", 5, true),
    ("mayo", 5, true),
    ("june", 6, true),
    ("jun", 6, false),
    ("juni", 6, true),
    ("junio", 6, true),
    ("july", 7, true),
    ("jul", 7, false),
    ("juli", 7, true),
    ("julio", 7, true),
    ("august", 8, true),
    ("aug", 8, false),
    ("agosto", 8, true),
    ("ago", 8, false),
    ("september", 9, true),
    ("sep", 9, false),
    ("sept", 9, false),
    ("septiembre", 9, true),
    ("setiembre", 9, true),
    ("set", 9, false),
    ("october", 10, true),
    ("oct", 10, false),
    ("oktober", 10, true),
    ("okt", 10, false),
    ("octubre", 10, true),
    ("november", 11, true),
    ("nov", 11, false),
    ("noviembre", 11, true),
    ("december", 12, true),
    ("dec", 12, false),
    ("dezember", 12, true),
    ("dez", 12, false),
    ("diciembre", 12, true),
    ("dic", 12, false),
];

/// The German and Spanish month names for the date patterns (inside `(?i:…)`). "ago" and "set"
/// are English words too: they are read as months only with a dot and a year (`DATE_ES_SHORT`).
pub(super) const MONTH_DE_ES: &str = "Januar|Jänner|Februar|März|Mär|Mrz|Mai|Juni|Juli|Oktober|Okt|Dezember|Dez|enero|ene|febrero|marzo|abril|abr|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|dic";

/// "2 ago. 2026", "15 set. 2026": the two Spanish abbreviations that are English words.
pub(super) static DATE_ES_SHORT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(\d{1,2})\s+(?:de\s+)?(ago|set)\.\s*(?:de(?:l)?\s+)?(\d{4})\b"));

/// "am 2.12.", "bis zum 5.10.": a German day and month without a year, after a preposition.
pub(super) static DATE_DE_NO_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:am|vom|bis(?:\s+zum)?|zum|ab|seit)\s+(\d{1,2})\.(\d{1,2})\."));

/// The month of a name or abbreviation ("Dez", "diciembre", "Oct."), and whether it is written
/// out in full.
pub(super) fn month_of(name: &str) -> Option<(u32, bool)> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(m, _, _)| *m == name)
        .map(|(_, n, full)| (*n, *full))
        .or_else(|| {
            // English names are matched by their first three letters ("Sept", "Octob…").
            let prefix: String = name.chars().take(3).collect();
            [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ]
            .iter()
            .position(|m| *m == prefix)
            .map(|i| (i as u32 + 1, name.chars().count() > 4))
        })
}

/// Whether a word is a month abbreviation of any of the three languages ("Dez", "dic", "ago").
pub(super) fn is_month_abbreviation(word: &str) -> bool {
    let word = word.to_lowercase();
    MONTHS.iter().any(|(m, _, full)| !full && *m == word)
}

/// Whether a word is a month name or abbreviation of any of the three languages.
pub(super) fn is_month(word: &str) -> bool {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().any(|(m, _, _)| *m == word)
}

/// German and Spanish weekdays (lower case, with and without accents) in English.
const WEEKDAYS: &[(&str, &str)] = &[
    ("montag", "monday"),
    ("dienstag", "tuesday"),
    ("mittwoch", "wednesday"),
    ("donnerstag", "thursday"),
    ("freitag", "friday"),
    ("samstag", "saturday"),
    ("sonnabend", "saturday"),
    ("sonntag", "sunday"),
    ("lunes", "monday"),
    ("martes", "tuesday"),
    ("miércoles", "wednesday"),
    ("miercoles", "wednesday"),
    ("jueves", "thursday"),
    ("viernes", "friday"),
    ("sábado", "saturday"),
    ("sabado", "saturday"),
    ("domingo", "sunday"),
];

/// Periods besides the weekdays, in English.
const PERIODS: &[(&str, &str)] = &[
    ("woche", "week"),
    ("wochenende", "weekend"),
    ("monat", "month"),
    ("semana", "week"),
    ("fin de semana", "weekend"),
    ("mes", "month"),
];

/// The English word of a German or Spanish weekday or period ("Freitag" → "friday").
fn period_in_english(word: &str) -> Option<&'static str> {
    let word = word
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    WEEKDAYS
        .iter()
        .chain(PERIODS)
        .find(|(w, _)| *w == word)
        .map(|(_, e)| *e)
}

const WEEKDAY_DE: &str = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag";
const WEEKDAY_ES: &str = "lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo";

/// German relative dates: "nächste Woche", "am Freitag", "bis Montag" (1: which, 2: the day or
/// period); "gestern" and "übermorgen" (3). "morgen" is read apart (`RELATIVE_MORGEN`): it is
/// also the noun "Morgen" (morning).
pub(super) static RELATIVE_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(n[äa]chste[nrs]?|kommende[nrs]?|letzte[nrs]?|vergangene[nrs]?|diese[nrsm]?|am|bis(?:\s+zum)?|ab)\s+({WEEKDAY_DE}|Wochenende|Woche|Monat)\b|\b(gestern|vorgestern)\b|(übermorgen))"
    ))
});

/// "morgen" (tomorrow), not "Morgen" (morning: "Guten Morgen", "heute Morgen", "am Morgen").
pub(super) static RELATIVE_MORGEN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bmorgen\b"));
/// Words before "Morgen" that make it the morning.
pub(super) const MORNING_BEFORE: &[&str] = &[
    "guten",
    "heute",
    "gestern",
    "am",
    "jeden",
    "diesen",
    "den",
    "einen",
    "schönen",
    "morgen",
    "vom",
    "frühen",
    "späten",
    "nächsten",
];

/// Spanish relative dates, the longer forms first: "la próxima semana", "la semana que viene",
/// "el próximo lunes", "el lunes que viene", "la semana pasada", "esta semana", "el viernes",
/// "para el lunes", "hasta el lunes", "antes del lunes", "ayer", "pasado mañana".
pub(super) static RELATIVE_ES: LazyLock<Regex> = LazyLock::new(|| {
    let day = format!("{WEEKDAY_ES}|fin\\s+de\\s+semana|semana|mes");
    re(&format!(
        r"(?i)\b(?:(?:la|el)\s+pr[óo]xim[oa]\s+({day})\b|(?:la|el)\s+({day})\s+(?:que\s+viene|pr[óo]xim[oa])\b|(?:la|el)\s+({day})\s+pasad[oa]\b|(?:este|esta)\s+({day})\b|(?:para|hasta|antes)\s+(?:el|del)\s+({day})\b|el\s+({WEEKDAY_ES})\b|(ayer|anteayer)\b|(pasado\s+ma[ñn]ana))"
    ))
});

/// "mañana" (tomorrow), not "la mañana" (the morning).
pub(super) static RELATIVE_MANANA: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bma(?:ñ|n)ana\b"));
/// Words before "mañana" that make it the morning.
pub(super) const MORNING_BEFORE_ES: &[&str] = &[
    "la", "esta", "por", "de", "cada", "toda", "una", "media", "buena", "en", "el", "las",
];

/// The English value of a German relative date match ("nächsten Freitag" → "next friday").
pub(super) fn relative_de(c: &regex::Captures<'_>) -> Option<String> {
    if let Some(word) = c.get(3) {
        let w = word.as_str().to_lowercase();
        return Some(
            if w == "gestern" {
                "yesterday"
            } else {
                "day before yesterday"
            }
            .to_owned(),
        );
    }
    if c.get(4).is_some() {
        return Some("day after tomorrow".to_owned());
    }
    let which = c.get(1)?.as_str().to_lowercase();
    let period = period_in_english(c.get(2)?.as_str())?;
    let which = if which.starts_with("nächst")
        || which.starts_with("nachst")
        || which.starts_with("kommend")
    {
        "next"
    } else if which.starts_with("letzt") || which.starts_with("vergangen") {
        "last"
    } else if which.starts_with("dies") {
        "this"
    } else if which == "am" {
        "on"
    } else if which == "ab" {
        "from"
    } else {
        "by"
    };
    Some(format!("{which} {period}"))
}

/// The English value of a Spanish relative date match ("la próxima semana" → "next week").
pub(super) fn relative_es(c: &regex::Captures<'_>) -> Option<String> {
    let which = ["next", "next", "last", "this", "by", "on"];
    for (i, w) in which.iter().enumerate() {
        if let Some(day) = c.get(i + 1) {
            return Some(format!("{w} {}", period_in_english(day.as_str())?));
        }
    }
    if let Some(word) = c.get(7) {
        let w = word.as_str().to_lowercase();
        return Some(
            if w == "ayer" {
                "yesterday"
            } else {
                "day before yesterday"
            }
            .to_owned(),
        );
    }
    c.get(8).map(|_| "day after tomorrow".to_owned())
}

/// German number words for counts and durations ("zwei Werktage"); "ein" is an article too and
/// counts only in durations ("einen Werktag").
const NUMBER_DE: &str = "eins|eine[nm]?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|vierzehn|fünfzehn|zwanzig|dreißig|neunzig";
const NUMBER_ES: &str = "una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|catorce|quince|veinte|treinta|noventa";

/// A number in digits or in German or Spanish words.
pub(super) fn number_de_es(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let words: &[(&[&str], u32)] = &[
        (
            &["ein", "eins", "eine", "einen", "einem", "un", "una", "uno"],
            1,
        ),
        (&["zwei", "dos"], 2),
        (&["drei", "tres"], 3),
        (&["vier", "cuatro"], 4),
        (&["fünf", "cinco"], 5),
        (&["sechs", "seis"], 6),
        (&["sieben", "siete"], 7),
        (&["acht", "ocho"], 8),
        (&["neun", "nueve"], 9),
        (&["zehn", "diez"], 10),
        (&["elf", "once"], 11),
        (&["zwölf", "doce"], 12),
        (&["vierzehn", "catorce"], 14),
        (&["fünfzehn", "quince"], 15),
        (&["zwanzig", "veinte"], 20),
        (&["dreißig", "treinta"], 30),
        (&["neunzig", "noventa"], 90),
    ];
    let word = word.to_lowercase();
    words
        .iter()
        .find(|(ws, _)| ws.contains(&word.as_str()))
        .map(|(_, n)| *n)
}

/// German durations: "3 Werktage", "2–3 Tage", "2 bis 3 Werktagen", "24 Stunden", "zwei Jahre"
/// (1, 2: the numbers; 3: business; 4: the unit).
pub(super) static DURATION_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d+|{NUMBER_DE})(?:\s*(?:[-–—]|bis)\s*(\d+|{NUMBER_DE}))?(?:\s+|\s*[-–—]\s*)(Werk|Arbeits|Gesch[äa]fts)?(tag|tägig|stunde|minute|woche|monat|jahr|jährig)(?:e|en|n|es|s)?\b"
    ))
});

/// Spanish durations: "3 días hábiles", "de 2 a 3 días", "entre 5 y 7 días laborables", "24
/// horas", "dos años" (1, 2: the numbers; 3: the unit; 4: business).
pub(super) static DURATION_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d+|{NUMBER_ES})(?:\s*(?:[-–—]|a|y)\s*(\d+|{NUMBER_ES}))?\s+(minutos?|horas?|d[íi]as?|semanas?|mes(?:es)?|años?)\b(?:\s+(h[áa]biles|laborables)\b)?"
    ))
});

/// The English unit of a German or Spanish one ("Werktag" is a business day, "días" a day).
pub(super) fn unit_in_english(unit: &str) -> Option<&'static str> {
    const UNITS: &[(&str, &str)] = &[
        ("tag", "day"),
        ("tägig", "day"),
        ("stunde", "hour"),
        ("minut", "minute"),
        ("woche", "week"),
        ("monat", "month"),
        ("jahr", "year"),
        ("jährig", "year"),
        ("día", "day"),
        ("dia", "day"),
        ("hora", "hour"),
        ("semana", "week"),
        ("mes", "month"),
        ("año", "year"),
    ];
    let unit = unit.to_lowercase();
    UNITS
        .iter()
        .find(|(u, _)| unit.starts_with(u))
        .map(|(_, e)| *e)
}

/// "15 Prozent", "15 por ciento", "15,5 %".
pub(super) const PERCENT_WORDS: &str = r"prozent\b|por\s+ciento\b";

/// German and Spanish status words, by the status they state (the inflected forms are folded by
/// [`canonical`]).
const STATUS_WORDS: &[(&str, &str)] = &[
    ("versandt", "shipped"),
    ("versendet", "shipped"),
    ("verschickt", "shipped"),
    ("unterwegs", "shipped"),
    ("auf dem weg", "shipped"),
    ("in zustellung", "out_for_delivery"),
    ("zugestellt", "delivered"),
    ("geliefert", "delivered"),
    ("angekommen", "delivered"),
    ("eingetroffen", "delivered"),
    ("erstattet", "refunded"),
    ("rückerstattet", "refunded"),
    ("zurückerstattet", "refunded"),
    ("storniert", "cancelled"),
    ("annulliert", "cancelled"),
    ("offen", "open"),
    ("in bearbeitung", "in_progress"),
    ("gelöst", "resolved"),
    ("erledigt", "resolved"),
    ("geschlossen", "resolved"),
    ("behoben", "resolved"),
    ("eskaliert", "escalated"),
    ("ausstehend", "pending"),
    ("erstattung beantragt", "refund_requested"),
    ("rückerstattung beantragt", "refund_requested"),
    ("enviado", "shipped"),
    ("despachado", "shipped"),
    ("en camino", "shipped"),
    ("en tránsito", "shipped"),
    ("en transito", "shipped"),
    ("en reparto", "out_for_delivery"),
    ("entregado", "delivered"),
    ("llegado", "delivered"),
    ("reembolsado", "refunded"),
    ("cancelado", "cancelled"),
    ("anulado", "cancelled"),
    ("abierto", "open"),
    ("en curso", "in_progress"),
    ("en proceso", "in_progress"),
    ("en trámite", "in_progress"),
    ("en tramite", "in_progress"),
    ("resuelto", "resolved"),
    ("cerrado", "resolved"),
    ("solucionado", "resolved"),
    ("escalado", "escalated"),
    ("pendiente", "pending"),
    ("reembolso solicitado", "refund_requested"),
    // Spanish preterites: "se envió", "llegó".
    ("envió", "shipped"),
    ("despachó", "shipped"),
    ("entregó", "delivered"),
    ("llegó", "delivered"),
    ("reembolsó", "refunded"),
    ("canceló", "cancelled"),
    ("anuló", "cancelled"),
    ("resolvió", "resolved"),
    ("cerró", "resolved"),
    ("escaló", "escalated"),
];

/// The status a German or Spanish word states, inflections folded ("offene", "versandten",
/// "enviadas", "pendientes", "abierta"); None for any other word.
pub(super) fn canonical(word: &str) -> Option<&'static str> {
    let find = |w: &str| {
        let w = fold(w);
        STATUS_WORDS
            .iter()
            .find(|(s, _)| fold(s) == w)
            .map(|(_, c)| *c)
    };
    if let Some(c) = find(word) {
        return Some(c);
    }
    // German adjective endings: offene, offenen, offener, offenes, offenem.
    for ending in ["en", "er", "es", "em", "e"] {
        if let Some(c) = word.strip_suffix(ending).and_then(find) {
            return Some(c);
        }
    }
    // Spanish gender and number: abierta, abiertos, abiertas, pendientes.
    for (ending, with) in [("as", "o"), ("os", "o"), ("a", "o"), ("es", "e")] {
        if let Some(c) = word
            .strip_suffix(ending)
            .and_then(|stem| find(&format!("{stem}{with}")))
        {
            return Some(c);
        }
    }
    None
}

/// Spanish accents left out, as customers and models sometimes write them ("envio", "transito").
fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            c => c,
        })
        .collect()
}

/// The status words of the German patterns (inflections left to [`canonical`]).
pub(super) const STATUS_DE_WORDS: &str = STATUS_DE;
const STATUS_DE: &str = r"versandt|versendet|verschickt|unterwegs|auf\s+dem\s+Weg|in\s+Zustellung|zugestellt|geliefert|angekommen|eingetroffen|zurückerstattet|rückerstattet|erstattet|storniert|annulliert|offen|in\s+Bearbeitung|gelöst|erledigt|geschlossen|behoben|eskaliert|ausstehend";
/// Inflected (adjective) forms before a noun: "Ihre versandte Bestellung", "offene Tickets".
const STATUS_DE_ADJ: &str = r"(?:versandt|versendet|verschickt|zugestellt|geliefert|zurückerstattet|rückerstattet|erstattet|storniert|annulliert|offen|gelöst|erledigt|geschlossen|eskaliert|ausstehend)(?:e|en|er|es|em)";
/// Spanish status words, any gender and number.
const STATUS_ES: &str = r"(?:enviad|despachad|entregad|llegad|reembolsad|cancelad|anulad|abiert|resuelt|cerrad|solucionad|escalad)(?:os|as|o|a)\b|pendientes?\b|en\s+camino\b|en\s+tr[áa]nsito\b|en\s+reparto\b|en\s+curso\b|en\s+proceso\b|en\s+tr[áa]mite\b";

/// "Status: versandt", "Der Status ist „in Bearbeitung“", "Bestellstatus: offen".
pub(super) static LABEL_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)\b(?:bestell|ticket|liefer|versand|bearbeitungs)?status\b[^.!?;\n]{{0,40}}?(?:\bist\b|\blautet\b|:|=|\bauf\b|\bals\b)\s*(?:(?:jetzt|derzeit|aktuell|momentan|noch|bereits)\s+)*["'“„‘‚»«`*]*\s*({STATUS_DE})\b"#
    ))
});

/// "Estado: enviado", "el estado es «en curso»", "Estado del pedido: entregado".
pub(super) static LABEL_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)\bestado\b[^.!?;\n]{{0,40}}?(?:\bes\b|\bfigura\s+como\b|:|=|\bcomo\b|\bdice\b|\bmuestra\b|\bpasa\s+a\b|\bcambia\s+a\b)\s*(?:(?:ahora|actualmente|ya)\s+)*["'“«‘`*]*\s*({STATUS_ES})"#
    ))
});

/// Verb last in a clause: "…, dass Ihre Bestellung versandt wurde", "sobald sie zugestellt ist"
/// (1: the status).
pub(super) static VERB_LAST_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b({STATUS_DE})\s+(?:worden\s+)?(?:ist|sind|wurde|wurden|war|waren)\b"
    ))
});

/// "Ihr offenes Ticket", "die versandte Bestellung", "zwei stornierte Bestellungen" (1: the word
/// before, 2: the status).
pub(super) static ADJECTIVE_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(\w+)\s+)?({STATUS_DE_ADJ})\s+(?:Bestellung(?:en)?|Tickets?|Pakete?|Sendung(?:en)?|Lieferung(?:en)?|Anfragen?)\b"
    ))
});

/// "Ihre Erstattung wurde beantragt", "die Rückerstattung für Bestellung 1044 ist in
/// Bearbeitung": the order status refund_requested.
pub(super) static REFUND_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:Rück)?erstattung(?:santrag)?(?:\s+(?:für|zu)\s+[^.,;!?\n]{0,30}?)?\s+(?:ist|wurde|wurden)\s+(?:(?:bereits|schon|jetzt|erfolgreich)\s+)*(?:beantragt|angefordert|angefragt|eingereicht|ausstehend|in\s+Bearbeitung)\b",
    )
});

/// "Su pedido ha sido enviado", "está en camino", "fue entregado", "sigue abierto" (1: the
/// status).
pub(super) static VERB_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:ha|han|había|habían)\s+sido|fue|fueron|est[áa]n?|estaba|estaban|sigue|siguen|queda|quedan)\s+(?:(?:ya|ahora|actualmente|todavía|aún|correctamente)\s+){{0,2}}({STATUS_ES})"
    ))
});

/// "se ha enviado", "ya se envió", "ha llegado", "llegó" (1: the participle or preterite).
pub(super) static REFLEXIVE_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\bse\s+(?:(?:ha|han|había|habían)\s+)?(enviad[oa]s?|despachad[oa]s?|entregad[oa]s?|reembolsad[oa]s?|cancelad[oa]s?|anulad[oa]s?|resuelt[oa]s?|cerrad[oa]s?|escalad[oa]s?|envi[óo]|despach[óo]|entreg[óo]|reembols[óo]|cancel[óo]|anul[óo]|resolvi[óo]|cerr[óo]|escal[óo])|\b(?:ha|han)\s+(llegad[oa]s?)|\b(lleg[óo]))",
    )
});

/// "su ticket abierto", "dos pedidos entregados": the status after the noun (1: the word before
/// the noun, 2: the status).
pub(super) static ADJECTIVE_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(\w+)\s+)?(?:pedidos?|tickets?|paquetes?|incidencias?|solicitud(?:es)?)\s+({STATUS_ES})"
    ))
});

/// "El reembolso ha sido solicitado", "se ha solicitado el reembolso", "su reembolso está
/// pendiente": the order status refund_requested.
pub(super) static REFUND_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\breembolso(?:\s+(?:de|del|para)\s+[^.,;!?\n]{0,30}?)?\s+(?:ha\s+sido|fue|est[áa]|sigue)\s+(?:ya\s+)?(?:solicitado|pedido|pendiente|en\s+(?:curso|proceso|tr[áa]mite))\b|\bse\s+ha\s+solicitado\s+(?:un|el|su)\s+reembolso\b",
    )
});

/// Words that make a clause hypothetical or generic in German and Spanish.
pub(super) const NOT_A_STATEMENT: &[&str] = &[
    "wenn",
    "falls",
    "sobald",
    "sofern",
    "nachdem",
    "bevor",
    "ob",
    "normalerweise",
    "üblicherweise",
    "gewöhnlich",
    "meistens",
    "meist",
    "immer",
    "oft",
    "stets",
    "typischerweise",
    "generell",
    "grundsätzlich",
    "si",
    "cuando",
    "cuanto",
    "después",
    "antes",
    "hasta",
    "mientras",
    "normalmente",
    "generalmente",
    "habitualmente",
    "usualmente",
    "siempre",
    "suelen",
    "suele",
    "típicamente",
];

/// Words that open a sentence's condition: the clause after its comma is hypothetical too.
pub(super) const LEADING_CONDITIONS: &[&str] = &[
    "wenn", "falls", "sobald", "sofern", "nachdem", "bevor", "si", "cuando", "después", "antes",
    "hasta",
];

/// Modal and future forms: what follows states no present status ("debería haber sido enviado",
/// "puede ser cancelado").
pub(super) const MODALS: &[&str] = &[
    "haber", "ser", "sein", "werden", "wird", "debería", "debe", "puede", "podría", "va",
];

/// Negations: a negated status is not checked ("wurde noch nicht versandt", "no ha sido
/// enviado").
pub(super) const NEGATIONS: &[&str] = &[
    "nicht", "nie", "niemals", "kein", "keine", "keinen", "keinem", "keiner", "nichts", "no",
    "nunca", "nada", "ningún", "ninguna", "ninguno", "tampoco", "aún no",
];

/// What an "open" record can be in German and Spanish ("Der Chat ist rund um die Uhr offen" is
/// about opening hours).
pub(super) const OPENABLE: &[&str] = &[
    "ticket",
    "tickets",
    "anfrage",
    "fall",
    "vorgang",
    "anliegen",
    "es",
    "das",
    "dieses",
    "reklamation",
    "beschwerde",
    "solicitud",
    "caso",
    "incidencia",
    "reclamación",
    "consulta",
];

/// "a delivered order" is any such order, in German and Spanish.
pub(super) const INDEFINITE: &[&str] = &[
    "ein",
    "eine",
    "einen",
    "einer",
    "jede",
    "jeder",
    "jedes",
    "alle",
    "un",
    "una",
    "unos",
    "unas",
    "cualquier",
    "todo",
    "todos",
    "cada",
];
/// …unless the clause says one exists ("Sie haben eine offene Anfrage", "tiene un pedido
/// pendiente").
pub(super) const EXISTENTIAL: &[&str] = &[
    "haben",
    "hat",
    "habe",
    "gibt",
    "sehe",
    "finde",
    "tiene",
    "tienes",
    "tienen",
    "hay",
    "veo",
    "encuentro",
    "encontré",
    "figura",
];

/// The first person, for "escalated" said of the handoff itself ("Ich habe es eskaliert", "He
/// escalado su caso").
pub(super) const FIRST_PERSON: &[&str] = &[
    "ich", "wir", "habe", "haben", "yo", "nosotros", "he", "hemos",
];

/// German and Spanish counts: "3 Bestellungen", "zwei offene Tickets", "tres pedidos", "dos
/// tickets abiertos" (1: the number; 2: a status before the noun; 3: the noun; 4: a status
/// after it).
pub(super) static COUNT_DE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d{{1,4}}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+(?:({STATUS_DE_ADJ})\s+|(?:weitere|andere|aktive|frühere|aktuelle)\s+)?(Bestellungen|Bestellung|Tickets|Ticket|Anfragen)\b"
    ))
});
pub(super) static COUNT_ES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d{{1,4}}|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)\s+(?:de\s+sus\s+)?(pedidos|pedido|tickets|ticket|incidencias|incidencia)\b(?:\s+(?:(?:est[áa]n|son|siguen|fueron)\s+)?({STATUS_ES}))?"
    ))
});

/// "endet auf 1234", "mit der Endung 1234", "die letzten vier Ziffern sind 1234", "que termina
/// en 1234", "últimos cuatro dígitos: 1234" (1 or 2: the digits).
pub(super) static PHONE_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:endet|endend|termina|terminado|terminada|acaba|acabado)\s+(?:auf|mit|en)\s+|\bEndung\s+)(\d{4})\b|(?:\bletzten|[úu]ltimos)\s+(?:vier|4|cuatro)\s+(?:Ziffern|Stellen|d[íi]gitos)(?:\s+(?:Ihrer|der|de\s+su|de\s+la|del)(?:\s+\w+){1,2})?(?:\s+(?:sind|lauten|son|es))?\s*:?\s*(\d{4})\b",
    )
});
/// What an ending belongs to when it is no phone.
pub(super) const NOT_PHONE: &[&str] = &[
    "karte",
    "kreditkarte",
    "konto",
    "sendung",
    "sendungsnummer",
    "tarjeta",
    "cuenta",
    "seguimiento",
    "envío",
];

/// The words a digits-only tracking code follows: "Sendungsnummer", "número de seguimiento".
pub(super) const TRACKING_WORDS: &str = r"tracking-?nummer|sendungs(?:verfolgungs)?nummer|paketnummer|(?:n[úu]mero|c[óo]digo)\s+de\s+seguimiento";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_status_words_fold() {
        for (word, status) in [
            ("offene", "open"),
            ("offenen", "open"),
            ("versandte", "shipped"),
            ("gelieferten", "delivered"),
            ("abiertas", "open"),
            ("abierta", "open"),
            ("enviados", "shipped"),
            ("pendientes", "pending"),
            ("en camino", "shipped"),
            ("in bearbeitung", "in_progress"),
        ] {
            assert_eq!(canonical(word), Some(status), "{word}");
        }
        for word in [
            "personalausweis",
            "offensichtlich",
            "persona",
            "abiertamente",
            "ende",
        ] {
            assert_eq!(canonical(word), None, "{word}");
        }
    }

    #[test]
    fn months_in_three_languages() {
        assert_eq!(month_of("Dez."), Some((12, false)));
        assert_eq!(month_of("diciembre"), Some((12, true)));
        assert_eq!(month_of("März"), Some((3, true)));
        assert_eq!(month_of("Mai"), Some((5, true)));
        assert_eq!(month_of("October"), Some((10, true)));
        assert_eq!(month_of("Oct"), Some((10, false)));
        assert_eq!(month_of("Sept"), Some((9, false)));
        assert_eq!(month_of("Dienstag"), None);
        assert!(is_month_abbreviation("ago") && !is_month_abbreviation("agosto"));
    }
}
