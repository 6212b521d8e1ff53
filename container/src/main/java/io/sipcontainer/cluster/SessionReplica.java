package io.sipcontainer.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * An application session as the cluster stores it: its application's name and the member that
 * wrote it last (its owner), readable by every node, and the session's object graph serialized, read back with the application's class loader
 * (attributes are the application's classes, which Hazelcast's own class loader cannot see).
 */
record SessionReplica(String application, String owner, byte[] graph) implements Serializable {

    /** Serializes a session; an attribute that cannot be serialized is named in the exception. */
    static SessionReplica of(SipApplicationSessionImpl session, String owner) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(session);
        } catch (NotSerializableException e) {
            throw new IllegalStateException(culprit(session, e), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize application session " + session.getId() + ": " + e, e);
        }
        return new SessionReplica(session.getApplicationName(), owner, bytes.toByteArray());
    }

    private static String culprit(SipApplicationSessionImpl session, NotSerializableException e) {
        for (String name : toList(session.getAttributeNames())) {
            Object value = session.getAttribute(name);
            try (ObjectOutputStream probe = new ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
                probe.writeObject(value);
            } catch (IOException failed) {
                return "application '" + session.getApplicationName() + "': session attribute '" + name + "' ("
                        + value.getClass().getName() + ") is not serializable, so the session cannot be shared "
                        + "with the cluster: " + failed;
            }
        }
        return "a session of the application holds something that is not serializable: " + e.getMessage();
    }

    /** Reads the session back with {@code loader}. */
    SipApplicationSessionImpl restore(ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new AppObjectInputStream(new ByteArrayInputStream(graph), loader)) {
            return (SipApplicationSessionImpl) in.readObject();
        }
    }

    private static final class AppObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        AppObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    private static java.util.List<String> toList(java.util.Iterator<String> names) {
        java.util.List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
