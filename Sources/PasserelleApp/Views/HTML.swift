/// Typed HTML and SVG with escaping by construction: text and attribute values are always escaped
/// when rendered; only `raw` bypasses it, and it is used for the doctype alone.
///
/// Plot (JohnSundell/Plot 0.14) was the first choice, but it writes attribute values unescaped and
/// lets entity-like text through; see docs/decisions/0001-html-rendering.md.
public struct HTMLNode: Sendable, ExpressibleByStringInterpolation {
    enum Content: Sendable {
        case element(name: String, children: [HTMLNode], isVoid: Bool)
        case attribute(name: String, value: String?)
        case text(String)
        case raw(String)
        case fragment([HTMLNode])
    }

    let content: Content

    init(_ content: Content) {
        self.content = content
    }

    public init(stringLiteral value: String) {
        content = .text(value)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        content = .text(String(stringInterpolation: stringInterpolation))
    }

    // MARK: Building blocks

    public static func element(_ name: String, _ children: [HTMLNode]) -> HTMLNode {
        HTMLNode(.element(name: name, children: children, isVoid: false))
    }

    public static func voidElement(_ name: String, _ attributes: [HTMLNode]) -> HTMLNode {
        HTMLNode(.element(name: name, children: attributes, isVoid: true))
    }

    public static func text(_ value: String) -> HTMLNode { HTMLNode(.text(value)) }

    /// An attribute; a nil value omits it, an empty string renders a boolean attribute.
    public static func attr(_ name: String, _ value: String?) -> HTMLNode { HTMLNode(.attribute(name: name, value: value)) }

    public static func raw(_ trustedMarkup: String) -> HTMLNode { HTMLNode(.raw(trustedMarkup)) }

    public static func group(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(.fragment(nodes)) }

    public static var empty: HTMLNode { HTMLNode(.fragment([])) }

    public static func forEach<S: Sequence>(_ items: S, _ transform: (S.Element) -> HTMLNode) -> HTMLNode {
        HTMLNode(.fragment(items.map(transform)))
    }

    public static func `if`(_ condition: Bool, _ then: @autoclosure () -> HTMLNode, else otherwise: @autoclosure () -> HTMLNode = .empty) -> HTMLNode {
        condition ? then() : otherwise()
    }

    public static func unwrap<T>(_ value: T?, _ transform: (T) -> HTMLNode, else otherwise: HTMLNode = .empty) -> HTMLNode {
        value.map(transform) ?? otherwise
    }

    // MARK: Rendering

    public func render() -> String {
        var output = ""
        render(into: &output)
        return output
    }

    func render(into output: inout String) {
        switch content {
        case .text(let text):
            output += Self.escape(text)
        case .raw(let markup):
            output += markup
        case .attribute:
            break // rendered by the element that holds it
        case .fragment(let nodes):
            for node in nodes { node.render(into: &output) }
        case .element(let name, let children, let isVoid):
            output += "<" + name
            var body: [HTMLNode] = []
            Self.collect(children, attributesInto: &output, bodyInto: &body)
            output += ">"
            guard !isVoid else { return }
            for child in body { child.render(into: &output) }
            output += "</" + name + ">"
        }
    }

    private static func collect(_ nodes: [HTMLNode], attributesInto output: inout String, bodyInto body: inout [HTMLNode]) {
        for node in nodes {
            switch node.content {
            case .attribute(let name, let value):
                guard let value else { continue }
                output += " " + name
                if !value.isEmpty { output += "=\"" + escape(value) + "\"" }
            case .fragment(let inner):
                collect(inner, attributesInto: &output, bodyInto: &body)
            default:
                body.append(node)
            }
        }
    }

