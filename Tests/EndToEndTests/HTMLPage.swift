import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// report.html as the tests read it: parsed by Foundation's `XMLParser` (so the page must be
/// well-formed XHTML-compatible HTML5), as a tree of elements with their attributes and text.
final class HTMLPage {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        /// Character data directly inside this element, in order.
        var ownText = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// This element's text and all its descendants', in document order.
        var text: String { ownText + children.map(\.text).joined() }

        /// Every element below this one (depth first), this one excluded.
        var descendants: [Element] { children.flatMap { [$0] + $0.descendants } }

        func all(_ name: String) -> [Element] { descendants.filter { $0.name == name } }

        var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

        /// The text of each `td` child, in order.
        var cells: [String] { children.filter { $0.name == "td" }.map(\.text) }
    }

    let raw: String
    let root: Element

    init(contentsOf url: URL) throws {
        raw = try String(contentsOf: url, encoding: .utf8)
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(raw.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw HTMLPageError.notWellFormed(url.path, parser.parserError.map { "\($0)" } ?? "no root element")
        }
        self.root = root
    }

    /// Every element of the page, the root included.
    var elements: [Element] { [root] + root.descendants }

    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }

    /// Elements whose class list holds `name`.
    func elements(class name: String) -> [Element] { elements.filter { $0.classes.contains(name) } }

    /// The whole text a reader sees (character data of every element).
    var text: String { root.text }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: Element?
        private var stack: [Element] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = Element(name: elementName, attributes: attributes)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.ownText += string
        }
    }
}

enum HTMLPageError: Error, CustomStringConvertible {
    case notWellFormed(String, String)

    var description: String {
        switch self {
        case .notWellFormed(let path, let reason): "\(path) is not well-formed XML: \(reason)"
        }
    }
}
