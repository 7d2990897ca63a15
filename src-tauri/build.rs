// Declares every app command to Tauri's ACL: without this, app commands bypass the capability
// files. With it, a window runs only the commands its capability grants (`allow-<command>`).
// The names come from the one command table, crates/cx-commands.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(cx_commands::APP_COMMANDS)),
    )
    .expect("tauri-build failed");
}