    /// Escapes the five characters that matter in HTML text and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

// MARK: - Elements

public extension HTMLNode {
    static func html(_ c: HTMLNode...) -> HTMLNode { element("html", c) }
    static func head(_ c: HTMLNode...) -> HTMLNode { element("head", c) }
    static func body(_ c: HTMLNode...) -> HTMLNode { element("body", c) }
    static func title(_ text: String) -> HTMLNode { element("title", [.text(text)]) }
    static func meta(_ a: HTMLNode...) -> HTMLNode { voidElement("meta", a) }
    static func link(_ a: HTMLNode...) -> HTMLNode { voidElement("link", a) }
    static func header(_ c: HTMLNode...) -> HTMLNode { element("header", c) }
    static func footer(_ c: HTMLNode...) -> HTMLNode { element("footer", c) }
    static func nav(_ c: HTMLNode...) -> HTMLNode { element("nav", c) }
    static func main(_ c: HTMLNode...) -> HTMLNode { element("main", c) }
    static func section(_ c: HTMLNode...) -> HTMLNode { element("section", c) }
    static func article(_ c: HTMLNode...) -> HTMLNode { element("article", c) }
    static func aside(_ c: HTMLNode...) -> HTMLNode { element("aside", c) }
    static func div(_ c: HTMLNode...) -> HTMLNode { element("div", c) }
    static func span(_ c: HTMLNode...) -> HTMLNode { element("span", c) }
    static func p(_ c: HTMLNode...) -> HTMLNode { element("p", c) }
    static func h1(_ c: HTMLNode...) -> HTMLNode { element("h1", c) }
    static func h2(_ c: HTMLNode...) -> HTMLNode { element("h2", c) }
    static func h3(_ c: HTMLNode...) -> HTMLNode { element("h3", c) }
    static func h4(_ c: HTMLNode...) -> HTMLNode { element("h4", c) }
    static func a(href: String, _ c: HTMLNode...) -> HTMLNode { element("a", [.attr("href", href)] + c) }
    static func ul(_ c: HTMLNode...) -> HTMLNode { element("ul", c) }
    static func ol(_ c: HTMLNode...) -> HTMLNode { element("ol", c) }
    static func li(_ c: HTMLNode...) -> HTMLNode { element("li", c) }
    static func dl(_ c: HTMLNode...) -> HTMLNode { element("dl", c) }
    static func dt(_ c: HTMLNode...) -> HTMLNode { element("dt", c) }
    static func dd(_ c: HTMLNode...) -> HTMLNode { element("dd", c) }
    static func strong(_ c: HTMLNode...) -> HTMLNode { element("strong", c) }
    static func em(_ c: HTMLNode...) -> HTMLNode { element("em", c) }
    static func small(_ c: HTMLNode...) -> HTMLNode { element("small", c) }
    static func code(_ c: HTMLNode...) -> HTMLNode { element("code", c) }
    static func abbr(title: String, _ c: HTMLNode...) -> HTMLNode { element("abbr", [.attr("title", title)] + c) }
    static func time(datetime: String, _ c: HTMLNode...) -> HTMLNode { element("time", [.attr("datetime", datetime)] + c) }
    static func br() -> HTMLNode { voidElement("br", []) }
    static func table(_ c: HTMLNode...) -> HTMLNode { element("table", c) }
    static func caption(_ c: HTMLNode...) -> HTMLNode { element("caption", c) }
    static func thead(_ c: HTMLNode...) -> HTMLNode { element("thead", c) }
    static func tbody(_ c: HTMLNode...) -> HTMLNode { element("tbody", c) }
    static func tr(_ c: HTMLNode...) -> HTMLNode { element("tr", c) }
    static func th(_ c: HTMLNode...) -> HTMLNode { element("th", c) }
    static func td(_ c: HTMLNode...) -> HTMLNode { element("td", c) }
    static func form(_ c: HTMLNode...) -> HTMLNode { element("form", c) }
    static func fieldset(_ c: HTMLNode...) -> HTMLNode { element("fieldset", c) }
    static func legend(_ c: HTMLNode...) -> HTMLNode { element("legend", c) }
    static func label(_ c: HTMLNode...) -> HTMLNode { element("label", c) }
    static func input(_ a: HTMLNode...) -> HTMLNode { voidElement("input", a) }
    static func textarea(_ c: HTMLNode...) -> HTMLNode { element("textarea", c) }
    static func select(_ c: HTMLNode...) -> HTMLNode { element("select", c) }
    static func option(_ c: HTMLNode...) -> HTMLNode { element("option", c) }
    static func button(_ c: HTMLNode...) -> HTMLNode { element("button", c) }
    static func details(_ c: HTMLNode...) -> HTMLNode { element("details", c) }
    static func summary(_ c: HTMLNode...) -> HTMLNode { element("summary", c) }
    static func figure(_ c: HTMLNode...) -> HTMLNode { element("figure", c) }
    static func figcaption(_ c: HTMLNode...) -> HTMLNode { element("figcaption", c) }
}

// MARK: - Attributes

public extension HTMLNode {
    static func `class`(_ value: String) -> HTMLNode { attr("class", value) }
    static func id(_ value: String) -> HTMLNode { attr("id", value) }
    static func lang(_ value: String) -> HTMLNode { attr("lang", value) }
    static func name(_ value: String) -> HTMLNode { attr("name", value) }
    static func type(_ value: String) -> HTMLNode { attr("type", value) }
    static func value(_ value: String) -> HTMLNode { attr("value", value) }
    static func `for`(_ value: String) -> HTMLNode { attr("for", value) }
    static func ariaLabel(_ value: String) -> HTMLNode { attr("aria-label", value) }
    static func ariaCurrent(_ value: String) -> HTMLNode { attr("aria-current", value) }
    static func role(_ value: String) -> HTMLNode { attr("role", value) }
    static func scope(_ value: String) -> HTMLNode { attr("scope", value) }
    static func method(_ value: String) -> HTMLNode { attr("method", value) }
    static func action(_ value: String) -> HTMLNode { attr("action", value) }
    static func selected(_ on: Bool) -> HTMLNode { attr("selected", on ? "" : nil) }
    static func required() -> HTMLNode { attr("required", "") }
}
