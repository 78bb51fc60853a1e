import Foundation

/// A file that cannot be read at all (missing, a directory, too large): reported with its path.
public struct FileError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    /// Where the message points, when it concerns the contents.
    public let location: SourceLocation?

    public var description: String {
        "\(path):" + (location.map { "\($0.line):\($0.column):" } ?? "") + " error: \(message)"
    }
}

extension SourceFile {
    /// Programs larger than this are refused before they are read whole.
    public static let maxBytes = 10 * 1024 * 1024

    /// Reads a program from `path`, or from standard input when `path` is `-`.
    public static func load(path: String) throws -> SourceFile {
        let bytes: [UInt8]
        if path == "-" {
            bytes = try readLimited(FileHandle.standardInput, path: "<stdin>")
            return try decode(bytes, path: "<stdin>")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, message: "no such file", location: nil)
        }
        guard !isDirectory.boolValue else {
            throw FileError(
                path: path, message: "is a directory, not an expression file", location: nil)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(
                path: path, message: "cannot be read (permission denied?)", location: nil)
        }
        defer { try? handle.close() }
        bytes = try readLimited(handle, path: path)
        return try decode(bytes, path: path)
    }

    private static func readLimited(_ handle: FileHandle, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes.append(contentsOf: chunk)
            if bytes.count > maxBytes {
                throw FileError(
                    path: path,
                    message: "the file is over the limit of 10 MiB for an expression file",
                    location: SourceLocation(line: 1, column: 1))
            }
        }
        return bytes
    }
}
