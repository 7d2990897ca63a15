//! The knowledge folder on disk: which files are documents, which relative paths are acceptable,
//! reading, atomic writing and content hashes. No database here.
//!
//! Paths are always relative to the folder and `/`-separated, checked by [`check_path`]: no `..`,
//! no absolute or drive paths, no hidden names, `.md` only. Symbolic links are never followed, so
//! a path that passes cannot reach outside the folder. File access is plain blocking `std::fs`:
//! documents are a few kilobytes, like the YAML configuration read the same way.

use super::chunk::CHUNKER_VERSION;
use super::model::SkippedFile;
use crate::error::{CoreError, Result};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Largest document accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Longest relative path accepted, in characters.
pub const MAX_PATH_CHARS: usize = 200;
/// Deepest folder nesting below the knowledge folder.
const MAX_DEPTH: usize = 8;

/// A document file read from the folder.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: String,
    pub content: String,
    pub hash: String,
}

impl LoadedFile {
    pub fn new(path: String, content: String) -> Self {
        let hash = content_hash(&content);
        LoadedFile {
            path,
            content,
            hash,
        }
    }
}

/// A fingerprint for change detection (not security): FNV-1a over the bytes, plus the length and
/// the chunker version, so a change to the chunking rules also counts as a change. Stable across
/// Rust releases and platforms, unlike `std`'s `DefaultHasher`.
pub fn content_hash(content: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in content.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("v{CHUNKER_VERSION}-{}-{h:016x}", content.len())
}

/// The folder must exist: a missing one is far more likely a wrong setting than an empty
/// knowledge base, and treating it as empty would wipe the index.
pub fn check_folder(folder: &Path) -> Result<()> {
    match fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(CoreError::invalid(format!(
            "the knowledge folder {} is not a folder",
            folder.display()
        ))),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(CoreError::not_found(format!(
            "the knowledge folder {} does not exist",
            folder.display()
        ))),
        Err(e) => Err(io_error(folder, e)),
    }
}

/// A relative document path, checked and normalised (trimmed), or `InvalidInput` saying why not.
pub fn check_path(path: &str) -> Result<String> {
    let path = path.trim();
    let bad = |why: &str| {
        Err(CoreError::invalid(format!(
            "invalid document path '{path}': {why}"
        )))
    };
    if path.is_empty() {
        return Err(CoreError::invalid("the document path is empty"));
    }
    if path.chars().count() > MAX_PATH_CHARS {
        return bad(&format!("longer than {MAX_PATH_CHARS} characters"));
    }
    if path.contains(|c: char| c.is_control() || c == ':' || c == '\\') {
        return bad(
            "use letters, digits and '/' between folders (no '\\', ':' or control characters)",
        );
    }
    if path.starts_with('/') {
        return bad("it must be relative to the knowledge folder");
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() > MAX_DEPTH + 1 {
        return bad("too many folders");
    }
    for part in &parts {
        if part.is_empty() {
            return bad("empty folder name");
        }
        if matches!(*part, "." | "..") {
            return bad("it may not leave the knowledge folder");
        }
        if part.starts_with('.') {
            return bad("hidden files and folders are not documents");
        }
    }
    let name = parts.last().copied().unwrap_or_default();
    if !has_md_extension(name) {
        return bad("knowledge documents are Markdown files ending in .md");
    }
    Ok(path.to_owned())
}

/// `folder/path` for a checked `path`, refusing any symbolic link on the way (a link could point
/// outside the folder). With `create_dirs`, missing folders are created one by one, each only
/// after the one above it was found to be a real folder.
pub fn resolve(folder: &Path, path: &str, create_dirs: bool) -> Result<PathBuf> {
    let path = check_path(path)?;
    let mut full = folder.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        full.push(part);
        let last = i + 1 == parts.len();
        match fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(CoreError::invalid(format!(
                    "invalid document path '{path}': symbolic links are not followed"
                )));
            }
            Ok(m) if !last && !m.is_dir() => {
                return Err(CoreError::invalid(format!(
                    "invalid document path '{path}': '{part}' is not a folder"
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {
                if !last && create_dirs {
                    fs::create_dir(&full).map_err(|e| io_error(&full, e))?;
                }
            }
            Err(e) => return Err(io_error(&full, e)),
        }
    }
    Ok(full)
}

/// Read a document as UTF-8 text. A missing file is `NotFound`; an oversized or binary one
/// `InvalidInput`.
pub fn read(folder: &Path, path: &str) -> Result<String> {
    let full = resolve(folder, path, false)?;
    let bytes = match fs::read(&full) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(CoreError::not_found(format!(
                "the document file {path} no longer exists"
            )));
        }
        Err(e) => return Err(io_error(&full, e)),
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::invalid(format!(
            "{path} is larger than {} KiB",
            MAX_FILE_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| CoreError::invalid(format!("{path} is not UTF-8 text")))
}

/// Write `content` to `folder/path` atomically (a hidden temporary file renamed over the target),
/// so a reindex running at the same moment reads the old or the new text, never half of it.
pub fn write(folder: &Path, path: &str, content: &str) -> Result<()> {
    let full = resolve(folder, path, true)?;
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = full.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::write(&tmp, content).and_then(|()| fs::rename(&tmp, &full));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(&full, e));
    }
    Ok(())
}

