package io.sipcontainer.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.servlet.sip.ar.SipApplicationRouter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.ApplicationLifecycleListener;
import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.ContainerServices;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.deploy.DeploymentListener;
import io.sipcontainer.deploy.DescriptorLoader;
import io.sipcontainer.deploy.LoadedApplication;

/**
 * Turns archives in the deploy folder into running applications and back: load and validate,
 * start, register with the registry and the application router. A broken archive is refused
 * with its reason and leaves every running application untouched.
 */
final class AppDeployer implements DeploymentListener {
    private static final Logger LOG = LoggerFactory.getLogger(AppDeployer.class);

    /** What one archive became, and the file state it was deployed from. */
    private record Deployed(SipAppContext app, long lastModified, long size) { }

    private final ApplicationRegistry registry;
    private final SipApplicationRouter router;
    private final ContainerServices services;
    private final Path workDir;
    private final DescriptorLoader loader = new DescriptorLoader(AppDeployer.class.getClassLoader());
    private final Map<Path, Deployed> deployed = new ConcurrentHashMap<>();
    /** Why the archive at a path was last refused, until it deploys or disappears (for the console). */
    private final Map<Path, String> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger generation = new AtomicInteger();

    AppDeployer(ApplicationRegistry registry, SipApplicationRouter router, ContainerServices services, Path workDir) {
        this.registry = registry;
        this.router = router;
        this.services = services;
        this.workDir = workDir;
    }

    /** Deploys every archive already in the folder, synchronously, at start-up. */
    void deployAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".sar")).sorted().forEach(this::deploy);
        } catch (java.io.IOException e) {
            LOG.error("Cannot list the deploy folder {}: {}", dir, e.toString());
        }
    }

    @Override
    public synchronized void deploy(Path archive) {
        Path key = archive.toAbsolutePath().normalize();
        long modified = lastModified(key);
        long size = size(key);
        Deployed current = deployed.get(key);
        if (current != null && current.lastModified() == modified && current.size() == size) {
            return;
        }
        if (current != null) {
            undeploy(archive);
        }
        Path unpackTo = workDir.resolve(archive.getFileName() + "-" + generation.incrementAndGet());
        LoadedApplication loaded;
        try {
            loaded = loader.load(key, unpackTo);
        } catch (Exception e) {
            refuse(key, e.getMessage(), null);
            return;
        }
        String name = loaded.descriptor().applicationName();
        if (registry.get(name) != null) {
            refuse(key, "an application named '" + name + "' is already deployed", null);
            loaded.close();
            return;
        }
        SipAppContext app = new SipAppContext(loaded, services);
        try {
            app.start();
        } catch (Exception e) {
            refuse(key, e.getMessage(), e.getCause());
            return;
        }
        try {
            notifyDeployed(app);
        } catch (Exception e) {
            app.stop();
            refuse(key, e.getMessage(), null);
            return;
        }
        refusals.remove(key);
        registry.add(app);
        deployed.put(key, new Deployed(app, modified, size));
        router.applicationDeployed(List.of(name));
        LOG.info("Deployed {} from {}", name, archive.getFileName());
    }

    @Override
    public synchronized void redeploy(Path archive) {
        undeploy(archive);
        deploy(archive);
    }

    @Override
    public synchronized void undeploy(Path archive) {
        refusals.remove(archive.toAbsolutePath().normalize());
        Deployed d = deployed.remove(archive.toAbsolutePath().normalize());
        if (d == null) {
            return;
        }
        String name = d.app().name();
        // its web side first: once the registry no longer lists the app, none of its URLs answer either
        notifyUndeployed(d.app(), lifecycleListeners());
        registry.remove(d.app());
        router.applicationUndeployed(List.of(name));
        d.app().stop();
        LOG.info("Undeployed {}", name);
    }

    synchronized void undeployAll() {
        for (Path p : List.copyOf(deployed.keySet())) {
            undeploy(p);
        }
    }

    /** Why archives were refused, by absolute path; an entry goes when the archive deploys or is removed. */
    Map<Path, String> refusals() {
        return java.util.Collections.unmodifiableMap(refusals);
    }

    private void refuse(Path archive, String reason, Throwable cause) {
        refusals.put(archive, String.valueOf(reason));
        LOG.error("Refused {}: {}", archive.getFileName(), reason, cause);
    }

    private List<ApplicationLifecycleListener> lifecycleListeners() {
        return services.registry().contributions(ApplicationLifecycleListener.class);
    }

    /** Tells every listener; when one refuses, those already told hear of the undeploy. */
    private void notifyDeployed(SipAppContext app) throws Exception {
        List<ApplicationLifecycleListener> told = new java.util.ArrayList<>();
        for (ApplicationLifecycleListener l : lifecycleListeners()) {
            try {
                l.deployed(app);
            } catch (Exception | LinkageError e) {
                notifyUndeployed(app, told);
                throw e instanceof Exception ex ? ex : new Exception(e.toString(), e);
            }
            told.add(l);
        }
    }

    private static void notifyUndeployed(SipAppContext app, List<ApplicationLifecycleListener> listeners) {
        for (int i = listeners.size() - 1; i >= 0; i--) {
            try {
                listeners.get(i).undeployed(app);
            } catch (RuntimeException e) {
                LOG.warn("Undeploying {}: {} failed", app.name(), listeners.get(i).getClass().getSimpleName(), e);
            }
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static long size(Path p) {
        try {
            return Files.isDirectory(p) ? 0 : Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
