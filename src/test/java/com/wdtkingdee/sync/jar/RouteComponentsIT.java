package com.wdtkingdee.sync.jar;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar carries what its routes use (issue 16, item 1): every endpoint scheme and data format named in
 * {@code routes/*.camel.yaml} has its {@code META-INF/services/org/apache/camel/component/<scheme>} (or
 * {@code …/dataformat/<name>}) in {@code target/wdt-kingdee-sync.jar}. The release failed here: {@code timer:} with
 * camel-timer at test scope only ({@link RouteSchemesTest} shows the scan catching exactly that).
 */
class RouteComponentsIT {

    static final String COMPONENTS = "META-INF/services/org/apache/camel/component/";
    static final String DATAFORMATS = "META-INF/services/org/apache/camel/dataformat/";

    @Test
    void everySchemeAndDataFormatOfTheRoutesIsInThePackagedJar() throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(JarProcess.PROJECT.resolve("application.properties"), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        List<RouteSchemes.Need> needs = new ArrayList<>();
        try (Stream<Path> files = Files.list(JarProcess.PROJECT.resolve("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                needs.addAll(RouteSchemes.needs("routes/" + f.getFileName(), Files.readString(f),
                        k -> settings.getProperty(k) == null ? null : settings.getProperty(k).trim()));
            }
        }
        Set<String> components = new TreeSet<>();
        Set<String> dataformats = new TreeSet<>();
        try (ZipFile jar = new ZipFile(JarProcess.JAR.toFile())) {
            jar.stream().forEach(e -> {
                if (e.getName().startsWith(COMPONENTS) && !e.isDirectory()) {
                    components.add(e.getName().substring(COMPONENTS.length()));
                }
                if (e.getName().startsWith(DATAFORMATS) && !e.isDirectory()) {
                    dataformats.add(e.getName().substring(DATAFORMATS.length()));
                }
            });
        }
        // the scan saw the routes' endpoints (a scan that finds nothing would pass anything)
        assertThat(RouteSchemes.names(needs, "component"))
                .contains("quartz", "timer", "direct", "jdbc", "platform-http", "http", "https");
        assertThat(RouteSchemes.names(needs, "dataformat")).contains("jackson");
        assertThat(RouteSchemes.missing(needs, components, dataformats))
                .as("route needs the jar does not serve (jar components: %s, data formats: %s)", components, dataformats)
                .isEmpty();
    }
}
