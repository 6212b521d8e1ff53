package io.sipcontainer.deploy;

import jakarta.servlet.sip.annotation.SipApplication;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the annotations of an application declare, as found by {@link AnnotationScanner}: the other
 * source, besides sip.xml, that {@link DescriptorLoader} merges into a {@link SipAppDescriptor}.
 *
 * @param application              the {@code @SipApplication} found, or null
 * @param servlets                 {@code @SipServlet} classes, named by the annotation or by the
 *                                 class's simple name, with their handler methods already checked
 * @param listenerClasses          {@code @SipListener} classes
 * @param applicationKeyMethod     the {@code @SipApplicationKey} method, or null
 * @param declaredApplicationNames class name to the non-empty {@code applicationName} its
 *                                 annotation names; each must be this application's name
 */
public record ScanResult(
        SipApplication application,
        List<ServletDefinition> servlets,
        List<String> listenerClasses,
        Method applicationKeyMethod,
        Map<String, String> declaredApplicationNames) {

    public ScanResult {
        servlets = List.copyOf(servlets);
        listenerClasses = List.copyOf(listenerClasses);
        declaredApplicationNames = Collections.unmodifiableMap(new LinkedHashMap<>(declaredApplicationNames));
    }

    /** The result for an application whose annotations are not read (sip.xml metadata-complete). */
    public static ScanResult empty() {
        return new ScanResult(null, List.of(), List.of(), null, Map.of());
    }
}
