import Foundation
import GraphvizGrad
import Testing

/// `render --steps`, `--show` and the SVG a browser can explore.
@Suite struct StepTests {
    func steps(_ source: String, explain: Bool = false, format: OutputFormat = .svg) throws
        -> Pipeline.StepFrames
    {
        var options = FigureOptions()
        options.explain = explain
        return try Pipeline(options: options).renderSteps(
            SourceFile(path: "s.txt", text: source), as: format)
    }

    @Test func captionsSayEachStepInWords() throws {
        let mul = try steps("x = 2\ny = 3\nz = x * y\nbackward z\n")
        #expect(
            mul.captions == [
                "the leaves and their values", "forward: z = x × y = 6",
                "backward: ∂z/∂z = 1; ∂z/∂x = 3; ∂z/∂y = 2",
            ])
        let branch = try steps("x = 2\ny = 3\nz = x * y + x\nbackward z\n", explain: true)
        #expect(branch.captions.count == 5)
        #expect(branch.captions[1] == "forward: x×y = x × y = 6")
        #expect(branch.captions[2] == "forward: z = x×y + x = 8")
        #expect(
            branch.captions.last
                == "backward: ∂z/∂x via × = ∂z/∂(x×y) · y = 1 · 3 = 3; ∂z/∂y = ∂z/∂(x×y) · x = 1 · 2 = 2; ∂z/∂x = 3 + 1 = 4"
        )
    }

    /// The geometry of an SVG: its size and every shape's coordinates, without colours, styles
    /// or text.
    static func geometry(_ svg: String) -> [String] {
        svg.matches(
            of:
                /<svg width="[^"]*" height="[^"]*"|\sviewBox="[^"]*"|\s(?:cx|cy|points|d)="[^"]*"|\sx="[^"]*" y="[^"]*"/
        )
        .map { String($0.output) }
    }

    /// Whether every frame has one layout: the same size, and every shape and text it draws
    /// where the full drawing (the last frame) draws it; a frame leaves out what it hides.
    static func shareOneLayout(_ frames: [Data]) -> Bool {
        let full = geometry(String(decoding: frames.last!, as: UTF8.self))
        let whole = Set(full)
        return frames.allSatisfy { frame in
            let shapes = geometry(String(decoding: frame, as: UTF8.self))
            return shapes.prefix(2) == full.prefix(2) && Set(shapes).isSubset(of: whole)
        }
    }

    @Test(arguments: Samples.names)
    func everySamplesFramesShareOneLayout(_ name: String) throws {
        let source = try String(
            contentsOf: Samples.directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
        let rendering = try steps(source)
        let operations = rendering.figure.operations.count
        #expect(rendering.frames.count == 2 * operations + 1)
        #expect(Self.shareOneLayout(rendering.frames), "\(name): frames differ in layout")
        #expect(try !Self.geometry(String(decoding: rendering.frames[0], as: UTF8.self)).isEmpty)
    }

    /// Collapsed statements are steps of their own; the nodes style steps through its boxes.
    @Test(arguments: ["collapse", "nodes", "focus"])
    func bigFiguresStepWithOneLayout(_ kind: String) throws {
        var options = FigureOptions()
        switch kind {
        case "collapse": options.collapse = .statements
        case "nodes": options.style = .nodes
        default: options.focus = "h"
        }
        let rendering = try Pipeline(options: options).renderSteps(
            Samples.file("two-layer"), as: .svg)
        let operations = rendering.figure.operations.count
        #expect(operations == (kind == "collapse" ? 3 : kind == "focus" ? 5 : 13))
        #expect(rendering.frames.count == 2 * operations + 1)
        #expect(Self.shareOneLayout(rendering.frames))
        // The first frame draws no gradient (no text or arrow in the backward colour, and no
        // style sheet a viewer might ignore); the last draws them all.
        let first = String(decoding: rendering.frames[0], as: UTF8.self)
        let last = String(decoding: rendering.frames.last!, as: UTF8.self)
        #expect(!first.contains("=\"#c62828\""))
        #expect(!first.contains("<style"))
        #expect(last.matches(of: /fill="#c62828">∂/).count >= 5)
    }

    /// While its gradient is hidden, a value moves down to its edge (by the hidden gradient's
    /// height), instead of floating above the space the gradient will take; once the gradient
    /// shows, the label is the figure's.
    @Test func aValueStaysByItsEdgeWhileItsGradientIsHidden() throws {
        let rendering = try steps(
            String(
                contentsOf: Samples.directory.appendingPathComponent("two-layer.txt"),
                encoding: .utf8),
            explain: true)
        let first = String(decoding: rendering.frames[0], as: UTF8.self)
        let last = String(decoding: rendering.frames.last!, as: UTF8.self)
        let shifts = first.matches(of: /<g transform="translate\(0,([0-9.]+)\)" id="a_v&#45;/)
            .compactMap {
                Double($0.output.1)
            }
        #expect(shifts.count >= 5)
        #expect(shifts.allSatisfy { $0 > 10 && $0 < 200 }, "\(shifts)")
        #expect(!last.contains("transform=\"translate(0,"))
        let deck = String(
            decoding: try Pipeline(
                options: {
                    var o = FigureOptions()
                    o.explain = true
                    return o
                }()
            )
            .renderSteps(Samples.file("two-layer"), as: .html).frames[0], as: UTF8.self)
        #expect(deck.contains(" data-gg-shift=\""))
    }

    /// PNG and PDF frames are drawn one by one; their DOT differs only in colours and in the
    /// caption of fixed size, so Graphviz lays every one out the same.
    @Test(arguments: ["branch", "broadcast", "two-layer"])
    func framesDrawnOneByOneKeepTheLayout(_ name: String) throws {
        let pipeline = Pipeline()
        let rendering = try pipeline.renderSteps(Samples.file(name), as: .dot)
        let layouts = try rendering.frames.map { dot in
            try Self.positions(
                try pipeline.bytes(of: String(decoding: dot, as: UTF8.self), as: .json))
        }
        #expect(Set(layouts).count == 1, "\(name): the frames' layouts differ")
    }

    static func positions(_ json: Data) throws -> [String] {
        let graph = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let objects = (graph["objects"] as? [[String: Any]]) ?? []
        let edges = (graph["edges"] as? [[String: Any]]) ?? []
        return [graph["bb"] as? String ?? ""]
            + objects.map { "\($0["name"] ?? "") \($0["pos"] ?? "")" }
            + edges.map { "\($0["pos"] ?? "") \($0["lp"] ?? "")" }
    }

    @Test func theThreeShowsShareOneLayout() throws {
        var layouts: Set<[String]> = []
        for show in FigureOptions.Show.allCases {
            var options = FigureOptions()
            options.show = show
            let json = try Pipeline(options: options).render(Samples.file("two-layer"), as: .json)
                .data
            layouts.insert(try Self.positions(json))
        }
        #expect(layouts.count == 1)
    }

    @Test func theSVGCanBeExplored() throws {
        var options = FigureOptions()
        options.maxElements = 4
        let source =
            "x = arange(12).reshape(3, 4) / 10\nc = constant([1, 2, 3, 4])\ny = x * c\nz = x + y\nL = sum(z)\nbackward L\n"
        let svg = String(
            decoding: try Pipeline(options: options).render(
                SourceFile(path: "e.txt", text: source), as: .svg
            ).data, as: UTF8.self)
        #expect(svg.contains("class=\"node op op&#45;mul\""))
        #expect(svg.contains("class=\"node op op&#45;add\""))
        #expect(svg.contains("class=\"node leaf\""))
        #expect(svg.contains("class=\"node leaf constant\""))
        #expect(svg.contains("class=\"node branch\""))
        #expect(svg.contains("id=\"x\""))
        #expect(svg.contains("id=\"op&#45;y\""))
        // No hover text names an internal node.
        #expect(svg.firstMatch(of: /<title>[^<]*\bn[0-9]+\b[^<]*<\/title>/) == nil)
        #expect(svg.firstMatch(of: /xlink:title="[^"]*\bn[0-9]+&#45;/) == nil)
        // A table summarised on the figure is whole in its tooltip: all twelve values of x.
        let title = try #require(svg.firstMatch(of: /<title>x \(3, 4\) =\n([^<]*)<\/title>/)).output
            .1
        #expect(title.contains("0.1") && title.contains("1.1"))
        #expect(!svg.contains("xlink:href=\"#\""))
        // Ids are unique.
        let ids = svg.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count)
    }

    @Test func theDeckIsOnePageWithEveryFrame() throws {
        let deck = String(
            decoding: try steps("x = 2\ny = 3\nz = x * y + x\nbackward z\n", format: .html).frames[
                0], as: UTF8.self)
        #expect(deck.hasPrefix("<!DOCTYPE html>"))
        #expect(deck.matches(of: /<section class="frame"/).count == 5)
        #expect(deck.matches(of: /<section class="frame"[^>]* hidden>/).count == 4)
        #expect(deck.contains("<span id=\"gg-counter\" aria-live=\"polite\">1 / 5</span>"))
        // Self-contained: nothing to fetch.
        #expect(deck.firstMatch(of: /(?:src|href)="(?:https?:|\/\/)/) == nil)
        #expect(deck.firstMatch(of: /<link |@import|url\(/) == nil)
    }

    @Test func theHandoutHasASectionPerFile() throws {
        let paths = ["mul", "branch"].map {
            Samples.directory.appendingPathComponent($0 + ".txt").path
        }
        let page = String(decoding: try Pipeline().handout(paths), as: UTF8.self)
        #expect(page.matches(of: /<section class="file"/).count == 2)
        #expect(
            page.contains(
                "<p>Mul: z = x · y. Each input receives the upstream gradient times the other input:"
            ))
        #expect(page.contains("<h2><bdi>Branch: z = x × y + x</bdi></h2>"))
        #expect(page.contains("break-before: page"))
        #expect(page.matches(of: /<svg/).count == 2)
    }
}
