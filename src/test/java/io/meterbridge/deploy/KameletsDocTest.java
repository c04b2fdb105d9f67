package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** docs/KAMELETS.md names every Kamelet the jar ships and, in its section, every parameter of each, with its default. */
class KameletsDocTest {

    @Test
    void theCatalogueListsEveryKameletAndParameter() throws Exception {
        String doc = Files.readString(Path.of("docs/KAMELETS.md"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> kamelets = Files.list(Path.of("src/main/resources/kamelets"))) {
            for (Path file : kamelets.toList()) {
                JsonNode kamelet = yaml.readTree(file.toFile());
                String name = kamelet.at("/metadata/name").asText();
                assertThat(file.getFileName().toString()).isEqualTo(name + ".kamelet.yaml");
                assertThat(doc).as(name).contains("## " + name + " (");
                // the parameters in the Kamelet's own section: two Kamelets may share a parameter's name
                String section = doc.substring(doc.indexOf("## " + name + " ("));
                section = section.indexOf("\n## ", 1) < 0 ? section : section.substring(0, section.indexOf("\n## ", 1));
                JsonNode properties = kamelet.at("/spec/definition/properties");
                for (Iterator<String> it = properties.fieldNames(); it.hasNext();) {
                    String parameter = it.next();
                    JsonNode p = properties.get(parameter);
                    String defaultValue = !p.has("default") ? "" : p.get("default").asText().isEmpty() ? "`\"\"`" : "`" + p.get("default").asText() + "`";
                    assertThat(section).as(name + " " + parameter).containsPattern("\\| `" + parameter + "` \\| (yes|no) \\| "
                            + java.util.regex.Pattern.quote(defaultValue) + " \\|");
                }
            }
        }
    }
}
