import Foundation
import GradScript

/// Writing outputs so that nothing is lost on failure.
public enum OutputFile {
    /// Writes `data` to a temporary file beside `path` and renames it over `path`, so `path` is
    /// either its old self or complete, and the temporary file never outlives a failure. Writing
    /// through a symbolic link replaces the link, never its target. A failure is a diagnostic
    /// about `source` (the input the output was made from).
    public static func writeAtomically(_ data: Data, to path: String, source: String? = nil)
        throws(Diagnostic)
    {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw Diagnostic(
                "cannot write '\(path)': \(String(cString: strerror(errno)))", path: source)
        }
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Diagnostic("cannot write '\(path)': \(reason)", path: source)
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
