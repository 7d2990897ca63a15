use super::*;

fn repo() -> PathBuf {
    Config::default_dir()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A copy of the repository's config folder to break one file in.
fn copy_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [PROMPTS_FILE, PERMISSIONS_FILE, ESCALATION_FILE] {
        std::fs::copy(repo().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn invalid(err: ConfigError) -> (PathBuf, usize, String, String) {
    match err {
        ConfigError::Invalid {
            file,
            line,
            key,
            message,
        } => (file, line, key, message),
        other => panic!("expected an Invalid error, got {other}"),
    }
}

#[test]
fn repository_config_loads() {
    let cfg = Config::load(&repo()).unwrap();
    assert_eq!(cfg.prompts.default_tone, "professional");
    for t in ["professional", "friendly", "playful"] {
        assert!(cfg.prompts.tone(t).is_ok(), "{t}");
    }
    assert!(!cfg.prompts.guardrails.is_empty());
    assert_eq!(cfg.permissions.roles.len(), 5);
    assert!((cfg.escalation.repeat_similarity_threshold - 0.85).abs() < 1e-9);
}

#[test]
fn unknown_tone_lists_the_valid_ones() {
    let cfg = Config::load(&repo()).unwrap();
    let e = cfg.prompts.tone("sarcastic").unwrap_err().to_string();
    assert!(
        e.contains("sarcastic") && e.contains("friendly, playful, professional"),
        "{e}"
    );
}

#[test]
fn syntax_error_names_file_and_line() {
    let dir = copy_repo();
    let p = write(
        dir.path(),
        ESCALATION_FILE,
        "max_tool_rounds: 5\nmodel:\n  timeout_secs: [oops\n",
    );
    let (file, line, _key, _msg) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!(file, p);
    assert!(line >= 3, "line {line}");
}

#[test]
fn wrong_type_names_the_key_and_line() {
    let dir = copy_repo();
    write(
        dir.path(),
        ESCALATION_FILE,
        "repeat_similarity_threshold: 0.85\nmax_tool_rounds: lots\n",
    );
    let err = Config::load(dir.path()).unwrap_err();
    let text = err.to_string();
    let (file, line, key, _) = invalid(err);
    assert!(file.ends_with(ESCALATION_FILE));
    assert_eq!(line, 2, "{text}");
    assert_eq!(key, "max_tool_rounds", "{text}");
}

#[test]
fn unknown_key_is_rejected() {
    let dir = copy_repo();
    write(
        dir.path(),
        PROMPTS_FILE,
        "default_tone: friendly\ntones:\n  friendly:\n    system_prompt: hi\n    temprature: 3\n",
    );
    let text = Config::load(dir.path()).unwrap_err().to_string();
    assert!(
        text.contains(PROMPTS_FILE) && text.contains("temprature") && text.contains("line 5"),
        "{text}"
    );
}

#[test]
fn semantic_errors_name_file_line_and_key() {
    let dir = copy_repo();
    write(
        dir.path(),
        PROMPTS_FILE,
        "default_tone: grumpy\ntones:\n  friendly:\n    system_prompt: hi\n",
    );
    let (_, line, key, msg) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!((line, key.as_str()), (1, "default_tone"));
    assert!(msg.contains("grumpy") && msg.contains("friendly"), "{msg}");

    let dir = copy_repo();
    write(
        dir.path(),
        PERMISSIONS_FILE,
        "roles:\n  agent:\n    read: [orders]\n    tools: [get_orders, delete_everything]\n",
    );
    let (_, line, key, msg) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!(key, "roles.agent.tools");
    assert_eq!(line, 4);
    assert!(msg.contains("delete_everything"), "{msg}");

    let dir = copy_repo();
    write(
        dir.path(),
        PERMISSIONS_FILE,
        "roles:\n  janitor:\n    read: [orders]\n",
    );
    let (_, line, key, _) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!((line, key.as_str()), (2, "roles.janitor"));

    let dir = copy_repo();
    write(
        dir.path(),
        ESCALATION_FILE,
        "priorities:\n  human_requested: urgent\n",
    );
    let (_, line, key, msg) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!((line, key.as_str()), (2, "priorities.human_requested"));
    assert!(msg.contains("urgent"), "{msg}");
}

#[test]
fn missing_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = Config::load(dir.path()).unwrap_err().to_string();
    assert!(text.contains(PROMPTS_FILE), "{text}");
}
