// Declares every app command to Tauri's ACL: without this, app commands bypass the capability
// files. With it, a window runs only the commands its capability grants (`allow-<command>`).

#[allow(dead_code)]
mod command_names {
    include!("src/command_names.rs");
}

fn main() {
    println!("cargo:rerun-if-changed=src/command_names.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(command_names::ALL_COMMANDS)),
    )
    .expect("tauri-build failed");
}
