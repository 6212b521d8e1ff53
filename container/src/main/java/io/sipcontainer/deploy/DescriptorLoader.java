package io.sipcontainer.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns a .sar file or exploded directory into a {@link LoadedApplication}: opens (unpacking if
 * needed) the archive, migrates one compiled against {@code javax.servlet.sip} to {@code jakarta}
 * ({@link LegacyArchiveMigration}), refuses it if its classes use container internals
 * ({@link ContainerReferenceCheck}), parses {@code WEB-INF/sip.xml}, creates the application's
 * {@link AppClassLoader}, scans annotations unless sip.xml is {@code metadata-complete}, and merges
 * and validates everything into a {@link SipAppDescriptor}. It instantiates nothing: creating
 * listeners and servlets is the container's job. On failure everything created is released again.
 */
public final class DescriptorLoader {

    private final ClassLoader parent;

    /** A loader whose applications share the classes of the container that loaded this class. */
    public DescriptorLoader() {
        this(DescriptorLoader.class.getClassLoader());
    }

    /** @param parent parent of every application class loader: must see the SIP Servlet API */
    public DescriptorLoader(ClassLoader parent) {
        this.parent = Objects.requireNonNull(parent, "parent");
    }

    /**
     * Loads an application.
     *
     * @param sarOrDir a .sar file or an exploded application directory
     * @param workDir  directory under which a .sar is unpacked (in a new subdirectory)
     * @throws DeploymentException naming the archive, and the sip.xml line when there is one, and why
     */
    public LoadedApplication load(Path sarOrDir, Path workDir) throws DeploymentException {
        SarArchive archive = SarArchive.open(sarOrDir, workDir);
        AppClassLoader classLoader = null;
        try {
            archive = LegacyArchiveMigration.migrateIfLegacy(archive, workDir);
            ContainerReferenceCheck.check(archive);
            SipXml sipXml = archive.sipXml().isPresent()
                    ? SipXmlParser.parse(archive.sipXml().get(), archive.name())
                    : SipXml.absent();
            String loaderName = sipXml.appName() != null ? sipXml.appName() : archive.baseName();
            classLoader = new AppClassLoader(loaderName, archive.classPath(), parent);
            ScanResult scan = sipXml.metadataComplete()
                    ? ScanResult.empty()
                    : AnnotationScanner.scan(archive, classLoader);
            SipAppDescriptor descriptor = new DescriptorMerger(archive.name(), classLoader)
                    .merge(sipXml, scan, archive.baseName());
            return new LoadedApplication(descriptor, classLoader, archive);
        } catch (DeploymentException | RuntimeException | Error e) {
            release(classLoader, archive);
            throw e;
        }
    }

    private static void release(AppClassLoader classLoader, SarArchive archive) {
        if (classLoader != null) {
            try {
                classLoader.close();
            } catch (IOException ignored) {
                // Already failing; the original exception is the one worth reporting.
            }
        }
        archive.delete();
    }
}
