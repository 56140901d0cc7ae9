/// Builds well-formed, XHTML-compatible HTML5 text (SPEC §5 `report.html`): every element is
/// closed (void elements as `<meta …/>`), every attribute quoted, and every piece of text escaped
/// on its way in, so no input text can open a tag, end an attribute or start a script.
///
/// The page is parsed by Foundation's `XMLParser` in the tests, so text is also cleaned of what
/// XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF): each such
/// character is shown as U+FFFD, the replacement character, instead of making the file unreadable.
struct HTMLWriter {
    private(set) var text = ""
    private var openElements: [String] = []

    init() {
        text.reserveCapacity(1 << 16)
    }

    /// Escapes text for element content and for quoted attribute values alike.
    static func escaped(_ raw: String) -> String {
        var needsWork = false
        for scalar in raw.unicodeScalars where needsEscape(scalar) {
            needsWork = true
            break
        }
        guard needsWork else { return raw }
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(isXMLCharacter(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'": true
        default: !isXMLCharacter(scalar)
        }
    }

    /// XML 1.0's `Char` production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000 and up.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...: true
        default: false
        }
    }

    // MARK: Building

    /// Raw markup that we wrote ourselves (the doctype, the style sheet): never input text.
    mutating func markup(_ trusted: String) {
        text += trusted
    }

    /// Opens `name`; attribute values are escaped.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name + HTMLWriter.attributeText(attributes) + ">"
        openElements.append(name)
    }

    /// Closes the innermost open element (which must be `name`: a mismatch is our bug).
    mutating func close(_ name: String) {
        precondition(openElements.last == name, "closing <\(name)> while <\(openElements.last ?? "nothing")> is open")
        openElements.removeLast()
        text += "</" + name + ">"
    }

    /// `<name …>text</name>`, the text escaped.
    mutating func element(_ name: String, _ content: String, _ attributes: [(String, String)] = []) {
        text += "<" + name + HTMLWriter.attributeText(attributes) + ">" + HTMLWriter.escaped(content) + "</" + name + ">"
    }

    /// A void element, self-closed so that XML parsers read it too (`<meta charset="utf-8"/>`).
    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name + HTMLWriter.attributeText(attributes) + "/>"
    }

    /// Escaped text inside the current element.
    mutating func write(_ content: String) {
        text += HTMLWriter.escaped(content)
    }

    /// Wraps `body` in `<name>…</name>`.
    mutating func within(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout HTMLWriter) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    /// The finished page; every element opened was closed.
    func finished() -> String {
        precondition(openElements.isEmpty, "unclosed elements: \(openElements)")
        return text
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " " + $0.0 + "=\"" + escaped($0.1) + "\"" }.joined()
    }
}
