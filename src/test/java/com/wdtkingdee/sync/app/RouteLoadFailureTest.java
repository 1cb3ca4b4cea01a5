package com.wdtkingdee.sync.app;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line of a start whose routes cannot be built, from the exceptions Camel really throws. */
class RouteLoadFailureTest {

    @TempDir
    Path project;

    /** Writes {@code routes/<name>} into the project, loads it into a fresh context and starts it; what it throws. */
    private Exception load(String name, String yaml) throws Exception {
        Path file = project.resolve("routes").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("file:" + file, yaml));
            ctx.start();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the route file loaded: " + yaml);
    }

    @Test
    void anUnknownComponentNamesTheFileTheSchemeAndTheRoute() throws Exception {
        Files.createDirectories(project.resolve("routes"));
        Files.writeString(project.resolve("routes/a-good.camel.yaml"), "- route:\n    id: good\n    from:\n      uri: direct:a\n      steps:\n        - log: ok\n");
        Exception e = load("broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:start
                      steps:
                        - to: nosuch:x
                """);
        RouteLoadFailure f = RouteLoadFailure.of(e, project).orElseThrow();
        assertThat(f.file()).isEqualTo("routes/broken.camel.yaml");
        assertThat(f.cause()).startsWith("no component for 'nosuch:'").contains("nosuch://x").contains("route broken");
        assertThat(f.line()).doesNotContain("\n").startsWith("routes/broken.camel.yaml: no component for 'nosuch:'");
    }

    @Test
    void anUnknownConsumerComponentToo() throws Exception {
        Exception e = load("consumer.camel.yaml", """
                - route:
                    id: "polls-nothing"
                    from:
                      uri: nosuch:x
                      steps:
                        - log: hi
                """);
        RouteLoadFailure f = RouteLoadFailure.of(e, project).orElseThrow();
        assertThat(f.line()).startsWith("routes/consumer.camel.yaml: no component for 'nosuch:'");
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndTheLine() throws Exception {
        Exception e = load("broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:start
                     steps:
                        - log: hi
                """);
        RouteLoadFailure f = RouteLoadFailure.of(e, project).orElseThrow();
        assertThat(f.file()).isEqualTo("routes/broken.camel.yaml");
        assertThat(f.cause()).startsWith("YAML syntax error at line 5, column 6: ").doesNotContain("\n");
    }

    @Test
    void anUnknownStepIsAnInvalidRouteDefinition() throws Exception {
        Exception e = load("odd.camel.yaml", """
                - route:
                    id: odd
                    from:
                      uri: direct:start
                      steps:
                        - lgo: hi
                """);
        RouteLoadFailure f = RouteLoadFailure.of(e, project).orElseThrow();
        assertThat(f.file()).isEqualTo("routes/odd.camel.yaml");
        assertThat(f.cause()).contains("lgo").doesNotContain("\n");
    }

    @Test
    void otherFailuresAreNotRouteFailures() {
        assertThat(RouteLoadFailure.of(new IllegalStateException("boom", new RuntimeException("x")), project))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aLocationOutsideTheProjectStaysAsCamelNamedIt() {
        assertThat(RouteLoadFailure.display("file:routes/x.camel.yaml", project)).isEqualTo("routes/x.camel.yaml");
        assertThat(RouteLoadFailure.display("file:/elsewhere/x.camel.yaml", project)).isEqualTo("/elsewhere/x.camel.yaml");
        assertThat(RouteLoadFailure.display("file:" + project.resolve("routes/y.camel.yaml"), project))
                .isEqualTo("routes/y.camel.yaml");
    }
}
