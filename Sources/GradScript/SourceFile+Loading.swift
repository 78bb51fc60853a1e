import Foundation

extension SourceFile {
    /// Programs larger than this are refused before they are read whole.
    public static let maxBytes = 10 * 1024 * 1024

    /// Reads a program from `path`, or from standard input when `path` is `-`; a file that
    /// cannot be read is a diagnostic about that path. `kind` names the file in messages
    /// ("an expression file", "an answer sheet").
    public static func load(path: String, kind: String = "an expression file") throws(Diagnostic)
        -> SourceFile
    {
        if path == "-" {
            return try decode(
                readLimited(FileHandle.standardInput, path: "<stdin>", kind: kind),
                path: "<stdin>")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic("no such file", path: path)
        }
        guard !isDirectory.boolValue else {
            throw Diagnostic("is a directory, not \(kind)", path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Diagnostic("cannot be read (permission denied?)", path: path)
        }
        defer { try? handle.close() }
        return try decode(readLimited(handle, path: path, kind: kind), path: path)
    }

    private static func readLimited(_ handle: FileHandle, path: String, kind: String)
        throws(Diagnostic) -> [UInt8]
    {
        var bytes: [UInt8] = []
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw Diagnostic("cannot be read: \(error.localizedDescription)", path: path)
            }
            guard let chunk, !chunk.isEmpty else { return bytes }
            bytes.append(contentsOf: chunk)
            if bytes.count > maxBytes {
                throw Diagnostic(
                    "the file is over the limit of 10 MiB for \(kind)", path: path,
                    at: SourceLocation(line: 1, column: 1))
            }
        }
    }
}
