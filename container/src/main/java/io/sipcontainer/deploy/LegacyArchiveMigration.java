package io.sipcontainer.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.apache.tomcat.jakartaee.EESpecProfiles;
import org.apache.tomcat.jakartaee.Migration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an archive compiled for JSR 289/359 as published ({@code javax.servlet.sip}, {@code
 * javax.servlet}, {@code javax.annotation}) run here unchanged: when its classes or its sip.xml name
 * {@code javax/servlet/sip}, Apache Tomcat's jakartaee-migration rewrites a copy of the whole
 * application (class files, library jars, descriptors) to the {@code jakarta} namespace before
 * anything of it is loaded, and one INFO line says so. The check is a byte search of the class files
 * the deployment reads anyway; an archive already on {@code jakarta} is left alone and costs no copy.
 */
final class LegacyArchiveMigration {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyArchiveMigration.class);
    private static final byte[] JAVAX_SIP_CLASS = "javax/servlet/sip/".getBytes(StandardCharsets.US_ASCII);
    private static final String JAVAX_SIP_XML = "javax.servlet.sip";

    // the tool logs each file at INFO through java.util.logging; our one line is enough. Held here:
    // java.util.logging keeps loggers weakly, and a collected logger forgets its level
    private static final java.util.logging.Logger TOOL_LOG = java.util.logging.Logger.getLogger("org.apache.tomcat.jakartaee");

    static {
        TOOL_LOG.setLevel(Level.WARNING);
    }

    private LegacyArchiveMigration() {
    }

    /**
     * The archive itself when it does not use {@code javax.servlet.sip}; otherwise a migrated copy
     * under {@code workDir} (the unpacked original is then deleted; an exploded directory opened in
     * place is never written to).
     */
    static SarArchive migrateIfLegacy(SarArchive archive, Path workDir) throws DeploymentException {
        int legacyClasses = legacyClassCount(archive);
        if (legacyClasses == 0 && !sipXmlIsLegacy(archive)) {
            return archive;
        }
        long start = System.nanoTime();
        Path target;
        try {
            Files.createDirectories(workDir);
            target = Files.createTempDirectory(workDir, archive.baseName() + "-jakarta-").toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot create a directory for the jakarta migration under "
                    + workDir + ": " + e, e);
        }
        Migration migration = new Migration();
        migration.setEESpecProfile(EESpecProfiles.EE);
        migration.setSource(archive.root().toFile());
        migration.setDestination(target.toFile());
        try {
            migration.execute();
        } catch (IOException | RuntimeException e) {
            SarArchive.deleteTree(target);
            throw new DeploymentException(archive.name(), "uses javax.servlet.sip and its migration to jakarta failed: "
                    + e.getMessage(), e);
        }
        SarArchive migrated = archive.relocatedTo(target);
        archive.delete();
        LOG.info("{}: compiled against javax.servlet.sip ({} classes); migrated to jakarta with jakartaee-migration in {} ms",
                archive.name(), legacyClasses, (System.nanoTime() - start) / 1_000_000);
        return migrated;
    }

    private static int legacyClassCount(SarArchive archive) throws DeploymentException {
        AtomicInteger count = new AtomicInteger();
        ClassFileFinder.forEachClassFile(archive, (entry, where, bytes) -> {
            if (ClassFileFinder.contains(bytes, JAVAX_SIP_CLASS)) {
                count.incrementAndGet();
            }
        });
        return count.get();
    }

    private static boolean sipXmlIsLegacy(SarArchive archive) throws DeploymentException {
        if (archive.sipXml().isEmpty()) {
            return false;
        }
        try {
            return Files.readString(archive.sipXml().get(), StandardCharsets.ISO_8859_1).contains(JAVAX_SIP_XML);
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot read " + SarArchive.SIP_XML + ": " + e, e);
        }
    }
}
