import Foundation
import Testing

/// `--fit`, and help that lists what the tool does.
@Suite struct FitAndHelpCommandTests {
    @Test func renderHelpListsEveryOutputFormat() throws {
        let help = try CommandLineTool.run(["render", "--help"])
        #expect(help.status == 0)
        for format in ["svg", "png", "pdf", "dot", "json", "html"] {
            #expect(help.stdout.contains(".\(format)"), "\(format)")
        }
        #expect(help.stdout.contains("--fit <WxH>"))
    }

    @Test func handoutHelpHasNoStrayBackslashes() throws {
        let help = try CommandLineTool.run(["handout", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("\\"))
        #expect(help.stdout.contains("--solutions"))
    }

    @Test func fitSaysWhatItDrewAndRefusesABadSize() throws {
        let directory = try CommandLineTool.folder(with: [
            "b.txt": "x = 2\ny = 3\nz = x * y + x\nbackward z\n"
        ])
        let fitted = try CommandLineTool.run(
            ["render", "b.txt", "--fit", "1920x1080", "-o", "b.svg"], in: directory)
        #expect(fitted.status == 0)
        #expect(fitted.stderr.hasPrefix("b.txt: note: --fit 1920x1080: drew the figure as asked"))
        let bad = try CommandLineTool.run(["render", "b.txt", "--fit", "big"], in: directory)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--fit takes a slide's size in pixels"))
    }
}
