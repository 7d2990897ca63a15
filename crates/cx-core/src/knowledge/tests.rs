//! The knowledge base against real SQLite files (`testing::seeded()`) and temporary copies of the
//! demo documents in `config/knowledge/`.

use super::entity::passage;
use super::*;
use crate::core::testing::{TestCore, seeded};
use crate::escalation::grounding::{ClaimKind, Facts, unsupported_claims};
use sea_orm::EntityTrait;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn demo_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config/knowledge")
}

fn demo_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(demo_folder())
        .expect("config/knowledge")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// A seeded database with an empty knowledge index (opening the core indexed the repository's
/// folder; these tests start from nothing).
async fn fresh() -> TestCore {
    let core = seeded().await;
    let empty = tempfile::tempdir().expect("temp dir");
    reindex(&core.db, empty.path())
        .await
        .expect("empty the index");
    core
}

/// A seeded database and the demo documents copied to a temporary folder (tests change files),
/// indexed once.
async fn indexed() -> (TestCore, TempDir) {
    let core = fresh().await;
    let dir = tempfile::tempdir().expect("temp dir");
    for file in demo_files() {
        fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    let report = reindex(&core.db, dir.path()).await.expect("reindex");
    assert_eq!(report.added as usize, demo_files().len());
    (core, dir)
}

async fn top_path(core: &TestCore, question: &str) -> Option<String> {
    search(&core.db, question, 1)
        .await
        .unwrap_or_else(|e| panic!("{question}: {e}"))
        .first()
        .map(|p| p.path.clone())
}

async fn fts_in_step(core: &TestCore) {
    let passages = passage::Entity::find().all(&core.db).await.unwrap().len();
    let rows = fts_sqlite::indexed_rows(&core.db).await.unwrap();
    assert_eq!(rows as usize, passages, "FTS rows vs passages");
}

#[tokio::test]
async fn the_demo_set_is_indexed_by_heading() {
    assert!(demo_files().len() >= 8, "at least 8 demo documents");
    let (core, dir) = indexed().await;
    let docs = list_documents(&core.db).await.unwrap();
    assert_eq!(docs.len(), demo_files().len());
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    for t in [
        "Refunds and returns",
        "Shipping and delivery",
        "Warranty",
        "Troubleshooting headphones and audio",
        "Troubleshooting monitors and displays",
        "Troubleshooting keyboards, mice and peripherals",
        "Account and privacy",
        "Payment and billing",
        "Order changes and cancellation",
    ] {
        assert!(titles.contains(&t), "{t} in {titles:?}");
    }
    let all = passage::Entity::find().all(&core.db).await.unwrap();
    let total: u32 = docs.iter().map(|d| d.passages).sum();
    assert_eq!(total as usize, all.len());
    assert!(all.len() > 4 * docs.len(), "one passage per section");
    for p in &all {
        assert!(!p.text.trim().is_empty());
        assert!(p.text.chars().count() <= MAX_PASSAGE_CHARS);
        assert!(
            !p.text.starts_with('#'),
            "heading lines are not text: {}",
            p.text
        );
    }
    fts_in_step(&core).await;

    // The document title is not repeated in the heading path; a level-3 section keeps its parent.
    let hits = search(&core.db, "opened headphones earbuds return", 1)
        .await
        .unwrap();
    assert_eq!(hits[0].path, "refunds-and-returns.md");
    assert_eq!(
        hits[0].heading,
        "Condition of returned items › Opened headphones and earbuds"
    );
    assert_eq!(
        hits[0].source(),
        "Refunds and returns › Condition of returned items › Opened headphones and earbuds"
    );

    let doc = get_document(&core.db, dir.path(), hits[0].document_id)
        .await
        .unwrap();
    assert_eq!(doc.title, "Refunds and returns");
    assert!(doc.content.starts_with("---\ntitle: Refunds and returns"));
}

/// The demo documents say what the canned replies (seed.rs) say.
#[tokio::test]
async fn the_demo_set_agrees_with_the_canned_replies() {
    let (core, _dir) = indexed().await;
    for (question, fact) in [
        ("how long does a refund take", "5–7 business days"),
        ("standard shipping time", "3–5 business days"),
        ("express delivery time", "1–2 business days"),
        ("how long is the warranty", "two-year warranty"),
    ] {
        let hits = search(&core.db, question, 3).await.unwrap();
        assert!(
            hits.iter().any(|p| p.text.contains(fact)),
            "{question}: {fact} not in {hits:#?}"
        );
    }
}

/// Customer questions and the document that should answer them.
const RANKING: &[(&str, &str)] = &[
    ("how long does a refund take", "refunds-and-returns.md"),
    ("can I return opened headphones", "refunds-and-returns.md"),
    (
        "when will the refund show up on my card",
        "refunds-and-returns.md",
    ),
    (
        "how much does a return label cost",
        "refunds-and-returns.md",
    ),
    ("is there a restocking fee", "refunds-and-returns.md"),
    (
        "can I exchange it for another colour",
        "refunds-and-returns.md",
    ),
    ("do you ship express", "shipping-and-delivery.md"),
    ("how much is shipping", "shipping-and-delivery.md"),
    ("do you deliver to Canada", "shipping-and-delivery.md"),
    (
        "tracking says delivered but there is no package",
        "shipping-and-delivery.md",
    ),
    ("the box arrived damaged", "shipping-and-delivery.md"),
    ("my monitor has a dead pixel", "troubleshooting-displays.md"),
    ("the screen says no signal", "troubleshooting-displays.md"),
    ("my display keeps flickering", "troubleshooting-displays.md"),
    (
        "my bluetooth headphones won't pair",
        "troubleshooting-audio.md",
    ),
    ("one earbud is not charging", "troubleshooting-audio.md"),
    (
        "microphone does not work on calls",
        "troubleshooting-audio.md",
    ),
    (
        "some keys on my keyboard don't work",
        "troubleshooting-keyboards-and-peripherals.md",
    ),
    (
        "my mouse double clicks",
        "troubleshooting-keyboards-and-peripherals.md",
    ),
    (
        "is my laptop battery covered by the warranty",
        "warranty.md",
    ),
    ("what does the warranty not cover", "warranty.md"),
    ("how do I change my email", "account-and-privacy.md"),
    (
        "delete my account and personal data",
        "account-and-privacy.md",
    ),
    ("I forgot my password", "account-and-privacy.md"),
    ("I was charged twice", "payment-and-billing.md"),
    (
        "which payment methods do you accept",
        "payment-and-billing.md",
    ),
    ("I need an invoice for my company", "payment-and-billing.md"),
    ("can I cancel my order", "order-changes-and-cancellation.md"),
    (
        "change the delivery address of my order",
        "order-changes-and-cancellation.md",
    ),
    ("I want to talk to a real person", "contact-and-support.md"),
];

#[tokio::test]
async fn customer_questions_rank_the_right_document_first() {
    assert!(RANKING.len() >= 20);
    let (core, _dir) = indexed().await;
    let mut right = 0;
    for (question, expected) in RANKING {
        let top = top_path(&core, question).await;
        let ok = top.as_deref() == Some(*expected);
        right += usize::from(ok);
        println!(
            "{} {question:<50} → {}{}",
            if ok { "✓" } else { "✗" },
            top.as_deref().unwrap_or("(nothing)"),
            if ok {
                String::new()
            } else {
                format!("  (expected {expected})")
            }
        );
    }
    let accuracy = right as f64 / RANKING.len() as f64;
    println!(
        "knowledge ranking: {right}/{} top-1 correct ({:.0}%)",
        RANKING.len(),
        accuracy * 100.0
    );
    assert!(accuracy >= 0.85, "accuracy {accuracy:.2} below 0.85");
}

#[tokio::test]
async fn a_second_reindex_changes_nothing() {
    let (core, dir) = indexed().await;
    let before = list_documents(&core.db).await.unwrap();
    let report = reindex(&core.db, dir.path()).await.unwrap();
    assert_eq!(
        (report.added, report.updated, report.removed),
        (0, 0, 0),
        "{report:?}"
    );
    assert_eq!(report.unchanged as usize, demo_files().len());
    assert_eq!(
        report.passages,
        before.iter().map(|d| d.passages).sum::<u32>()
    );
    // Untouched rows: same ids, same timestamps.
    assert_eq!(list_documents(&core.db).await.unwrap(), before);
}

#[tokio::test]
async fn a_changed_file_is_reindexed() {
    let (core, dir) = indexed().await;
    assert!(
        !search(&core.db, "restocking fee", 5)
            .await
            .unwrap()
            .is_empty()
    );
    let file = dir.path().join("refunds-and-returns.md");
    let text = fs::read_to_string(&file).unwrap();
    let changed = text.replace(
        "We do not charge a\nrestocking fee.",
        "Drones are test-flown by our flight lab.",
    );
    assert_ne!(
        text, changed,
        "the sentence to replace is in the demo document"
    );
    fs::write(&file, changed).unwrap();

    let report = reindex(&core.db, dir.path()).await.unwrap();
    assert_eq!((report.added, report.updated, report.removed), (0, 1, 0));
    assert_eq!(report.unchanged as usize, demo_files().len() - 1);
    let hits = search(&core.db, "drones flight lab", 3).await.unwrap();
    assert_eq!(hits[0].path, "refunds-and-returns.md");
    assert!(hits[0].text.contains("test-flown"));
    let old = search(&core.db, "restocking", 10).await.unwrap();
    assert!(
        old.iter().all(|p| !p.text.contains("restocking")),
        "{old:#?}"
    );
    fts_in_step(&core).await;
}

#[tokio::test]
async fn deleted_documents_leave_the_index() {
    let (core, dir) = indexed().await;
    // Deleted on disk, noticed by the next reindex.
    fs::remove_file(dir.path().join("warranty.md")).unwrap();
    let report = reindex(&core.db, dir.path()).await.unwrap();
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 1));
    let hits = search(&core.db, "warranty claim", 20).await.unwrap();
    assert!(hits.iter().all(|p| p.path != "warranty.md"));

    // Deleted from the knowledge view: the file and the passages go.
    let audio = list_documents(&core.db)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.path == "troubleshooting-audio.md")
        .unwrap();
    delete_document(&core.db, dir.path(), audio.id)
        .await
        .unwrap();
    assert!(!dir.path().join("troubleshooting-audio.md").exists());
    let hits = search(&core.db, "earbud pairing", 20).await.unwrap();
    assert!(hits.iter().all(|p| p.document_id != audio.id));
    assert_eq!(
        list_documents(&core.db).await.unwrap().len(),
        demo_files().len() - 2
    );
    let err = get_document(&core.db, dir.path(), audio.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = delete_document(&core.db, dir.path(), audio.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    fts_in_step(&core).await;

    // An empty folder empties the index; a missing one is an error, not an empty knowledge base.
    let empty = tempfile::tempdir().unwrap();
    let report = reindex(&core.db, empty.path()).await.unwrap();
    assert_eq!(report.removed as usize, demo_files().len() - 2);
    assert_eq!(report.passages, 0);
    let err = reindex(&core.db, &empty.path().join("missing"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[tokio::test]
async fn documents_are_saved_from_the_knowledge_view() {
    let (core, dir) = indexed().await;
    let folder = dir.path();
    // A new document by title: a file named after it, with the title as its heading.
    let body = "## Expiry\n\nGift cards never expire and can be combined with a promo code.\n";
    let doc = save_document(&core.db, folder, "Gift cards", body)
        .await
        .unwrap();
    assert_eq!(doc.path, "gift-cards.md");
    assert_eq!(doc.title, "Gift cards");
    let on_disk = fs::read_to_string(folder.join("gift-cards.md")).unwrap();
    assert_eq!(on_disk, format!("# Gift cards\n\n{body}"));
    let hits = search(&core.db, "do gift cards expire", 1).await.unwrap();
    assert_eq!(hits[0].document_id, doc.id);
    assert_eq!(hits[0].source(), "Gift cards › Expiry");

    let err = save_document(&core.db, folder, "Gift Cards", "Other text.")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "conflict");

    // Edited by path: same document, new text indexed, old text gone.
    let edited = "# Gift cards\n\n## Expiry\n\nGift cards are valid for five years.\n";
    let again = save_document(&core.db, folder, "gift-cards.md", edited)
        .await
        .unwrap();
    assert_eq!(again.id, doc.id);
    let hits = search(&core.db, "gift cards valid", 1).await.unwrap();
    assert!(hits[0].text.contains("five years"));
    assert!(
        search(&core.db, "never expire", 5)
            .await
            .unwrap()
            .iter()
            .all(|p| p.document_id != doc.id)
    );
    let opened = get_document(&core.db, folder, doc.id).await.unwrap();
    assert_eq!(opened.content, edited);

    // In a sub-folder; then a reindex finds everything already up to date.
    let nested = save_document(
        &core.db,
        folder,
        "faq/loyalty.md",
        "# Loyalty points\n\nOne point per dollar.",
    )
    .await
    .unwrap();
    assert_eq!(nested.title, "Loyalty points");
    assert!(folder.join("faq/loyalty.md").is_file());
    let report = reindex(&core.db, folder).await.unwrap();
    assert_eq!((report.added, report.updated, report.removed), (0, 0, 0));
    assert_eq!(report.unchanged as usize, demo_files().len() + 2);

    for empty in ["", "  \n"] {
        let err = save_document(&core.db, folder, "x.md", empty)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}

#[tokio::test]
async fn paths_outside_the_folder_are_rejected() {
    let core = fresh().await;
    let outer = tempfile::tempdir().unwrap();
    let folder = outer.path().join("knowledge");
    fs::create_dir(&folder).unwrap();
    let outside = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), folder.join("link")).unwrap();

    for bad in [
        "../evil.md",
        "a/../../evil.md",
        "/tmp/evil.md",
        &outer.path().join("evil.md").display().to_string(),
        "..\\evil.md",
        "C:\\evil.md",
        "C:evil.md",
        ".evil.md",
        "evil.txt",
        "evil.md/",
        "link/evil.md",
        "",
    ] {
        let err = save_document(&core.db, &folder, bad, "# Evil\n\ntext")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad:?}: {err}");
    }
    assert!(!outer.path().join("evil.md").exists());
    assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
    assert!(
        fs::read_dir(&folder)
            .unwrap()
            .all(|e| e.unwrap().file_name() == "link")
    );
    assert!(list_documents(&core.db).await.unwrap().is_empty());

    // Reindex leaves out what cannot be a document, saying why; other files are ignored.
    fs::write(folder.join("binary.md"), [0xff, 0xfe, 0x00]).unwrap();
    fs::write(folder.join("notes.txt"), "not markdown").unwrap();
    fs::write(folder.join(".draft.md"), "# Hidden").unwrap();
    fs::write(folder.join("ok.md"), "# Fine\n\nText.").unwrap();
    let report = reindex(&core.db, &folder).await.unwrap();
    assert_eq!(report.added, 1);
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    #[cfg(unix)]
    assert_eq!(skipped, ["binary.md", "link"]);
    #[cfg(not(unix))]
    assert_eq!(skipped, ["binary.md"]);
    assert!(report.skipped[0].reason.contains("UTF-8"));
}

#[tokio::test]
async fn hostile_and_empty_questions() {
    let (core, _dir) = indexed().await;
    let long = "refund ".repeat(80);
    let hostile = [
        "'; DROP TABLE knowledge_passages; --",
        "refund\" OR 1=1 --",
        "NEAR(refund warranty, 2)",
        "refund OR",
        "AND OR NOT",
        "heading:warranty",
        "body : refund",
        "knowledge_fts",
        "^refund*",
        "* AND *",
        "refund\0warranty",
        "(((refund",
        "💥 refund 💥",
        "Rückerstattung ÉCRAN",
        "SELECT * FROM knowledge_documents",
        "\"refund\" NOT \"warranty\"",
        "{\"query\": \"refund\"}",
        "%_%",
        long.as_str(),
    ];
    for q in hostile {
        match search(&core.db, q, 5).await {
            Ok(hits) => assert!(hits.len() <= 5),
            Err(e) => assert_eq!(e.code(), "invalid_input", "{q:?}: {e}"),
        }
    }
    // Operators are words: "refund OR" finds refund passages, nothing is dropped or run.
    let hits = search(&core.db, "refund OR", 3).await.unwrap();
    assert_eq!(hits[0].path, "refunds-and-returns.md");
    assert_eq!(
        list_documents(&core.db).await.unwrap().len(),
        demo_files().len()
    );
    fts_in_step(&core).await;

    for (bad, says) in [
        ("", "empty"),
        ("   ", "empty"),
        ("?!* -- \"", "no letters"),
        ("how do I do it?", "no specific words"),
        (&"x".repeat(MAX_QUERY_CHARS + 1), "too long"),
    ] {
        let err = search(&core.db, bad, 5).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains(says), "{bad:?}: {err}");
    }
    for limit in [0, MAX_LIMIT + 1] {
        let err = search(&core.db, "refund", limit).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
    // Nothing matching is no error, just nothing.
    assert!(search(&core.db, "zeppelin", 5).await.unwrap().is_empty());
}

#[tokio::test]
async fn retrieved_passages_ground_policy_figures() {
    let (core, _dir) = indexed().await;
    let passages = search(&core.db, "how long does a refund take", DEFAULT_LIMIT)
        .await
        .unwrap();
    let mut facts = Facts::new();
    for p in &passages {
        facts.add_text(&p.text);
    }
    assert!(unsupported_claims("Refunds take 5–7 business days.", &facts).is_empty());
    let invented = unsupported_claims("Refunds take 10 business days.", &facts);
    assert_eq!(invented.len(), 1, "{invented:?}");
    assert_eq!(invented[0].kind, ClaimKind::Duration);
    assert_eq!(invented[0].value, "10 business days");
}

#[tokio::test]
async fn the_tool_result_names_its_sources() {
    let (core, _dir) = indexed().await;
    let passages = search(&core.db, "how long until my refund arrives", 2)
        .await
        .unwrap();
    let json = tool_result(&passages);
    assert_eq!(json["found"], true);
    assert_eq!(json["count"], 2);
    let first = &json["passages"][0];
    assert_eq!(first["document"], "Refunds and returns");
    assert_eq!(first["heading"], "How long a refund takes");
    assert_eq!(
        first["source"],
        "Refunds and returns › How long a refund takes"
    );
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("5–7 business days")
    );
    assert!(json.get("message").is_none());

    let none = tool_result(&[]);
    assert_eq!(none["found"], false);
    assert_eq!(none["count"], 0);
    assert_eq!(none["passages"].as_array().unwrap().len(), 0);
    assert!(
        none["message"]
            .as_str()
            .unwrap()
            .contains("No knowledge-base passage")
    );
}

#[test]
fn the_default_folder_holds_the_demo_set() {
    let folder: &Path = &default_folder();
    assert!(
        folder.join("refunds-and-returns.md").is_file(),
        "{}",
        folder.display()
    );
}
