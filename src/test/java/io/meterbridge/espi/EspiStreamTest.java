package io.meterbridge.espi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.TestCorpus;

/** Reading a Green Button file entry by entry gives what reading it whole gives, for every feed of the corpus. */
class EspiStreamTest {

    @Test
    void streamingGivesTheSameReadingsAsReadingWhole() throws Exception {
        EspiDataFormat espi = new EspiDataFormat();
        int feeds = 0;
        try (Stream<Path> files = Files.walk(TestCorpus.of("espi"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                byte[] xml = Files.readAllBytes(f);
                List<Reading> whole;
                try {
                    whole = espi.readings(XmlTree.parse(xml, 5_000_000));
                } catch (EspiRejectedException notAFeed) {
                    continue; // an Authorization or notification document: nothing to stream either
                }
                List<String> streamed = new ArrayList<>();
                for (Iterator<List<Reading>> it = espi.batches(new ByteArrayInputStream(XmlTree.withoutLiteralLineBreaks(xml)), 7); it.hasNext();) {
                    List<Reading> batch = it.next();
                    assertThat(batch).isNotEmpty(); // a batch closes after the entry that fills it: one block may hold hundreds
                    batch.forEach(r -> streamed.add(r.toString()));
                }
                // a feed that repeats a reading gives it twice when streamed; the sinks write it once
                assertThat(streamed.stream().distinct().sorted().toList()).as(f.toString())
                        .isEqualTo(whole.stream().map(Reading::toString).distinct().sorted().toList());
                feeds++;
            }
        }
        assertThat(feeds).isGreaterThan(5);
    }

    /**
     * ESPI links a block to its MeterReading by the block's "up" link or by the href hierarchy of its "self"
     * (.../MeterReading/y/IntervalBlock/z); exports that give only the hierarchy (Opower-style) read the same.
     */
    @Test
    void blocksWithoutAnUpLinkAreFoundByTheirHrefHierarchy() throws Exception {
        EspiDataFormat espi = new EspiDataFormat();
        String xml = Files.readString(TestCorpus.of("espi").resolve("eemeter/espi_electricity.xml"));
        String withoutUp = xml.replaceAll("<ns1:link href=\"[^\"]*/IntervalBlock\" rel=\"up\"[^>]*/>", "");
        assertThat(withoutUp).isNotEqualTo(xml).doesNotContain("IntervalBlock\" rel=\"up\"");
        List<Reading> expected = espi.readings(XmlTree.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), 5_000_000));
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(espi.readings(XmlTree.parse(withoutUp.getBytes(java.nio.charset.StandardCharsets.UTF_8), 5_000_000))).isEqualTo(expected);
    }
}
