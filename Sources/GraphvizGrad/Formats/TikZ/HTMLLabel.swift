/// A Graphviz HTML-like label (`<TABLE>`, `<TR>`, `<TD>`, `<FONT>`, `<B>`, `<BR/>`, text) read
/// back into a tree: the labels `DOTWriter` writes, for outputs that set them otherwise
/// (TikZ's `tabular`). Entities are decoded; tags it does not know keep their children.
indirect enum HTMLLabel: Equatable {
    case text(String)
    case lineBreak(align: String?)
    case element(name: String, attributes: [String: String], children: [HTMLLabel])

    /// The nodes of `html`, in order.
    static func parse(_ html: String) -> [HTMLLabel] {
        var parser = Parser(characters: Array(html))
        return parser.nodes(until: nil)
    }

    var name: String? {
        if case .element(let name, _, _) = self { return name }
        return nil
    }

    var attributes: [String: String] {
        if case .element(_, let attributes, _) = self { return attributes }
        return [:]
    }

    var children: [HTMLLabel] {
        if case .element(_, _, let children) = self { return children }
        return []
    }

    /// Every text inside, in order, lines joined by `\n`.
    var plainText: String {
        switch self {
        case .text(let text): return text
        case .lineBreak: return "\n"
        case .element(_, _, let children): return children.map(\.plainText).joined()
        }
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        /// Nodes up to the closing tag `name` (consumed), or the end.
        mutating func nodes(until name: String?) -> [HTMLLabel] {
            var nodes: [HTMLLabel] = []
            var text = ""
            func flush() {
                if !text.isEmpty { nodes.append(.text(text)) }
                text = ""
            }
            while index < characters.count {
                let character = characters[index]
                if character == "<" {
                    flush()
                    let tag = readTag()
                    if tag.closing {
                        if tag.name == name { return nodes }
                        continue
                    }
                    if tag.name == "BR" {
                        nodes.append(.lineBreak(align: tag.attributes["ALIGN"]))
                    } else if tag.selfClosing {
                        nodes.append(
                            .element(name: tag.name, attributes: tag.attributes, children: []))
                    } else {
                        let children = self.nodes(until: tag.name)
                        nodes.append(
                            .element(name: tag.name, attributes: tag.attributes, children: children)
                        )
                    }
                } else if character == "&" {
                    text += readEntity()
                } else {
                    text.append(character)
                    index += 1
                }
            }
            flush()
            return nodes
        }

        mutating func readTag() -> (
            name: String, attributes: [String: String], closing: Bool, selfClosing: Bool
        ) {
            index += 1
            var closing = false
            if index < characters.count, characters[index] == "/" {
                closing = true
                index += 1
            }
            var name = ""
            while index < characters.count, characters[index].isLetter {
                name.append(characters[index])
                index += 1
            }
            var attributes: [String: String] = [:]
            var selfClosing = false
            while index < characters.count, characters[index] != ">" {
                let character = characters[index]
                if character == "/" {
                    selfClosing = true
                    index += 1
                } else if character.isLetter {
                    var key = ""
                    while index < characters.count,
                        characters[index].isLetter || characters[index] == "-"
                    {
                        key.append(characters[index])
                        index += 1
                    }
                    var value = ""
                    if index < characters.count, characters[index] == "=" {
                        index += 1
                        if index < characters.count, characters[index] == "\"" {
                            index += 1
                            while index < characters.count, characters[index] != "\"" {
                                if characters[index] == "&" {
                                    value += readEntity()
                                } else {
                                    value.append(characters[index])
                                    index += 1
                                }
                            }
                            index += 1
                        }
                    }
                    attributes[key.uppercased()] = value
                } else {
                    index += 1
                }
            }
            index += 1
            return (name.uppercased(), attributes, closing, selfClosing)
        }

        /// `&amp;`, `&#91;`, `&#x5B;`; a lone `&` is itself.
        mutating func readEntity() -> String {
            guard let end = characters[index...].prefix(12).firstIndex(of: ";") else {
                index += 1
                return "&"
            }
            let body = String(characters[(index + 1)..<end])
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
            var decoded: String?
            if let text = named[body] {
                decoded = text
            } else if body.hasPrefix("#x") || body.hasPrefix("#X"),
                let value = UInt32(body.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value)
            {
                decoded = String(Character(scalar))
            } else if body.hasPrefix("#"), let value = UInt32(body.dropFirst()),
                let scalar = Unicode.Scalar(value)
            {
                decoded = String(Character(scalar))
            }
            guard let decoded else {
                index += 1
                return "&"
            }
            index = end + 1
            return decoded
        }
    }
}
