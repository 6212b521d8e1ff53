package io.sipcontainer.deploy;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the container needs to run one SIP application, merged from sip.xml and annotations
 * and validated by {@link DescriptorLoader}: it names the application, lists its servlets and
 * listeners, and says how initial requests select a servlet, either a main servlet (SIP Servlet
 * 1.1/2.0) or an ordered list of mapping rules (1.0 style), exactly one of the two.
 *
 * @param applicationName       sip.xml app-name, else {@code @SipApplication} name, else the
 *                              archive's file name without extension
 * @param displayName           for administration; the application name when none is given
 * @param servlets              in declaration order, sip.xml first
 * @param mainServlet           name of the servlet that receives initial requests, or null when
 *                              {@code mappings} select it
 * @param mappings              servlet mapping rules in order (empty when there is a main servlet)
 * @param sessionTimeoutMinutes application session timeout; zero or less means never
 * @param applicationKeyMethod  the {@code @SipApplicationKey} method, or null
 */
public record SipAppDescriptor(
        String applicationName,
        String displayName,
        Map<String, String> contextParams,
        List<ServletDescriptor> servlets,
        String mainServlet,
        List<ServletMapping> mappings,
        List<String> listenerClasses,
        int sessionTimeoutMinutes,
        boolean distributable,
        Method applicationKeyMethod) {

    /** Session timeout when neither sip.xml nor {@code @SipApplication} sets one. */
    public static final int DEFAULT_SESSION_TIMEOUT_MINUTES = 3;

    public SipAppDescriptor {
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(displayName, "displayName");
        contextParams = Collections.unmodifiableMap(new LinkedHashMap<>(contextParams));
        servlets = List.copyOf(servlets);
        mappings = List.copyOf(mappings);
        listenerClasses = List.copyOf(listenerClasses);
        if ((mainServlet == null) == mappings.isEmpty()) {
            throw new IllegalArgumentException("exactly one of mainServlet and mappings must be given");
        }
    }

    /** The servlet of that name. */
    public Optional<ServletDescriptor> servlet(String name) {
        for (ServletDescriptor servlet : servlets) {
            if (servlet.name().equals(name)) {
                return Optional.of(servlet);
            }
        }
        return Optional.empty();
    }

    /** True when initial requests go to {@link #mainServlet()}, false when {@link #mappings()} select. */
    public boolean hasMainServlet() {
        return mainServlet != null;
    }
}
