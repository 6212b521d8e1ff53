package io.sipcontainer.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code WEB-INF/sip.xml} says, as read by {@link SipXmlParser}: one source among two (the
 * other is annotations) that {@link DescriptorLoader} merges into a {@link SipAppDescriptor}.
 * Elements the file omits are null (or empty), so the merge can tell "not said" from a value.
 *
 * @param appName               {@code <app-name>}, or null
 * @param displayName           {@code <display-name>}, or null
 * @param mainServlet           {@code <servlet-selection><main-servlet>}, or null
 * @param mappings              1.0 style {@code <servlet-mapping>}s in file order (at most one of
 *                              mainServlet and mappings is given)
 * @param sessionTimeoutMinutes {@code <session-config><session-timeout>}, or null
 * @param metadataComplete      {@code metadata-complete="true"} on the root: annotations are ignored
 */
public record SipXml(
        String appName,
        String displayName,
        Map<String, String> contextParams,
        List<String> listenerClasses,
        List<ServletDefinition> servlets,
        String mainServlet,
        List<ServletMapping> mappings,
        Integer sessionTimeoutMinutes,
        boolean distributable,
        boolean metadataComplete) {

    public SipXml {
        contextParams = Collections.unmodifiableMap(new LinkedHashMap<>(contextParams));
        listenerClasses = List.copyOf(listenerClasses);
        servlets = List.copyOf(servlets);
        mappings = List.copyOf(mappings);
    }

    /** The descriptor of an application without sip.xml: everything left to annotations and defaults. */
    public static SipXml absent() {
        return new SipXml(null, null, Map.of(), List.of(), List.of(), null, List.of(), null, false, false);
    }
}
