import Foundation

/// Values of a function on a regular grid: `values[row][column]` at
/// `x = x0 + column · (x1 − x0) / (columns − 1)`, `y = y0 + row · (y1 − y0) / (rows − 1)`.
public struct Grid: Sendable {
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let values: [[Double]]

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, values: [[Double]]) {
        self.x = x
        self.y = y
        self.values = values
    }

    public var rows: Int { values.count }
    public var columns: Int { values.first?.count ?? 0 }

    public func xAt(_ column: Double) -> Double {
        x.lowerBound + column * (x.upperBound - x.lowerBound) / Double(max(columns - 1, 1))
    }

    public func yAt(_ row: Double) -> Double {
        y.lowerBound + row * (y.upperBound - y.lowerBound) / Double(max(rows - 1, 1))
    }

    /// The finite values' smallest and largest.
    public var finiteRange: ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        for row in values {
            for value in row where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? low...high : nil
    }
}

/// Contour lines by marching squares, and the levels to draw them at.
public enum Contours {
    /// About `count` levels for a grid's values: round numbers evenly spaced, or, when most of
    /// the surface lies far below its top (a quarter of it under a twentieth of the largest, as
    /// on Rosenbrock's, whose valley is what matters), spaced evenly in the logarithm at 1, 2
    /// and 5 times powers of ten.
    public static func levels(for grid: Grid, count: Int = 12) -> (
        levels: [Double], isLogarithmic: Bool
    ) {
        let values = grid.values.joined().filter(\.isFinite).sorted()
        guard let low = values.first, let high = values.last else { return ([], false) }
        let quarter = values[values.count / 4]
        let skewed = low >= 0 && quarter - low < (high - low) / 20
        return levels(for: low...high, count: count, logarithmic: skewed)
    }

    /// About `count` levels over `range`, evenly spaced or (`logarithmic`, for values not below
    /// zero) log-spaced from the smallest above zero, or a millionth of the largest.
    public static func levels(
        for range: ClosedRange<Double>, count: Int = 12, logarithmic: Bool
    ) -> (levels: [Double], isLogarithmic: Bool) {
        let (low, high) = (range.lowerBound, range.upperBound)
        guard high > low else { return ([low], false) }
        let floor = max(low, high * 1e-6)
        if logarithmic, low >= 0 {
            var levels: [Double] = []
            var power = log10(floor).rounded(.down)
            while levels.count < 60 {
                for factor in [1.0, 2, 5] {
                    let level = factor * pow(10, power)
                    if level > floor, level < high { levels.append(level) }
                }
                power += 1
                if pow(10, power) >= high { break }
            }
            // Too many: every second or third, keeping the smallest.
            let stride = max(1, Int((Double(levels.count) / Double(count)).rounded(.up)))
            return (Swift.stride(from: 0, to: levels.count, by: stride).map { levels[$0] }, true)
        }
        let step = Ticks.roundStep((high - low) / Double(count))
        var levels: [Double] = []
        // Each level a whole number of steps, so that no sum of steps drifts (1.7999…).
        var index = (low / step).rounded(.down) + 1
        while index * step < high, levels.count < 60 {
            levels.append((index * step * 1e9).rounded() / 1e9)
            index += 1
        }
        return (levels, false)
    }

    /// The lines where the grid's function equals `level`, in grid coordinates (column, row),
    /// each a polyline of joined segments.
    public static func lines(_ grid: Grid, level: Double) -> [[(Double, Double)]] {
        var segments: [((Double, Double), (Double, Double))] = []
        let values = grid.values
        guard grid.rows > 1, grid.columns > 1 else { return [] }
        func crossing(_ a: Double, _ b: Double) -> Double {
            let t = (level - a) / (b - a)
            return t.isFinite ? min(max(t, 0), 1) : 0.5
        }
        for row in 0..<(grid.rows - 1) {
            for column in 0..<(grid.columns - 1) {
                let (c0, c1) = (Double(column), Double(column + 1))
                let (r0, r1) = (Double(row), Double(row + 1))
                let v00 = values[row][column]
                let v01 = values[row][column + 1]
                let v10 = values[row + 1][column]
                let v11 = values[row + 1][column + 1]
                guard v00.isFinite, v01.isFinite, v10.isFinite, v11.isFinite else { continue }
                var points: [(Double, Double)] = []
                // The square's sides, in order: bottom, right, top, left.
                if (v00 < level) != (v01 < level) {
                    points.append((c0 + crossing(v00, v01), r0))
                }
                if (v01 < level) != (v11 < level) {
                    points.append((c1, r0 + crossing(v01, v11)))
                }
                if (v10 < level) != (v11 < level) {
                    points.append((c0 + crossing(v10, v11), r1))
                }
                if (v00 < level) != (v10 < level) {
                    points.append((c0, r0 + crossing(v00, v10)))
                }
                if points.count == 2 {
                    segments.append((points[0], points[1]))
                } else if points.count == 4 {
                    // A saddle: the centre decides which corners join.
                    let centre = (v00 + v01 + v10 + v11) / 4
                    if (centre < level) == (v00 < level) {
                        segments.append((points[0], points[1]))
                        segments.append((points[2], points[3]))
                    } else {
                        segments.append((points[0], points[3]))
                        segments.append((points[1], points[2]))
                    }
                }
            }
        }
        return join(segments)
    }

    /// Segments joined end to end into polylines (ends that meet, to a rounding).
    static func join(_ segments: [((Double, Double), (Double, Double))]) -> [[(Double, Double)]] {
        struct Key: Hashable {
            let x: Int64
            let y: Int64
            init(_ point: (Double, Double)) {
                x = Int64((point.0 * 1e6).rounded())
                y = Int64((point.1 * 1e6).rounded())
            }
        }
        var byEnd: [Key: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            byEnd[Key(segment.0), default: []].append(index)
            byEnd[Key(segment.1), default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [[(Double, Double)]] = []
        func extend(_ line: inout [(Double, Double)]) {
            while let last = line.last,
                let next = byEnd[Key(last)]?.first(where: { !used[$0] })
            {
                used[next] = true
                let segment = segments[next]
                line.append(Key(segment.0) == Key(last) ? segment.1 : segment.0)
            }
        }
        for index in segments.indices where !used[index] {
            used[index] = true
            var line = [segments[index].0, segments[index].1]
            extend(&line)
            line.reverse()
            extend(&line)
            lines.append(line)
        }
        return lines
    }
}
