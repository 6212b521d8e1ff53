package io.sipcontainer.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A servlet as declared by one source, a sip.xml {@code <servlet>} element or a {@code @SipServlet}
 * annotation, before its class is checked. The merged, validated form the container uses is
 * {@link ServletDescriptor}.
 *
 * @param loadOnStartup the declared order of loading at startup; negative when the servlet may be
 *                      loaded lazily (the element or attribute was absent or negative)
 */
public record ServletDefinition(String name, String className, Map<String, String> initParams, int loadOnStartup) {

    public ServletDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
    }
}
