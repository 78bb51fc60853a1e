import Foundation
import GradScript

/// Writing outputs so that nothing is lost on failure.
public enum OutputFile {
    /// Writes `data` to `path` so that nothing is lost on failure. A regular file (or a new one)
    /// is written to a temporary file beside it and renamed over it, so `path` is either its old
    /// self or complete, the temporary file never outlives a failure, and a file replaced keeps
    /// its permissions and (as root) its owner. Writing through a symbolic link replaces the
    /// link, never its target. Anything else (`/dev/null`, `/dev/stdout`, a FIFO) is written
    /// into, never replaced. A failure is a diagnostic about `source` (the input the output was
    /// made from).
    public static func writeAtomically(_ data: Data, to path: String, source: String? = nil)
        throws(Diagnostic)
    {
        var status = stat()
        let exists = lstat(path, &status) == 0
        let kind = status.st_mode & S_IFMT
        // What a link leads to decides: `/dev/stdout` is a link to a descriptor, written into.
        var target = stat()
        let leadsToSpecial =
            kind == S_IFLNK && stat(path, &target) == 0 && target.st_mode & S_IFMT != S_IFREG
            && target.st_mode & S_IFMT != S_IFDIR
        if exists, (kind != S_IFREG && kind != S_IFLNK) || leadsToSpecial {
            try writeInPlace(data, to: path, source: source)
            return
        }
        let temporary = try stage(data, beside: path, source: source)
        if exists, kind == S_IFREG {
            // The replacement keeps what the user set on the file it replaces.
            _ = chmod(temporary, status.st_mode & 0o7777)
            if getuid() == 0 { _ = chown(temporary, status.st_uid, status.st_gid) }
        }
        try commit(temporary, to: path, source: source)
    }

    /// Writes `data` into a file that is not a regular file (a device, a FIFO).
    private static func writeInPlace(_ data: Data, to path: String, source: String?)
        throws(Diagnostic)
    {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Diagnostic(
                "cannot write '\(path)': \(String(cString: strerror(errno)))", path: source)
        }
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw Diagnostic("cannot write '\(path)': \(error.localizedDescription)", path: source)
        }
    }

    /// Writes `data` to a new temporary file in `path`'s folder and returns its path. Its name is
    /// short (`.gg-1a2b3c4d.tmp`), so that any name legal for `path` works.
    static func stage(_ data: Data, beside path: String, source: String?) throws(Diagnostic)
        -> String
    {
        let temporary = URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(".gg-\(UUID().uuidString.prefix(8).lowercased()).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw Diagnostic(
                "cannot write '\(path)': \(String(cString: strerror(errno)))", path: source)
        }
        return temporary
    }

    /// Renames a staged file over `path`; on failure the staged file is removed.
    static func commit(_ temporary: String, to path: String, source: String?) throws(Diagnostic) {
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Diagnostic("cannot write '\(path)': \(reason)", path: source)
        }
    }

    /// Writes a set of files all or nothing (a run's frames): `write` writes them to staged
    /// names (one for each of `paths`, in order), and only when every one is written are they
    /// renamed into place; on any failure the staged files are removed and the folder is as it
    /// was. Afterwards, files in the same folder that match `stale` (an earlier, longer run's
    /// frames of the same name) and are not in the set are removed; nothing else is touched.
    public static func writeAll(
        _ paths: [String], source: String?, removingStale stale: ((String) -> Bool)? = nil,
        write: ([String]) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        let staged = paths.map { path in
            (
                temporary: URL(fileURLWithPath: path).deletingLastPathComponent()
                    .appendingPathComponent(".gg-\(UUID().uuidString.prefix(8).lowercased()).tmp")
                    .path,
                path: path
            )
        }
        do {
            try write(staged.map(\.temporary))
        } catch {
            for file in staged { try? FileManager.default.removeItem(atPath: file.temporary) }
            throw error
        }
        for (index, file) in staged.enumerated() {
            do {
                try commit(file.temporary, to: file.path, source: source)
            } catch {
                for later in staged[(index + 1)...] {
                    try? FileManager.default.removeItem(atPath: later.temporary)
                }
                throw error
            }
        }
        guard let stale, let first = paths.first else { return }
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent()
        let written = Set(paths.map { URL(fileURLWithPath: $0).lastPathComponent })
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where stale(name) && !written.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Whether `output` would write over `input`: the same file after `./`, `..` and symbolic
    /// links (an output that is a link to the input counts), or a hard link to it.
    public static func wouldOverwrite(_ input: String, with output: String) -> Bool {
        let resolvedInput = resolved(input)
        if resolved(output) == resolvedInput { return true }
        var inputStatus = stat()
        var outputStatus = stat()
        guard stat(input, &inputStatus) == 0, stat(output, &outputStatus) == 0 else {
            return false
        }
        return inputStatus.st_dev == outputStatus.st_dev
            && inputStatus.st_ino == outputStatus.st_ino
    }

    /// `path` made absolute, with `.`, `..` and symbolic links resolved (those of its folder
    /// too, for a file that does not exist yet).
    private static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) {
            return url.resolvingSymlinksInPath().path
        }
        return url.deletingLastPathComponent().resolvingSymlinksInPath()
            .appendingPathComponent(url.lastPathComponent).path
    }

    /// Creates a folder for outputs, with its parents.
    public static func makeDirectory(_ path: String) throws(Diagnostic) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic("cannot create the folder '\(path)': \(error.localizedDescription)")
        }
    }
}
