package com.wdtkingdee.sync.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in {@code routes/} is valid against the JSON schema that camel-yaml-dsl ships
 * ({@code schema/camelYamlDsl.json} in its jar; the README tells editors how to use it), and the check rejects a
 * route with an unknown step or a misplaced key.
 */
class RoutesSchemaTest {

    static final String SCHEMA = "schema/camelYamlDsl.json";
    static Schema schema;
    static final Properties SETTINGS = new Properties();
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\{\\{([^}:]+)(?::([^}]*))?}}$");

    @BeforeAll
    static void loadSchema() throws Exception {
        URL url = RoutesSchemaTest.class.getClassLoader().getResource(SCHEMA);
        assertThat(url).as("camel-yaml-dsl ships " + SCHEMA).isNotNull();
        assertThat(url.toString()).contains("camel-yaml-dsl-4.18.0.jar");
        try (InputStream in = url.openStream()) {
            // typeLoose: a number or boolean written as a string ("5", or a {{key}} resolved to "5") is accepted, as
            // Camel converts it; nothing else is loosened
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                    b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().typeLoose(true).build())).getSchema(in);
        }
        try (java.io.Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            SETTINGS.load(r);
        }
    }

    /** The YAML (anchors and aliases resolved) as JSON, validated; the errors as text. */
    static List<String> errors(String yaml) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        JsonNode json = new ObjectMapper().valueToTree(resolve(doc));
        return schema.validate(json).stream().map(Error::toString).toList();
    }

    /**
     * A value that is one {@code {{key}}} placeholder becomes the setting's value (application.properties, else the
     * placeholder's default): Camel resolves it before it converts the value to the option's type.
     */
    static Object resolve(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolve(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(RoutesSchemaTest::resolve).toList();
        }
        if (node instanceof String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            if (m.matches()) {
                String v = SETTINGS.getProperty(m.group(1));
                return v != null ? v.trim() : m.group(2) != null ? m.group(2) : text;
            }
        }
        return node;
    }

    @Test
    void everyRouteFileIsValidAgainstTheCamelYamlDslSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        int files = 0;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path f : routes.sorted().toList()) {
                files++;
                errors(Files.readString(f)).forEach(e -> problems.add(f + ": " + e));
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(7);
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnknownStepOrAMisplacedKeyIsRejected() {
        assertThat(errors("""
                - route:
                    id: ok
                    from:
                      uri: direct:a
                      steps:
                        - log: hi
                        - to: direct:b
                """)).isEmpty();
        assertThat(errors("""
                - route:
                    id: odd
                    from:
                      uri: direct:a
                      steps:
                        - lgo: hi
                """)).isNotEmpty();
        assertThat(errors("""
                - route:
                    id: odd
                    from:
                      uri: direct:a
                    steps:
                      - log: hi
                """)).as("steps belong under from").isNotEmpty();
    }
}
