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
fn every_tone_has_an_offline_phrasing_or_loading_fails() {
    use cx_llm::Phrasing;
    let cfg = Config::load(&repo()).unwrap();
    for p in Phrasing::ALL {
        assert_eq!(cfg.prompts.offline_phrasing(p.as_str()), Ok(p));
    }
    let formal = "default_tone: professional\ntones:\n  professional:\n    system_prompt: hi\n  \
                  formal:\n    system_prompt: Good day.\n";
    let dir = copy_repo();
    let p = write(dir.path(), PROMPTS_FILE, formal);
    let (file, line, key, msg) = invalid(Config::load(dir.path()).unwrap_err());
    assert_eq!((file, line, key.as_str()), (p, 5, "tones.formal"));
    assert!(
        msg.contains("offline_phrasing") && msg.contains("formal"),
        "{msg}"
    );

    write(
        dir.path(),
        PROMPTS_FILE,
        &format!("{formal}    offline_phrasing: friendly\n"),
    );
    let cfg = Config::load(dir.path()).unwrap();
    assert_eq!(
        cfg.prompts.offline_phrasing("formal"),
        Ok(Phrasing::Friendly)
    );
    assert_eq!(
        cfg.prompts.offline_phrasing("professional"),
        Ok(Phrasing::Professional)
    );

    write(
        dir.path(),
        PROMPTS_FILE,
        &format!("{formal}    offline_phrasing: grumpy\n"),
    );
    let text = Config::load(dir.path()).unwrap_err().to_string();
    assert!(
        text.contains(PROMPTS_FILE) && text.contains("grumpy") && text.contains("line 7"),
        "{text}"
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

/// The repository's permissions.yaml with one edit.
fn permissions_with(
    edit: impl Fn(&str) -> String,
) -> (tempfile::TempDir, Result<Config, ConfigError>) {
    let dir = copy_repo();
    let text = std::fs::read_to_string(dir.path().join(PERMISSIONS_FILE)).unwrap();
    write(dir.path(), PERMISSIONS_FILE, &edit(&text));
    let loaded = Config::load(dir.path());
    (dir, loaded)
}

#[test]
fn missing_scope_and_confirmation_mean_the_strictest() {
    // Deleting the two lines from every role: nothing opens up.
    let (_dir, loaded) = permissions_with(|t| {
        t.lines()
            .filter(|l| {
                let l = l.trim_start();
                !l.starts_with("scope:") && !l.starts_with("write_confirmation:")
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let cfg = loaded.unwrap();
    for (name, role) in &cfg.permissions.roles {
        assert_eq!(role.scope, Scope::VerifiedCustomer, "{name}");
        assert_eq!(role.write_confirmation, WriteConfirmation::Agent, "{name}");
    }
    let policy = crate::policy::Policy::new(cfg.permissions);
    let kiosk = crate::policy::Actor::kiosk(1, Some(1));
    assert!(
        policy
            .check(&kiosk, crate::policy::Access::Customer(2))
            .is_err()
    );
}

#[test]
fn a_kiosk_assistant_that_sees_everyone_or_writes_unasked_is_a_config_error() {
    let kiosk_block = |t: &str, from: &str, to: &str| {
        let start = t.find("  kiosk_assistant:").unwrap();
        let end = start + t[start..].find("\n\n").unwrap();
        format!(
            "{}{}{}",
            &t[..start],
            t[start..end].replace(from, to),
            &t[end..]
        )
    };
    let (_d, loaded) =
        permissions_with(|t| kiosk_block(t, "scope: verified_customer", "scope: all"));
    let err = loaded.unwrap_err();
    let text = err.to_string();
    let (file, line, key, _) = invalid(err);
    assert!(file.ends_with(PERMISSIONS_FILE));
    assert_eq!(key, "roles.kiosk_assistant.scope", "{text}");
    assert!(line > 1, "{text}");

    let (_d, loaded) = permissions_with(|t| {
        kiosk_block(
            t,
            "write_confirmation: customer",
            "write_confirmation: none",
        )
    });
    let (_, _, key, _) = invalid(loaded.unwrap_err());
    assert_eq!(key, "roles.kiosk_assistant.write_confirmation");
}

#[test]
fn verification_limits_are_range_checked() {
    let cases = [
        (
            "max_verification_attempts: 5",
            "max_verification_attempts: 0",
            "max_verification_attempts",
        ),
        (
            "max_verification_attempts: 5",
            "max_verification_attempts: 1000",
            "max_verification_attempts",
        ),
        ("  attempts: 5 ", "  attempts: 0 ", "verification.attempts"),
        (
            "  window_minutes: 15",
            "  window_minutes: 0",
            "verification.window_minutes",
        ),
        (
            "  lock_minutes: 30",
            "  lock_minutes: 100000",
            "verification.lock_minutes",
        ),
        (
            "  station_attempts: 20",
            "  station_attempts: 0",
            "verification.station_attempts",
        ),
        (
            "  factors: [phone_last4]",
            "  factors: []",
            "verification.factors",
        ),
        (
            "  factors: [phone_last4]",
            "  factors: [birthday]",
            "verification.factors",
        ),
        ("  max_tokens: 1024", "  max_tokens: 0", "model.max_tokens"),
        (
            "  max_tokens: 1024",
            "  max_tokens: 100000",
            "model.max_tokens",
        ),
    ];
    for (from, to, want) in cases {
        let dir = copy_repo();
        let text = std::fs::read_to_string(dir.path().join(ESCALATION_FILE)).unwrap();
        assert!(text.contains(from), "{from}");
        write(dir.path(), ESCALATION_FILE, &text.replacen(from, to, 1));
        let err = Config::load(dir.path()).unwrap_err();
        let shown = err.to_string();
        let (_, line, key, _) = invalid(err);
        assert!(key.starts_with(want), "{to}: {shown}");
        assert!(line > 1, "{to}: {shown}");
    }
    let cfg = Config::load(&repo()).unwrap();
    assert_eq!(
        cfg.escalation.verification.factors,
        vec![VerificationFactor::PhoneLast4],
        "order numbers are off unless a deployment turns them on"
    );
}

#[test]
fn a_model_section_without_max_tokens_gets_the_default() {
    let dir = copy_repo();
    let text = std::fs::read_to_string(dir.path().join(ESCALATION_FILE)).unwrap();
    assert!(text.contains("  max_tokens: 1024\n"));
    write(
        dir.path(),
        ESCALATION_FILE,
        &text.replacen("  max_tokens: 1024\n", "", 1),
    );
    let cfg = Config::load(dir.path()).unwrap();
    assert_eq!(cfg.escalation.model.max_tokens, 1024);
    assert_eq!(cfg.escalation.model.timeout_secs, 60);
}
