package com.wdtkingdee.sync.app;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.NoSuchEndpointException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ParserException;
import org.snakeyaml.engine.v2.exceptions.ScannerException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A start that could not build its routes: a route file naming an endpoint no component serves
 * ({@code nosuch:x}), a YAML syntax error, a step the YAML DSL does not know. Recognised in the cause chain of
 * what Camel Main throws, and told in one line naming the route file and the cause (exit 2; the stack trace is
 * logged at DEBUG only), e.g. {@code routes/broken.camel.yaml: no component for 'nosuch:' (endpoint nosuch://x of
 * route broken)} or {@code routes/broken.camel.yaml: YAML syntax error at line 5, column 6: expected <block end>,
 * but found '<block mapping start>'}.
 *
 * @param file  the route file as the operator knows it (relative to the project folder when it lies in it)
 * @param cause what is wrong in it, one line
 */
public record RouteLoadFailure(String file, String cause) {

    private static final Pattern SOURCE = Pattern.compile("\\(source: ([^)\\s]+)\\)");
    private static final Pattern RESOURCE = Pattern.compile("(?:Error pre-parsing|Unable to parse) resource: (\\S+)");

    /** The one line printed after {@code wdt-kingdee-sync: }. */
    public String line() {
        return file + ": " + cause;
    }

    /**
     * The route failure in {@code e}'s cause chain, if it is one.
     *
     * @param projectDir the folder the route files are named relative to
     */
    public static Optional<RouteLoadFailure> of(Throwable e, Path projectDir) {
        FailedToCreateRouteException route = null;
        MarkedYamlEngineException yaml = null;
        NoSuchEndpointException endpoint = null;
        String resource = null;
        Throwable root = e;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            root = t;
            if (route == null && t instanceof FailedToCreateRouteException f) {
                route = f;
            }
            if (yaml == null && t instanceof MarkedYamlEngineException m) {
                yaml = m;
            }
            if (endpoint == null && t instanceof NoSuchEndpointException n) {
                endpoint = n;
            }
            if (resource == null && t.getMessage() != null) {
                Matcher m = RESOURCE.matcher(t.getMessage());
                if (m.find()) {
                    resource = m.group(1);
                }
            }
        }
        if (route == null && yaml == null && resource == null) {
            return Optional.empty();
        }
        String file = route == null || route.getLocation() == null || route.getLocation().isBlank() ? null
                : route.getLocation();
        if (file == null && route != null && route.getMessage() != null) {
            Matcher m = SOURCE.matcher(route.getMessage());
            if (m.find()) {
                file = m.group(1);
            }
        }
        if (file == null && yaml != null) {
            file = yaml.getProblemMark().or(yaml::getContextMark).map(Mark::getName).orElse(null);
        }
        if (file == null) {
            file = resource;
        }
        if (file == null && route != null) {
            // Camel names the file only where it records source locations: find the route's id in routes/
            file = fileOfRoute(projectDir, route.getRouteId()).orElse(null);
        }
        String cause;
        if (endpoint != null) {
            String uri = endpoint.getUri() == null ? "" : endpoint.getUri();
            int colon = uri.indexOf(':');
            String scheme = colon > 0 ? uri.substring(0, colon + 1) : uri;
            cause = "no component for '" + scheme + "' (endpoint " + uri
                    + (route != null && route.getRouteId() != null ? " of route " + route.getRouteId() : "")
                    + "; no Camel component of that name is in the jar)";
        } else if (yaml != null) {
            cause = yamlCause(yaml);
        } else {
            String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            cause = (route != null && route.getRouteId() != null ? "route " + route.getRouteId() + ": " : "") + what;
        }
        return Optional.of(new RouteLoadFailure(display(file, projectDir), oneLine(cause)));
    }

    /** The route file in {@code projectDir/routes} that declares the route {@code id}. */
    static Optional<String> fileOfRoute(Path projectDir, String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Pattern declared = Pattern.compile("^\\s*(?:-\\s*)?id:\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*(?:#.*)?$",
                Pattern.MULTILINE);
        Path dir = projectDir.resolve("routes");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                if (declared.matcher(text).find()) {
                    return Optional.of(f.toAbsolutePath().normalize().toString());
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the line still names the cause
        }
        return Optional.empty();
    }

    private static String yamlCause(MarkedYamlEngineException yaml) {
        boolean syntax = yaml instanceof ParserException || yaml instanceof ScannerException;
        Optional<Mark> at = yaml.getProblemMark().or(yaml::getContextMark);
        StringBuilder b = new StringBuilder(syntax ? "YAML syntax error" : "invalid route definition");
        at.ifPresent(m -> b.append(" at line ").append(m.getLine() + 1).append(", column ").append(m.getColumn() + 1));
        String problem = yaml.getProblem();
        b.append(": ").append(problem == null || problem.isBlank() ? yaml.getClass().getSimpleName() : problem);
        if (yaml.getContext() != null && yaml.getProblemMark().isPresent()) {
            b.append(" (").append(yaml.getContext());
            yaml.getContextMark().ifPresent(m -> b.append(" at line ").append(m.getLine() + 1));
            b.append(')');
        }
        return b.toString();
    }

    /** {@code file:routes/x.camel.yaml} → {@code routes/x.camel.yaml}; an absolute path inside the project folder relative. */
    static String display(String location, Path projectDir) {
        if (location == null) {
            return "routes";
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        try {
            Path p = Path.of(path);
            Path dir = projectDir.toAbsolutePath().normalize();
            if (p.isAbsolute() && p.normalize().startsWith(dir)) {
                return dir.relativize(p.normalize()).toString();
            }
        } catch (RuntimeException invalid) {
            // not a path (e.g. classpath:): as Camel named it
        }
        return path;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
