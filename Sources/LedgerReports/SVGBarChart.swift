/// A horizontal bar chart drawn as inline SVG for report.html (SPEC §5): no script, no external
/// file, readable on paper. Each bar is one labelled quantity; its length is an integer share of
/// the longest bar in its group (computed in 128 bits, never through floating point, so a money
/// total near Int64.max draws as exactly as a count of three).
struct SVGBarChart {
    struct Bar {
        /// What the bar is (a rejection code, a tenant and asset): input text, escaped when drawn.
        var label: String
        /// The figure printed after the bar, as the tables print it (`1,353.30` style is not used:
        /// the same text as the CSV reports).
        var valueText: String
        /// The bar's length in any unit; only ratios within a group matter. Negative draws as its size.
        var magnitude: Int128
        /// Bars are scaled against the longest bar of the same group: amounts in CNY and in points
        /// are not comparable, so each asset is its own group.
        var group: String = ""
        /// A CSS class from the page's style sheet choosing the colour.
        var tone: String = "bar"
    }

    var title: String
    var bars: [Bar]

    static let labelWidth = 230
    static let barWidth = 330
    static let valueWidth = 140
    static let rowHeight = 22
    static let width = labelWidth + barWidth + valueWidth

    /// Writes the chart, or nothing when there are no bars (the table beside it says "none").
    func write(into html: inout HTMLWriter) {
        guard !bars.isEmpty else { return }
        var longest: [String: Int128] = [:]
        for bar in bars { longest[bar.group] = max(longest[bar.group] ?? 0, bar.magnitude.magnitude.clamped) }
        let height = bars.count * SVGBarChart.rowHeight + 6
        html.open("svg", [
            ("class", "chart"), ("role", "img"), ("aria-label", title), ("width", String(SVGBarChart.width)),
            ("height", String(height)), ("viewBox", "0 0 \(SVGBarChart.width) \(height)"),
        ])
        html.element("title", title)
        for (index, bar) in bars.enumerated() {
            let top = index * SVGBarChart.rowHeight + 3
            let length = SVGBarChart.length(bar.magnitude.magnitude.clamped, of: longest[bar.group] ?? 0)
            html.element("text", SVGBarChart.shortened(bar.label), [
                ("x", String(SVGBarChart.labelWidth - 8)), ("y", String(top + 15)), ("text-anchor", "end"), ("class", "chart-label"),
            ])
            html.empty("rect", [
                ("x", String(SVGBarChart.labelWidth)), ("y", String(top + 3)), ("width", String(length)),
                ("height", String(SVGBarChart.rowHeight - 8)), ("class", bar.tone),
            ])
            html.element("text", bar.valueText, [
                ("x", String(SVGBarChart.labelWidth + length + 6)), ("y", String(top + 15)), ("class", "chart-value"),
            ])
        }
        html.close("svg")
    }

    /// Pixels for `value` when `longest` fills the bar area; a non-zero value is at least 2 px, so
    /// one rejection among a million rows is still seen.
    static func length(_ value: Int128, of longest: Int128) -> Int {
        guard longest > 0, value > 0 else { return 0 }
        let (product, overflow) = value.multipliedReportingOverflow(by: Int128(barWidth))
        let pixels = overflow ? value / max(1, longest / Int128(barWidth)) : product / longest
        return max(2, Int(min(pixels, Int128(barWidth))))
    }

    /// Labels wider than the label column are cut with an ellipsis (the table beside the chart
    /// has the whole text). Width is estimated in half-em units: East Asian characters count two.
    static func shortened(_ label: String) -> String {
        let limit = 34
        var width = 0
        var kept = ""
        for character in label {
            width += (character.unicodeScalars.first?.value ?? 0) >= 0x2E80 ? 2 : 1
            if width > limit { return kept + "…" }
            kept.append(character)
        }
        return label
    }
}

extension UInt128 {
    /// The magnitude as a signed value; Int128.min's magnitude (2^127) is one more than Int128.max
    /// and draws as Int128.max, which is the same bar.
    fileprivate var clamped: Int128 { self > UInt128(Int128.max) ? Int128.max : Int128(self) }
}
