package com.wdtkingdee.sync.build;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build gives the same jar however often it runs (issue: an unpinned maven-jar-plugin 2.4 kept a stale thin jar,
 * so shade re-shaded its own output, 0.4 MB → 47 MB with ~1,200 "overlapping classes" warnings): every plugin in
 * {@code build/plugins} and {@code build/pluginManagement} has a version, every plugin Maven binds to a jar build by
 * default is pinned, and the thin jar is always rebuilt ({@code forceCreation}).
 */
class PinnedBuildTest {

    /** The plugins Maven 3 binds to the clean, default and site lifecycles of a jar project. */
    private static final List<String> DEFAULT_BINDINGS = List.of("maven-clean-plugin", "maven-resources-plugin",
            "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "maven-install-plugin",
            "maven-deploy-plugin", "maven-site-plugin");

    private static Element build;

    @BeforeAll
    static void readPom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        build = child(pom.getDocumentElement(), "build");
        assertThat(build).as("pom.xml has a <build>").isNotNull();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static List<Element> plugins(Element container) {
        List<Element> out = new ArrayList<>();
        Element plugins = child(container, "plugins");
        if (plugins != null) {
            NodeList list = plugins.getChildNodes();
            for (int i = 0; i < list.getLength(); i++) {
                if (list.item(i) instanceof Element e && e.getTagName().equals("plugin")) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static Map<String, Element> allPlugins() {
        Map<String, Element> all = new LinkedHashMap<>();
        plugins(child(build, "pluginManagement")).forEach(p -> all.put(text(p, "artifactId"), p));
        plugins(build).forEach(p -> all.put(text(p, "artifactId"), p));
        return all;
    }

    @Test
    void everyDeclaredPluginHasAnExplicitVersion() {
        List<Element> declared = new ArrayList<>(plugins(build));
        declared.addAll(plugins(child(build, "pluginManagement")));
        assertThat(declared).isNotEmpty();
        for (Element p : declared) {
            String version = text(p, "version");
            assertThat(version).as(text(p, "artifactId") + " has a <version>").isNotBlank();
            assertThat(version).as(text(p, "artifactId") + " pins one release").doesNotContain("SNAPSHOT")
                    .doesNotContain("[").doesNotContain("(").doesNotContain("LATEST").doesNotContain("RELEASE");
        }
    }

    @Test
    void everyPluginOfTheDefaultLifecycleIsPinned() {
        Map<String, Element> all = allPlugins();
        for (String plugin : DEFAULT_BINDINGS) {
            assertThat(all).as(plugin + " is declared with a version (Maven's default is old)").containsKey(plugin);
        }
        assertThat(all).containsKey("maven-shade-plugin").containsKey("maven-failsafe-plugin");
    }

    @Test
    void theThinJarIsAlwaysRebuiltSoShadeNeverReadsItsOwnOutput() {
        Element jar = allPlugins().get("maven-jar-plugin");
        assertThat(text(child(jar, "configuration"), "forceCreation")).isEqualTo("true");
        String version = text(jar, "version");
        assertThat(Integer.parseInt(version.substring(0, version.indexOf('.')))).as("maven-jar-plugin 3 or later")
                .isGreaterThanOrEqualTo(3);
    }
}
