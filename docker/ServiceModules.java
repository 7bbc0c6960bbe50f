import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What each service's image is built from, read from the poms: the service's module, every module of
 * the build it depends on (directly or transitively, in any scope but test) and the pom.xml of every
 * parent inside the build. The Jenkinsfile runs a service's pipeline when a change touches one of them.
 *
 * <pre>
 *   java docker/ServiceModules.java [--root DIR] [SERVICE...]     (docker/service-modules.sh runs it)
 *   accounts-service accounts-service/ banking-events/ eventstore-core/ ... pom.xml
 * </pre>
 *
 * One line per SERVICE (default: every module of the root pom): the service, then the paths relative to
 * the root, directories ending in '/'. Exit code 2 for a SERVICE that is not a module of the build.
 * A single-file program (JDK 21+, no build, no Maven): the pipeline runs it before anything is built.
 */
public final class ServiceModules {

    /** One pom of the build. */
    record Module(String key, String directory, String pomPath, String parentKey, List<Dependency> dependencies) {
    }

    record Dependency(String key, String scope) {
    }

    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final Path root;

    ServiceModules(Path root) throws Exception {
        this.root = root.toAbsolutePath().normalize();
        read(this.root.resolve("pom.xml"), null);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("");
        List<String> services = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--root") && i + 1 < args.length) {
                root = Path.of(args[++i]);
            } else {
                services.add(args[i]);
            }
        }
        ServiceModules build = new ServiceModules(root);
        if (services.isEmpty()) {
            services.addAll(build.moduleDirectories());
        }
        StringBuilder out = new StringBuilder();
        for (String service : services) {
            List<String> paths = build.builtFrom(service);
            if (paths == null) {
                System.err.println("service-modules: '" + service + "' is not a module of " + root.resolve("pom.xml")
                        + " (modules: " + String.join(", ", build.moduleDirectories()) + ")");
                System.exit(2);
            }
            out.append(service).append(' ').append(String.join(" ", paths)).append('\n');
        }
        System.out.print(out);
    }

    /** The directories of the modules, relative to the root (the root's own pom not included). */
    List<String> moduleDirectories() {
        return modules.values().stream().map(Module::directory).filter(d -> !d.isEmpty()).toList();
    }

    /** The paths the module in {@code directory} is built from, its own directory first; null if no such module. */
    List<String> builtFrom(String directory) {
        String wanted = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
        Module service = modules.values().stream().filter(m -> m.directory().equals(wanted) && !wanted.isEmpty())
                .findFirst().orElse(null);
        if (service == null) {
            return null;
        }
        Set<Module> reached = new LinkedHashSet<>();
        Deque<Module> next = new ArrayDeque<>(List.of(service));
        while (!next.isEmpty()) {
            Module m = next.removeFirst();
            if (!reached.add(m)) {
                continue;
            }
            for (Module p = parent(m); p != null; p = parent(p)) {
                reached.add(p);
                dependencies(p).forEach(next::addLast);
            }
            dependencies(m).forEach(next::addLast);
        }
        TreeSet<String> others = new TreeSet<>();
        TreeSet<String> poms = new TreeSet<>();
        for (Module m : reached) {
            if (m == service) {
                continue;
            }
            if (isParentOnly(m, reached)) {
                poms.add(m.pomPath());
            } else {
                others.add(m.directory() + "/");
            }
        }
        List<String> paths = new ArrayList<>();
        paths.add(service.directory() + "/");
        paths.addAll(others);
        paths.addAll(poms);
        return paths;
    }

    /** A module reached only as a parent counts with its pom.xml alone (the root's directory is everything). */
    private boolean isParentOnly(Module m, Set<Module> reached) {
        if (m.directory().isEmpty()) {
            return true;
        }
        for (Module other : reached) {
            for (Dependency d : other.dependencies()) {
                if (d.key().equals(m.key()) && !"test".equals(d.scope())) {
                    return false;
                }
            }
        }
        return true;
    }

    private Module parent(Module m) {
        return m.parentKey() == null ? null : modules.get(m.parentKey());
    }

    private List<Module> dependencies(Module m) {
        List<Module> found = new ArrayList<>();
        for (Dependency d : m.dependencies()) {
            Module target = modules.get(d.key());
            if (target != null && !"test".equals(d.scope())) {
                found.add(target);
            }
        }
        return found;
    }

    private void read(Path pom, String inheritedGroupId) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        Element parent = child(project, "parent");
        String groupId = text(project, "groupId");
        if (groupId == null && parent != null) {
            groupId = text(parent, "groupId");
        }
        if (groupId == null) {
            groupId = inheritedGroupId;
        }
        String parentKey = parent == null ? null : text(parent, "groupId") + ":" + text(parent, "artifactId");
        List<Dependency> dependencies = new ArrayList<>();
        Element deps = child(project, "dependencies");
        if (deps != null) {
            for (Element d : children(deps, "dependency")) {
                String g = text(d, "groupId");
                if (g == null || g.equals("${project.groupId}") || g.equals("${groupId}")) {
                    g = groupId;
                }
                dependencies.add(new Dependency(g + ":" + text(d, "artifactId"), text(d, "scope")));
            }
        }
        Path directory = pom.getParent();
        String relative = root.relativize(directory).toString().replace(File.separatorChar, '/');
        String pomPath = relative.isEmpty() ? "pom.xml" : relative + "/pom.xml";
        String key = groupId + ":" + text(project, "artifactId");
        modules.put(key, new Module(key, relative, pomPath, parentKey, dependencies));
        Element list = child(project, "modules");
        if (list != null) {
            for (Element module : children(list, "module")) {
                Path child = directory.resolve(module.getTextContent().trim()).normalize();
                read(Files.isDirectory(child) ? child.resolve("pom.xml") : child, groupId);
            }
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
