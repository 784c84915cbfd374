@testable import PasserelleApp
import PasserelleDomain
import Testing

struct HTMLTests {
    @Test func textAndAttributesAreEscaped() {
        let hostile = "\"><script>alert('x')</script>&amp;"
        let node: HTMLNode = .p(.class(hostile), .text(hostile))
        #expect(node.render() == "<p class=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;\">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;</p>")
    }

    @Test func interpolatedStringsAreText() {
        let name = "<b>Lens</b>"
        let node: HTMLNode = .li("Commune : \(name)")
        #expect(node.render() == "<li>Commune : &lt;b&gt;Lens&lt;/b&gt;</li>")
    }

    @Test func booleanAndMissingAttributes() {
        let node: HTMLNode = .option(.value("qpv"), .selected(true), .attr("title", nil), "QPV")
        #expect(node.render() == "<option value=\"qpv\" selected>QPV</option>")
        #expect(HTMLNode.input(.type("search"), .name("q")).render() == "<input type=\"search\" name=\"q\">")
    }

    @Test func csvCellsNeverRunAsFormulas() {
        var csv = CSVWriter(header: ["a", "b", "c", "d"])
        csv.append(["=1+2", "-3.7", "@x", "-texte"])
        #expect(csv.text == "a,b,c,d\r\n'=1+2,-3.7,'@x,'-texte\r\n")
        #expect(CSVWriter.safeFileName("écarts\r\n x.csv") == "_carts__x.csv", "CRLF is one character")
    }

    @Test func frenchNumbers() {
        #expect(FrenchFormat.integer(244_525) == "244\u{202F}525")
        #expect(FrenchFormat.integer(12) == "12")
        #expect(FrenchFormat.integer(-1_000) == "−1\u{202F}000")
        #expect(French.date("2024-09-24") == "24 septembre 2024")
        #expect(French.date("2024-03-01") == "1er mars 2024")
    }
}
