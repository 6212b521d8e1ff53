package io.sipcontainer.router;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;
import jakarta.servlet.sip.ar.SipRouteModifier;
import jakarta.servlet.sip.ar.SipTargetedRequestInfo;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Default Application Router of the SIP Servlet specification (appendix "Default Application
 * Router"): for an initial request it walks the {@link DarFile} list of the request's method in
 * order (the {@code METHOD@network} or {@code METHOD@app} list when the file has one for where the
 * request comes from), skipping applications that are not deployed, and returns the next one with its
 * subscriber, region and route. The state info it hands the container is the {@link Integer}
 * position of the chosen tuple, so the next call resumes after it; a {@code NEW} directive or a
 * {@code null} state starts from the top, and an exhausted list yields {@code null}.
 *
 * <p>It is called concurrently for every initial request, so the parsed table and the set of
 * deployed applications are immutable snapshots swapped atomically; routing takes no lock. The
 * configuration file is re-read on every deployment change (and by {@link #reload()}), keeping
 * the previous table if the new text is invalid.
 */
public final class DefaultApplicationRouter implements SipApplicationRouter {

    /** Names the configuration file (a file URI or a path), as the jakarta spelling of the spec's. */
    public static final String CONFIGURATION_PROPERTY = "jakarta.servlet.sip.ar.dar.configuration";
    /** The property name the specification defines for the configuration file. */
    public static final String LEGACY_CONFIGURATION_PROPERTY = "javax.servlet.sip.ar.dar.configuration";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultApplicationRouter.class);
    private static final String[] NO_ROUTES = new String[0];

    private final Object lifecycleLock = new Object();
    private final boolean locateFileAtInit;
    private Path darFile;
    private boolean initialized;
    private volatile DarFile table;
    private volatile Set<String> deployedApplications = Set.of();

    /**
     * A router that finds its file at {@link #init(Properties)} time in the init properties or
     * the system properties ({@link #CONFIGURATION_PROPERTY}, {@link #LEGACY_CONFIGURATION_PROPERTY});
     * without either it routes nothing.
     */
    public DefaultApplicationRouter() {
        this.locateFileAtInit = true;
        this.table = DarFile.empty("(no DAR configuration)");
    }

    /** A router reading {@code darFile} at {@link #init()} and on every {@link #reload()}. */
    public DefaultApplicationRouter(Path darFile) {
        this.locateFileAtInit = false;
        this.darFile = Objects.requireNonNull(darFile, "darFile");
        this.table = DarFile.empty(darFile.toString());
    }

    /** A router over a fixed table; {@link #reload()} keeps it. */
    public DefaultApplicationRouter(DarFile table) {
        this.locateFileAtInit = false;
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void init() {
        init(new Properties());
    }

    /**
     * Reads the configuration file. When the router was built without one, the file is named by
     * {@code properties} or, failing that, by the system properties.
     *
     * @throws IllegalStateException if called more than once
     * @throws DarParseException if the file is invalid
     * @throws UncheckedIOException if the file cannot be read
     */
    @Override
    public void init(Properties properties) {
        synchronized (lifecycleLock) {
            if (initialized) {
                throw new IllegalStateException("the application router is already initialized");
            }
            initialized = true;
            if (locateFileAtInit) {
                darFile = properties == null ? null : DarLocation.fromProperties(properties::getProperty);
                if (darFile == null) {
                    darFile = DarLocation.fromProperties(System::getProperty);
                }
            }
            if (darFile == null) {
                LOG.info("Default application router uses {}", table.sourceName());
                return;
            }
            try {
                reload();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the default application router configuration " + darFile, e);
            }
        }
    }

    /**
     * Re-reads the configuration file and swaps the new table in; on error the previous table
     * stays in use. A router over a fixed table returns it unchanged.
     *
     * @return the table now in use
     * @throws IOException if the file cannot be read
     * @throws DarParseException if the file is invalid
     */
    public DarFile reload() throws IOException {
        synchronized (lifecycleLock) {
            if (darFile != null) {
                DarFile reloaded = DarParser.parse(darFile);
                table = reloaded;
                LOG.info("Default application router loaded {} for methods {}",
                        darFile, reloaded.methods());
            }
            return table;
        }
    }

    /** The table routing currently uses. */
    public DarFile table() {
        return table;
    }

    /** The applications the container reported as deployed. */
    public Set<String> deployedApplications() {
        return deployedApplications;
    }

    @Override
    public void applicationDeployed(List<String> newlyDeployedApplicationNames) {
        synchronized (lifecycleLock) {
            Set<String> updated = new HashSet<>(deployedApplications);
            updated.addAll(newlyDeployedApplicationNames);
            deployedApplications = Set.copyOf(updated);
            reloadKeepingPreviousOnError();
        }
    }

    @Override
    public void applicationUndeployed(List<String> undeployedApplicationNames) {
        synchronized (lifecycleLock) {
            Set<String> updated = new HashSet<>(deployedApplications);
            updated.removeAll(undeployedApplicationNames);
            deployedApplications = Set.copyOf(updated);
            reloadKeepingPreviousOnError();
        }
    }

    @Override
    public void destroy() {
        synchronized (lifecycleLock) {
            deployedApplications = Set.of();
            table = DarFile.empty(table.sourceName());
        }
    }

    @Override
    public SipApplicationRouterInfo getNextApplication(SipServletRequest initialRequest,
            SipApplicationRoutingRegion region, SipApplicationRoutingDirective directive,
            SipTargetedRequestInfo targetedRequestInfo, Serializable stateInfo) {
        // read each volatile once so the whole decision sees one consistent snapshot
        Chosen chosen = listFor(table, initialRequest, directive, stateInfo);
        List<DarEntry> entries = chosen.entries();
        DarFile.Origin origin = chosen.origin();
        Set<String> deployed = deployedApplications;

        if (targetedRequestInfo != null) {
            SipApplicationRouterInfo targeted =
                    routeToTarget(targetedRequestInfo.getApplicationName(), entries, deployed, initialRequest, origin);
            if (targeted != null) {
                return targeted;
            }
        }
        int start = directive == SipApplicationRoutingDirective.NEW ? 0 : positionAfter(stateInfo);
        for (int i = start; i < entries.size(); i++) {
            DarEntry entry = entries.get(i);
            if (entry.isPureRoute() || deployed.contains(entry.applicationName())) {
                return infoFor(entry, i, initialRequest, origin);
            }
        }
        return null;
    }

    /** The list a decision walks, and the origin it is specific to (null for a plain METHOD list). */
    private record Chosen(List<DarEntry> entries, DarFile.Origin origin) { }

    /**
     * The list to walk: a chain goes on with the list it started on (the state says which); a new
     * request takes the list of its origin when the file has one, else the plain one. A request is
     * an application's own when it was made here (it has no address it was received from).
     */
    private static Chosen listFor(DarFile table, SipServletRequest request, SipApplicationRoutingDirective directive,
            Serializable stateInfo) {
        String method = request.getMethod();
        if (directive != SipApplicationRoutingDirective.NEW && stateInfo instanceof ListPosition p) {
            List<DarEntry> specific = table.specificEntries(method, p.origin());
            return new Chosen(specific != null ? specific : List.of(), p.origin());
        }
        if (directive != SipApplicationRoutingDirective.NEW && stateInfo instanceof Integer) {
            return new Chosen(table.entriesFor(method), null);
        }
        if (table.specificEntries(method, DarFile.Origin.NETWORK) == null
                && table.specificEntries(method, DarFile.Origin.APPLICATION) == null) {
            return new Chosen(table.entriesFor(method), null);
        }
        DarFile.Origin origin = request.getInitialRemoteAddr() == null
                ? DarFile.Origin.APPLICATION : DarFile.Origin.NETWORK;
        List<DarEntry> specific = table.specificEntries(method, origin);
        return specific != null ? new Chosen(specific, origin) : new Chosen(table.entriesFor(method), null);
    }

    /**
     * The state of a tuple chosen from a {@code METHOD@network} or {@code METHOD@app} list: the list
     * and its position (a plain list's state is the position alone, an Integer, as it always was).
     */
    record ListPosition(DarFile.Origin origin, int position) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A targeted request (encoded URI, Join, Replaces) goes to its application. If the method's
     * list names it, that tuple supplies region and subscriber and the walk resumes after it;
     * otherwise the application runs alone in the neutral region.
     */
    private SipApplicationRouterInfo routeToTarget(String application, List<DarEntry> entries,
            Set<String> deployed, SipServletRequest request, DarFile.Origin origin) {
        if (application == null || !deployed.contains(application)) {
            LOG.debug("targeted application {} is not deployed; routing by the DAR list", application);
            return null;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).applicationName().equals(application)) {
                return infoFor(entries.get(i), i, request, origin);
            }
        }
        return new SipApplicationRouterInfo(application, SipApplicationRoutingRegion.NEUTRAL_REGION,
                null, NO_ROUTES, SipRouteModifier.NO_ROUTE, stateOf(entries.size(), origin));
    }

    private static int positionAfter(Serializable stateInfo) {
        if (stateInfo instanceof Integer position) {
            return Math.max(0, position + 1);
        }
        if (stateInfo instanceof ListPosition p) {
            return Math.max(0, p.position() + 1);
        }
        if (stateInfo != null) {
            LOG.debug("ignoring foreign state info {}; starting the DAR list from the top", stateInfo);
        }
        return 0;
    }

    private static Serializable stateOf(int position, DarFile.Origin origin) {
        return origin == null ? Integer.valueOf(position) : new ListPosition(origin, position);
    }

    private static SipApplicationRouterInfo infoFor(DarEntry entry, int position, SipServletRequest request,
            DarFile.Origin origin) {
        String[] routes = entry.hasRoute() && entry.routeModifier() != SipRouteModifier.NO_ROUTE
                ? new String[] {entry.route()}
                : NO_ROUTES;
        return new SipApplicationRouterInfo(
                entry.isPureRoute() ? null : entry.applicationName(),
                regionOf(entry),
                SubscriberResolver.resolve(entry, request),
                routes,
                entry.routeModifier(),
                stateOf(position, origin));
    }

    private static SipApplicationRoutingRegion regionOf(DarEntry entry) {
        return switch (entry.regionType()) {
            case ORIGINATING -> SipApplicationRoutingRegion.ORIGINATING_REGION;
            case TERMINATING -> SipApplicationRoutingRegion.TERMINATING_REGION;
            case NEUTRAL -> SipApplicationRoutingRegion.NEUTRAL_REGION;
        };
    }

    private void reloadKeepingPreviousOnError() {
        try {
            reload();
        } catch (IOException | DarParseException e) {
            LOG.error("Default application router keeps its previous table: {}", e.toString());
        }
    }
}
