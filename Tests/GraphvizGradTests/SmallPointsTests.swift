import Foundation
import GraphvizGrad
import Testing

@testable import GradDOT

/// The small things a teacher's trial saw on slides.
@Suite struct SmallPointsTests {
    @Test func boxesHeadLongGradientColumnsWithTheTarget() throws {
        var options = FigureOptions()
        options.style = .nodes
        let dot = try Samples.dot(
            source:
                "x = [1.0, 2.0, 3.0]\nhidden_layer = x * 2\nloss = sum(hidden_layer ** 2)\nbackward loss\n",
            options: options)
        #expect(dot.contains(">∂loss/∂·<"))
        #expect(!dot.contains("∂L/∂·"))
    }

    @Test func aDerivativeIsNeverBrokenAcrossLines() throws {
        let dot = try Samples.dot(
            source:
                "x = [1.0, 2.0]\nt = [0.5, 0.5]\nerr = x - t\nloss = sum(err ** 2)\nbackward loss\n"
        )
        #expect(dot.contains("∂loss/∂(err²)"))
        #expect(!dot.contains("∂loss/∂<BR/>"))
        #expect(!dot.contains("∂loss/∂\n"))
    }

    @Test func aTitleWrapsOutsideItsFormulas() {
        let title =
            "Exercise 3, the logistic unit of last week's lecture: p = sigmoid(w · x + b), loss = −log(p)"
        let lines = DOTWriter.wrappedTitle(title, at: 72).split(separator: "\n")
        #expect(
            lines == [
                "Exercise 3, the logistic unit of last week's lecture:",
                "p = sigmoid(w · x + b), loss = −log(p)",
            ])
        #expect(DOTWriter.wrappedTitle("a\nb", at: 72) == "a\nb")
    }

    @Test func printTellsConstantsFromGradients() throws {
        var options = FigureOptions()
        options.theme = .print
        let dot = try Samples.dot("two-layer", options: options)
        // Gradients dark grey, constants light grey.
        #expect(dot.contains("COLOR=\"#505050\">∂L/∂"))
        #expect(dot.contains("fontcolor=\"#a0a0a0\""))
    }

    @Test func aCheckMarksTheCellsThatDisagree() throws {
        var options = FigureOptions()
        options.check = true
        let dot = try Samples.dot(
            source: "x = [0.0, 1.0, -2.0]\ny = sum(relu(x))\nbackward y\n", options: options)
        // Only the kink at 0 disagrees: one bold estimate on the error colour.
        #expect(dot.matches(of: /BGCOLOR="#ffd6d6"><FONT[^>]*><B>/).count == 1)
        #expect(dot.contains("<B>0.5</B>"))
    }
}
