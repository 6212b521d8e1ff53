package io.sipcontainer.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which container package uses which, read from the sources: an import or a fully qualified name
 * of a class in another {@code io.sipcontainer} package is a dependency. Source text is enough
 * here (the container names other packages' classes no other way), and it keeps the check free
 * of a bytecode library.
 */
final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.sipcontainer\\.([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.sipcontainer\\.((?:[a-z0-9_]+\\.)*[a-z0-9_]+)\\.[A-Z]");

    /** Package (relative to io.sipcontainer) to the packages it uses, sorted for stable output. */
    private final Map<String, Set<String>> uses = new TreeMap<>();

    static PackageGraph of(Path sourceRoot) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(graph::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void read(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher p = PACKAGE.matcher(source);
        if (!p.find()) {
            return;
        }
        String from = p.group(1);
        Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher r = REFERENCE.matcher(source);
        while (r.find()) {
            if (!r.group(1).equals(from)) {
                targets.add(r.group(1));
                uses.computeIfAbsent(r.group(1), k -> new TreeSet<>());
            }
        }
    }

    Map<String, Set<String>> edges() {
        return uses;
    }

    /** The groups of two or more packages that reach each other (Tarjan's strongly connected components). */
    List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : uses.get(v)) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    /**
     * The graph as a Mermaid flowchart, transitively reduced (an edge that another path already
     * implies is left out) so that the layers can be read. Only meaningful without cycles.
     */
    String toMermaid() {
        StringBuilder out = new StringBuilder("```mermaid\nflowchart TD\n");
        for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
            for (String to : e.getValue()) {
                if (!reachableAvoidingDirectEdge(e.getKey(), to)) {
                    out.append("    ").append(id(e.getKey())).append(" --> ").append(id(to)).append('\n');
                }
            }
        }
        return out.append("```\n").toString();
    }

    private boolean reachableAvoidingDirectEdge(String from, String to) {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (String next : uses.get(from)) {
            if (!next.equals(to)) {
                todo.add(next);
            }
        }
        while (!todo.isEmpty()) {
            String v = todo.poll();
            if (v.equals(to)) {
                return true;
            }
            if (seen.add(v)) {
                todo.addAll(uses.get(v));
            }
        }
        return false;
    }

    private static String id(String pkg) {
        return pkg.replace('.', '_') + "[" + pkg + "]";
    }
}
