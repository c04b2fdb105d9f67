package io.meterbridge.espi;

import java.nio.file.Files;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import io.meterbridge.testing.TestCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Green Button documents damaged and made hostile (entities, bad times, huge numbers): read or rejected with a reason. */
class EspiHostileInputTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final EspiDataFormat format = new EspiDataFormat();

    @Property(tries = 100_000)
    void everyDocumentIsReadOrRejectedWithAReason(@ForAll("documents") byte[] input) {
        Hostile.readOrRejected(input, PayloadRejectedException.class, () -> format.unmarshal(new DefaultExchange(camel), input));
    }

    /**
     * Found by the property in CI: for a control character in a DTD the JDK's XML reader fails to find its own
     * message ("InvalidCharInDTD") and throws MissingResourceException instead of an XML error.
     */
    @Example
    void aDtdTheJdkCannotDescribeIsRejectedWithAReason() {
        byte[] input = "<!DOCTYPE x [<\u0001!ENTITY a SYSTEM \"file:///etc/passwd\">]>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Hostile.readOrRejected(input, PayloadRejectedException.class, () -> format.unmarshal(new DefaultExchange(camel), input));
    }

    @Provide
    Arbitrary<byte[]> documents() throws Exception {
        return Hostile.from(List.of(
                Files.readAllBytes(TestCorpus.of("espi", "pgesmd_self_access", "single_days", "2019-10-17.xml")),
                Files.readAllBytes(TestCorpus.of("espi", "eemeter", "espi_natural_gas.xml")),
                Files.readAllBytes(TestCorpus.of("espi", "openespi_greenbutton_java", "Authorization-Entry-Anonymized.xml")),
                Files.readAllBytes(TestCorpus.of("espi", "open-energy-view", "notification_batchlist_2020-05-10.xml"))));
    }
}
