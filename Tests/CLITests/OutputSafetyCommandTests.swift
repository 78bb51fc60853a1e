import Foundation
import Testing

/// Outputs are written safely: devices and FIFOs are written into, never replaced; a replaced
/// file keeps its mode; any legal name works; frames to a folder are all or nothing and replace
/// an earlier run's; refusals name what collides.
@Suite(.serialized) struct OutputSafetyCommandTests {
    let branch = "x = 2\ny = 3\nz = x * y + x\nbackward z\n"

    @Test func aDeviceIsWrittenIntoNotReplaced() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let result = try CommandLineTool.run(
            ["render", "b.txt", "--format", "svg", "-o", "/dev/null"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR)
        // /dev/stdout is a link to a descriptor: written into, the link kept.
        let stdout = try CommandLineTool.run(
            ["render", "b.txt", "--format", "svg", "-o", "/dev/stdout"], in: directory)
        #expect(stdout.status == 0, "\(stdout.stderr)")
        #expect(stdout.stdout.contains("<svg"))
        #expect(lstat("/dev/stdout", &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
    }

    @Test func aFIFOIsWrittenInto() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let fifo = directory.appendingPathComponent("pipe.svg").path
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            reading.leave()
        }
        let result = try CommandLineTool.run(["render", "b.txt", "-o", fifo], in: directory)
        reading.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: received, as: UTF8.self).contains("<svg"))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func aReplacedFileKeepsItsModeAndALongNameWorks() throws {
        let directory = try CommandLineTool.folder(with: ["b.txt": branch])
        let kept = directory.appendingPathComponent("kept.svg").path
        #expect(FileManager.default.createFile(atPath: kept, contents: Data("old".utf8)))
        #expect(chmod(kept, 0o600) == 0)
        let result = try CommandLineTool.run(["render", "b.txt", "-o", kept], in: directory)
        #expect(result.status == 0)
        var status = stat()
        #expect(stat(kept, &status) == 0 && status.st_mode & 0o777 == 0o600)
        // As root, the owner stays too.
        if getuid() == 0 {
            #expect(chown(kept, 65534, 65534) == 0)
            #expect(
                try CommandLineTool.run(["render", "b.txt", "-o", kept], in: directory).status == 0)
            #expect(stat(kept, &status) == 0 && status.st_uid == 65534 && status.st_gid == 65534)
        }
        let long = String(repeating: "n", count: 244) + ".svg"
        let named = try CommandLineTool.run(["render", "b.txt", "-o", long], in: directory)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(long).path))
    }

    @Test func framesReplaceAnEarlierLongerRunsFrames() throws {
        let long = "x = 2\ny = 3\nz = x * y + x\nw = z * z\nbackward w\n"
        let directory = try CommandLineTool.folder(with: ["f.txt": long, "other-01.svg": "keep"])
        #expect(
            try CommandLineTool.run(["render", "f.txt", "--steps", "-o", "./"], in: directory)
                .status == 0)
        try branch.write(
            to: directory.appendingPathComponent("f.txt"), atomically: true, encoding: .utf8)
        #expect(
            try CommandLineTool.run(["render", "f.txt", "--steps", "-o", "./"], in: directory)
                .status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            names == [
                "f-01.svg", "f-02.svg", "f-03.svg", "f-04.svg", "f-05.svg", "f.txt", "other-01.svg",
            ])
    }

    /// On a full disk, no frame of the failed run is left and the earlier run's are intact.
    @Test func framesOnAFullDiskAreAllOrNothing() throws {
        let directory = try CommandLineTool.folder(with: [:])
        let small = directory.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        guard getuid() == 0,
            (try? CommandLineTool.run(
                ["-t", "tmpfs", "-o", "size=160k", "tmpfs", small.path],
                executable: URL(fileURLWithPath: "/bin/mount")
            ).status) == 0
        else {
            print("skipped: cannot mount a small tmpfs here")
            return
        }
        defer {
            _ = try? CommandLineTool.run(
                [small.path], executable: URL(fileURLWithPath: "/bin/umount"))
        }
        let source = small.appendingPathComponent("f.txt")
        try branch.write(to: source, atomically: true, encoding: .utf8)
        let first = try CommandLineTool.run(["render", "f.txt", "--steps", "-o", "./"], in: small)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: small.path).sorted()
        let contents = try before.map { try Data(contentsOf: small.appendingPathComponent($0)) }
        // A longer program whose frames do not fit.
        var big = "x = randn(8, 8)\n"
        for index in 0..<12 {
            big += "h\(index) = tanh(\(index == 0 ? "x" : "h\(index - 1)") @ x)\n"
        }
        big += "loss = sum(h11)\nbackward loss\n"
        try big.write(to: source, atomically: true, encoding: .utf8)
        let second = try CommandLineTool.run(
            ["render", "f.txt", "--steps", "--explain", "-o", "./"], in: small)
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot write"), "\(second.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: small.path).sorted()
        #expect(after == before)
        #expect(
            try after.map { try Data(contentsOf: small.appendingPathComponent($0)) }.dropLast()
                == contents.dropLast())
    }

    @Test func refusalsNameWhatCollides() throws {
        let directory = try CommandLineTool.folder(with: [
            "g/mul.txt": branch, "g/mul-1.svg": "frame",
        ])
        let result = try CommandLineTool.run(
            ["render", "g/mul.txt", "g/mul-1.svg", "--steps", "-o", "g/"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.contains("'g/mul-1.svg'"), "\(result.stderr)")
        let both = try CommandLineTool.run(["grade", "-", "-"], in: directory)
        #expect(both.status == 64)
        #expect(both.stderr.contains("cannot both be standard input"))
    }
}
