package dev.prompteval.internal.apicheck;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * What a Maven user can write about the plugin: its goals (with the phase they bind to and what they need from the
 * project) and, per goal, every parameter a POM or {@code -D} can set: name, type, whether it is required, its
 * user property and its default. Read from the generated {@code META-INF/maven/plugin.xml}.
 */
final class PluginDescriptor {
    private PluginDescriptor() {
    }

    static String text(URL pluginXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc;
        try (InputStream in = pluginXml.openStream()) {
            doc = factory.newDocumentBuilder().parse(in);
        }
        List<String> lines = new ArrayList<>();
        Element plugin = doc.getDocumentElement();
        lines.add("plugin " + child(plugin, "groupId") + ":" + child(plugin, "artifactId") + " prefix "
                + child(plugin, "goalPrefix"));
        for (Element mojo : elements(plugin, "mojos", "mojo")) {
            String goal = child(mojo, "goal");
            lines.add("goal " + goal + phrase(" phase ", child(mojo, "phase"))
                    + phrase(" requires-dependency-resolution ", child(mojo, "requiresDependencyResolution"))
                    + ("false".equals(child(mojo, "requiresProject")) ? " no-project" : "")
                    + ("true".equals(child(mojo, "threadSafe")) ? " thread-safe" : ""));
            Element configuration = first(mojo, "configuration");
            for (Element parameter : elements(mojo, "parameters", "parameter")) {
                if (!"true".equals(child(parameter, "editable"))) {
                    continue;
                }
                String name = child(parameter, "name");
                Element config = configuration == null ? null : first(configuration, name);
                String property = config == null ? "" : config.getTextContent().trim();
                String defaultValue = config == null ? "" : config.getAttribute("default-value");
                lines.add("  " + goal + " parameter " + name + ": " + child(parameter, "type")
                        + ("true".equals(child(parameter, "required")) ? " required" : "")
                        + phrase(" alias ", child(parameter, "alias"))
                        + phrase(" property ", property.startsWith("${") ? property.substring(2,
                        property.length() - 1) : "")
                        + phrase(" default ", defaultValue));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String phrase(String label, String value) {
        return value == null || value.isEmpty() ? "" : label + value;
    }

    private static List<Element> elements(Element parent, String container, String name) {
        Element holder = first(parent, container);
        List<Element> out = new ArrayList<>();
        if (holder != null) {
            NodeList nodes = holder.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = first(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
