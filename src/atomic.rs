//! Writing an output file whole or not at all, with the permissions any other file of the
//! user gets. Every output that writes one file (the exports, the PDF) goes through here.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// the destination is never half-written and an existing file is only replaced whole. The
/// file is created with mode 0666 less the umask (0644 under the usual 022), like files
/// other programs write, also when it replaces an existing file; a temporary file's own
/// default (0600) would hide an export from colleagues on a shared drive.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".esgbook-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The kernel applies the umask to this mode when it creates the file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_get_the_usual_permissions_also_when_replacing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // The test runs under the caller's umask; whatever it is, group and others may read
        // unless the umask forbids it, which is what 0666 less the umask means.
        let umask = 0o777 & !(mode | 0o111);
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}");
        assert_ne!(mode, 0o600, "not a temporary file's private mode");
    }
}
