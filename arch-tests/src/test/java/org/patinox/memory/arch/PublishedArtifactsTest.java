package org.patinox.memory.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The bill of materials lists exactly the artifacts the build publishes, at the build's version,
 * and a published module ships its sources: read from the poms themselves, so that a module
 * added to the reactor and forgotten in {@code bom/pom.xml} (or the reverse) fails here.
 */
final class PublishedArtifactsTest {

    /** Surefire runs this module's tests in {@code arch-tests/}; the reactor's root is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of the first direct child of {@code parent} named {@code name}, or null. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static Element childElement(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String property(Element project, String name) {
        Element properties = childElement(project, "properties");
        return properties == null ? null : child(properties, name);
    }

    private static List<String> modules() throws Exception {
        NodeList nodes = read(ROOT.resolve("pom.xml")).getDocumentElement().getElementsByTagName("module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        return modules;
    }

    @Test
    void the_bom_lists_every_published_artifact_and_nothing_else_at_the_build_version() throws Exception {
        Element root = read(ROOT.resolve("pom.xml")).getDocumentElement();
        String version = child(root, "version");
        Set<String> published = new TreeSet<>();
        for (String module : modules()) {
            Element project = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            boolean deployed = !"true".equals(property(project, "maven.deploy.skip"));
            if (deployed && !module.equals("bom")) {
                published.add(child(project, "artifactId"));
            }
        }
        Element bom = read(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        assertEquals("org.patinox", child(bom, "groupId"));
        assertEquals(version, child(bom, "version"), "the BOM's version follows the build's");
        assertEquals(null, childElement(bom, "parent"),
                "the BOM has no parent, so that importing it manages nothing but this project's artifacts");
        Set<String> listed = new TreeSet<>();
        NodeList dependencies = childElement(childElement(bom, "dependencyManagement"), "dependencies")
                .getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            assertEquals("org.patinox", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"));
            listed.add(child(d, "artifactId"));
        }
        assertEquals(published, listed);
        assertTrue(listed.contains("patinox-memory-api") && listed.contains("patinox-memory-jdbc"), listed::toString);
    }

    @Test
    void every_published_module_with_sources_attaches_its_sources() throws Exception {
        for (String module : modules()) {
            Element project = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            boolean deployed = !"true".equals(property(project, "maven.deploy.skip"));
            if (deployed && Files.isDirectory(ROOT.resolve(module).resolve("src/main/java"))) {
                assertEquals(null, property(project, "maven.source.skip"), module + " is published without its sources");
            }
        }
    }
}