/// Delete `folder/path`; already gone is fine.
pub fn remove(folder: &Path, path: &str) -> Result<()> {
    let full = resolve(folder, path, false)?;
    match fs::remove_file(&full) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(&full, e)),
    }
}

/// Every `.md` document below `folder` (sorted by path), and the `.md` files that cannot be
/// documents with the reason. Hidden names (editors' temporary files, `.git`) are ignored quietly.
pub fn scan(folder: &Path) -> Result<(Vec<LoadedFile>, Vec<SkippedFile>)> {
    check_folder(folder)?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    walk(folder, folder, 0, &mut files, &mut skipped)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, skipped))
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    files: &mut Vec<LoadedFile>,
    skipped: &mut Vec<SkippedFile>,
) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let full = entry.path();
        let rel = full
            .strip_prefix(root)
            .unwrap_or(&full)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let skip = |reason: &str| SkippedFile {
            path: rel.clone(),
            reason: reason.to_owned(),
        };
        let kind = entry.file_type().map_err(|e| io_error(&full, e))?;
        if kind.is_symlink() {
            skipped.push(skip("symbolic links are not followed"));
        } else if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &full, depth + 1, files, skipped)?;
            } else {
                skipped.push(skip("nested too deep"));
            }
        } else if has_md_extension(&name) {
            if entry.file_name().to_str().is_none() {
                skipped.push(skip("the file name is not valid UTF-8"));
                continue;
            }
            match check_path(&rel).and_then(|p| read(root, &p).map(|c| (p, c))) {
                Ok((path, content)) => files.push(LoadedFile::new(path, content)),
                Err(e) => skipped.push(skip(&e.to_string())),
            }
        }
    }
    Ok(())
}

/// A file name for a new document's title: "Gift cards & vouchers" → "gift-cards-vouchers.md".
pub fn file_name_for_title(title: &str) -> Result<String> {
    let mut slug = String::new();
    for c in title.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        return Err(CoreError::invalid(format!(
            "the title '{}' has no letters or digits to name a file after",
            title.trim()
        )));
    }
    Ok(format!("{slug}.md"))
}

/// Whether the knowledge view passed a file path ("faq/returns.md", "notes.txt") rather than the
/// title of a new document ("Gift cards", "Version 2.0 notes"): a path has a `/` or `\`, or is one
/// word with a file extension.
pub fn looks_like_path(s: &str) -> bool {
    let s = s.trim();
    s.contains(['/', '\\'])
        || s.to_ascii_lowercase().ends_with(".md")
        || (!s.contains(char::is_whitespace)
            && s.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=5).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
            }))
}

/// `x.md` (any case), with a name before the extension.
fn has_md_extension(name: &str) -> bool {
    name.len() > 3
        && name
            .get(name.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".md"))
}

fn io_error(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Internal(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_and_be_markdown() {
        for ok in [
            "a.md",
            "faq/returns.md",
            " Spaced name.MD ",
            "ü/ß.md",
            "éé.md",
        ] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../x.md",
            "a/../../x.md",
            "./x.md",
            "/etc/x.md",
            "C:\\x.md",
            "C:x.md",
            "a\\..\\x.md",
            "a//x.md",
            ".hidden.md",
            "a/.git/x.md",
            "x.txt",
            "x.md/",
            ".md",
            "x.md\0",
            "dir/",
            "éé",
        ] {
            let err = check_path(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad:?}");
        }
        let deep = ["d"; MAX_DEPTH + 1].join("/") + "/x.md";
        assert!(check_path(&deep).is_err());
        assert!(check_path(&("x".repeat(MAX_PATH_CHARS) + ".md")).is_err());
    }

    #[test]
    fn titles_become_file_names() {
        assert_eq!(
            file_name_for_title("Gift cards & vouchers!").unwrap(),
            "gift-cards-vouchers.md"
        );
        assert_eq!(file_name_for_title("Garantía").unwrap(), "garantía.md");
        assert!(file_name_for_title(" ?! ").is_err());
        assert!(file_name_for_title(&"long ".repeat(40)).unwrap().len() <= 64);
    }

    #[test]
    fn paths_and_titles_are_told_apart() {
        for path in ["faq/x.md", "x.md", "notes.txt", "..\\x", "/etc/passwd"] {
            assert!(looks_like_path(path), "{path}");
        }
        for title in [
            "Gift cards",
            "FAQ",
            "Version 2.0 notes",
            "..",
            "e.g. returns",
        ] {
            assert!(!looks_like_path(title), "{title}");
        }
    }

    #[test]
    fn hashes_are_stable_and_sensitive() {
        assert_eq!(content_hash("abc"), content_hash("abc"));
        assert_ne!(content_hash("abc"), content_hash("abd"));
        assert!(content_hash("").starts_with(&format!("v{CHUNKER_VERSION}-0-")));
    }
}
