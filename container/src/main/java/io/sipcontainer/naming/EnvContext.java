package io.sipcontainer.naming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;

/**
 * A read-only JNDI context over one application's {@code java:comp/env} names: the initial context
 * ({@code path} empty) takes absolute names ({@code java:comp/env/sip/app/SipFactory}), and looking
 * up a name that is a prefix of bindings ({@code java:comp/env/sip/app}) gives a sub-context that
 * takes names relative to it. Nothing can be bound: the container publishes what the specification
 * lists, and an application has nothing of its own to publish there.
 */
final class EnvContext implements Context {
    private static final NameParser PARSER = CompositeName::new;

    private final String path;
    private final Map<String, Object> names;
    private final Hashtable<Object, Object> environment = new Hashtable<>();

    EnvContext(String path, Map<String, Object> names) {
        this.path = path;
        this.names = names;
    }

    /** The name relative to java:comp/env that {@code name}, absolute or relative to this context, means. */
    private String resolve(String name) throws NamingException {
        String n = name.strip();
        if (n.startsWith(ApplicationNames.ENV)) {
            n = n.substring(ApplicationNames.ENV.length());
            n = n.startsWith("/") ? n.substring(1) : n;
            return trimSlashes(n);
        }
        if (n.startsWith("java:")) {
            throw new NameNotFoundException(name + ": only java:comp/env names are served here");
        }
        if (path == null) {
            throw new NameNotFoundException(name + ": look names up as java:comp/env/...");
        }
        n = trimSlashes(n);
        return path.isEmpty() ? n : n.isEmpty() ? path : path + "/" + n;
    }

    private static String trimSlashes(String n) {
        int start = 0;
        int end = n.length();
        while (start < end && n.charAt(start) == '/') {
            start++;
        }
        while (end > start && n.charAt(end - 1) == '/') {
            end--;
        }
        return n.substring(start, end);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        String full = resolve(name);
        Object bound = names.get(full);
        if (bound != null) {
            return bound;
        }
        String prefix = full.isEmpty() ? "" : full + "/";
        if (names.keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
            return new EnvContext(full, names);
        }
        throw new NameNotFoundException(ApplicationNames.ENV + "/" + full + " is not bound for this application"
                + " (bound: " + new TreeSet<>(names.keySet()) + ")");
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        List<NameClassPair> pairs = new ArrayList<>();
        for (Binding b : bindings(name)) {
            pairs.add(new NameClassPair(b.getName(), b.getClassName()));
        }
        return new ListEnumeration<>(pairs);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        return new ListEnumeration<>(bindings(name));
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    private List<Binding> bindings(String name) throws NamingException {
        String base = resolve(name);
        String prefix = base.isEmpty() ? "" : base + "/";
        TreeSet<String> children = new TreeSet<>();
        for (String k : names.keySet()) {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                int slash = rest.indexOf('/');
                children.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        List<Binding> list = new ArrayList<>();
        for (String child : children) {
            list.add(new Binding(child, lookup(ApplicationNames.ENV + "/" + prefix + child)));
        }
        return list;
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return environment.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return environment.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(environment);
    }

    @Override
    public void close() {
    }

    @Override
    public String getNameInNamespace() {
        return path == null || path.isEmpty() ? ApplicationNames.ENV : ApplicationNames.ENV + "/" + path;
    }

    private static NamingException readOnly() {
        return new OperationNotSupportedException("java:comp/env is read-only");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly();
    }

    /** A NamingEnumeration over a list that is complete when made. */
    private static final class ListEnumeration<T> implements NamingEnumeration<T> {
        private final java.util.Iterator<T> it;

        ListEnumeration(List<T> items) {
            this.it = Collections.unmodifiableList(items).iterator();
        }

        @Override
        public T next() {
            return it.next();
        }

        @Override
        public boolean hasMore() {
            return it.hasNext();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasMoreElements() {
            return it.hasNext();
        }

        @Override
        public T nextElement() {
            return it.next();
        }
    }
}
