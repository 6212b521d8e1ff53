package io.sipcontainer.deploy;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Refuses, at deployment, an application compiled against the container's internals: a class of
 * the archive that names an {@code io.sipcontainer} class outside {@code io.sipcontainer.service}
 * which the archive does not itself contain. Its class loader would not find that class anyway
 * ({@link AppClassLoader}), but only when the code runs, maybe in the middle of a call; here the
 * operator learns at once which class uses what.
 */
final class ContainerReferenceCheck {

    private static final String CONTAINER = "io/sipcontainer/";
    private static final String SERVICES = "io/sipcontainer/service/";

    private ContainerReferenceCheck() {
    }

    /** @throws DeploymentException naming the first (by class name) class that uses an internal */
    static void check(SarArchive archive) throws DeploymentException {
        Set<String> packaged = new HashSet<>();
        Map<String, Set<String>> internalUses = new TreeMap<>();
        ClassFileFinder.forEachClassFile(archive, (entry, where, bytes) -> {
            ClassReferences refs;
            try {
                refs = ClassReferences.read(bytes);
            } catch (IOException | RuntimeException e) {
                throw new DeploymentException(archive.name(), where + " is not a valid class file: " + e.getMessage(), e);
            }
            packaged.add(refs.className());
            for (String used : refs.referenced()) {
                if (isInternal(used)) {
                    internalUses.computeIfAbsent(refs.className(), k -> new TreeSet<>()).add(used);
                }
            }
        });
        for (Map.Entry<String, Set<String>> uses : internalUses.entrySet()) {
            for (String used : uses.getValue()) {
                if (!packaged.contains(used)) {
                    throw new DeploymentException(archive.name(), binary(uses.getKey()) + " uses container internal "
                            + binary(used) + "; applications may use only jakarta.servlet.sip and io.sipcontainer.service");
                }
            }
        }
    }

    static boolean isInternal(String internalName) {
        return internalName.startsWith(CONTAINER) && !internalName.startsWith(SERVICES);
    }

    private static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
