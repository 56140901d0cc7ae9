import Foundation

/// Splits a script of our own SQL (the schema, test set-ups) into its statements: at each `;`
/// outside quotes ('…', "…") and dollar-quoted bodies ($$…$$). Not a parser for arbitrary SQL;
/// only for scripts written in this package.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inDollarBody = false
        var previous: Character?
        for character in script {
            if inDollarBody {
                current.append(character)
                if character == "$" && previous == "$" { inDollarBody = false; previous = nil; continue }
            } else if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == "$" && previous == "$" {
                inDollarBody = true
                current.append(character)
                previous = nil
                continue
            } else if character == ";" {
                append(current, to: &statements)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        append(current, to: &statements)
        return statements
    }

    private static func append(_ statement: String, to statements: inout [String]) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }
}
