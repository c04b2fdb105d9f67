package io.meterbridge.espi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt, truncated, oversized and hostile ESPI documents: each is rejected with a reason a person can act on,
 * and none of them makes the parser read a file, expand an entity or run out of memory.
 */
class EspiHostileInputTest {

    @TempDir
    Path dir;

    private static Object unmarshal(EspiDataFormat format, byte[] body) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(body);
            return format.unmarshal(exchange, (Object) body);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void externalEntityIsRejectedWithoutReadingTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&x;</title></feed>";
        long readBefore = Files.getLastModifiedTime(secret).toMillis();
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes(xxe)))
                .isInstanceOf(EspiRejectedException.class)
                .hasMessageContaining("document type declaration")
                .hasMessageNotContaining("TOP-SECRET");
        assertThat(Files.getLastModifiedTime(secret).toMillis()).isEqualTo(readBefore);
    }

    @Test
    void billionLaughsIsRejectedAtOnce() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        String doc = dtd + "]><feed><title>&lol9;</title></feed>";
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes(doc)))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("document type declaration");
    }

    @Test
    void undeclaredEntityIsNotWellFormed() {
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes("<feed><title>&x;</title></feed>")))
                .isInstanceOf(EspiRejectedException.class);
    }

    @Test
    void truncatedFeedIsRejectedWithItsPosition() throws Exception {
        byte[] whole = EspiCorpusTest.sample("pgesmd_self_access/single_days/2019-10-17.xml");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), half))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("not well-formed");
    }

    @Test
    void oversizedDocumentIsRejectedBeforeParsing() throws Exception {
        EspiDataFormat format = new EspiDataFormat();
        format.setMaxBytes(1000);
        byte[] feed = EspiCorpusTest.sample("pgesmd_self_access/single_days/2019-10-17.xml");
        assertThatThrownBy(() -> unmarshal(format, feed))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("larger than the 1000 allowed");
    }

    @Test
    void tooManyElementsAndDeepNestingAreBounded() {
        assertThatThrownBy(() -> XmlTree.parse(bytes("<feed>" + "<entry/>".repeat(200) + "</feed>"), 100))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("more than 100 elements");
        assertThatThrownBy(() -> XmlTree.parse(bytes("<a>".repeat(100) + "</a>".repeat(100)), 1000))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("nested deeper");
    }

    @Test
    void somethingElseThanAtomIsNamed() {
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes("<html><body>maintenance</body></html>")))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("<html> is not an Atom feed");
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes("{\"error\":\"json\"}")))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), new byte[0]))
                .isInstanceOf(EspiRejectedException.class);
    }

    @Test
    void aReadingWithoutValueIsRejectedNotGuessed() throws Exception {
        String original = new String(EspiCorpusTest.sample("pgesmd_self_access/single_days/2019-10-17.xml"), StandardCharsets.UTF_8);
        String feed = original.replaceFirst("<ns0:value>[0-9]+</ns0:value>", "");
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes(feed)))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("without timePeriod/start or value");
        String letters = original.replaceFirst("<ns0:value>[0-9]+</ns0:value>", "<ns0:value>12x</ns0:value>");
        assertThatThrownBy(() -> unmarshal(new EspiDataFormat(), bytes(letters)))
                .isInstanceOf(EspiRejectedException.class).hasMessageContaining("<value> is not a whole number: 12x");
    }

    @Test
    void literalLineBreaksBetweenTagsAreDroppedButNotInsideText() {
        assertThat(new String(XmlTree.withoutLiteralLineBreaks(bytes("<?xml version=\"1.0\"?>\\n<a>\\n  <b>x\\ny</b></a>")), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\"?>\n<a>\n<b>x\\ny</b></a>");
    }
}
