import Foundation

/// How large a figure's text is on a slide. The SVG is scaled to fit the slide (1920 × 1080
/// pixels); a text's size on the slide is its font size times that scale and the drawing's own
/// scale. SVG sizes are in points and a browser draws a point as 4/3 pixel, for the figure and its
/// text alike, so the two factors cancel: font points × slide pixels ÷ figure points.
struct SlideLegibility {
    let width: Double
    let height: Double
    /// Every text's font size, in the figure's points.
    let fontSizes: [Double]
    /// The drawing's `transform="scale(…)"`.
    let drawingScale: Double

    init(svg: String) throws {
        guard let size = svg.firstMatch(of: /<svg width="([0-9.]+)pt" height="([0-9.]+)pt"/),
            let width = Double(size.output.1), let height = Double(size.output.2)
        else { throw Failure.noSize }
        self.width = width
        self.height = height
        fontSizes = svg.matches(of: /font-size="([0-9.]+)"/).compactMap { Double($0.output.1) }
        drawingScale =
            svg.firstMatch(of: /transform="scale\(([0-9.]+)/).flatMap {
                Double($0.output.1)
            } ?? 1
    }

    enum Failure: Error { case noSize }

    /// The smallest text's height in pixels on a `slideWidth` × `slideHeight` slide.
    func smallestTextPixels(slideWidth: Double = 1920, slideHeight: Double = 1080) -> Double {
        let fit = min(slideWidth / width, slideHeight / height)
        return (fontSizes.min() ?? 0) * drawingScale * fit
    }
}
