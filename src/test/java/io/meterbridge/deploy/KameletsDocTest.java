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

/** docs/KAMELETS.md names every Kamelet the jar ships and every parameter of each, with its default. */
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
                JsonNode properties = kamelet.at("/spec/definition/properties");
                for (Iterator<String> it = properties.fieldNames(); it.hasNext();) {
                    String parameter = it.next();
                    JsonNode p = properties.get(parameter);
                    String defaultValue = !p.has("default") ? "" : p.get("default").asText().isEmpty() ? "`\"\"`" : "`" + p.get("default").asText() + "`";
                    assertThat(doc).as(name + " " + parameter).containsPattern("\\| `" + parameter + "` \\| (yes|no) \\| "
                            + java.util.regex.Pattern.quote(defaultValue) + " \\|");
                }
            }
        }
    }
}
