//! The file transport: each message becomes one `.eml` file, so a site with no SMTP
//! server still "sends" invitations and resets that an operator can open and follow.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Writes a formatted message into `dir` and returns the file's path.
///
/// The name starts with the time so a listing sorts by when mail was sent, and ends
/// with random bits so two processes writing in the same millisecond never collide.
/// The bytes go to a hidden temporary file first and are renamed into place, so
/// anything watching the folder sees either no file or a complete message.
pub(crate) async fn write(dir: &Path, message: Vec<u8>) -> std::io::Result<PathBuf> {
    let dir = dir.to_owned();
    // A few small blocking calls (including an fsync): one trip to the blocking pool
    // instead of one per call.
    tokio::task::spawn_blocking(move || write_blocking(&dir, &message))
        .await
        .map_err(std::io::Error::other)?
}

fn write_blocking(dir: &Path, message: &[u8]) -> std::io::Result<PathBuf> {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default();
    let random = random_u64()?;
    let name = format!("{millis}-{random:016x}.eml");
    let path = dir.join(&name);
    let temporary = dir.join(format!(".{name}.tmp"));

    let result = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(message)?;
        // On disk before the rename, so a crash cannot leave an empty .eml behind.
        file.sync_all()?;
        std::fs::rename(&temporary, &path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map(|()| path)
}

/// Random bits from the operating system, for names that must not collide.
pub(crate) fn random_u64() -> std::io::Result<u64> {
    getrandom::u64().map_err(|error| std::io::Error::other(error.to_string()))
}
