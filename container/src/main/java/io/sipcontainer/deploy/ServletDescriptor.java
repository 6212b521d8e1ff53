package io.sipcontainer.deploy;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated servlet of a deployed application, as the container instantiates and invokes it.
 * Its class was loaded by the application's class loader and is either a {@code SipServlet}
 * subclass or a SIP Servlet 2.0 POJO; for a POJO, {@link #pojoMethods()} says which method handles
 * what.
 *
 * @param loadOnStartup negative: load lazily, on the first message; otherwise load at deployment,
 *                      lower values first
 * @param pojoMethods   for a POJO, its handler methods by handler annotation type ({@code Invite.class},
 *                      {@code SuccessResponse.class}...). A method with several annotations
 *                      ({@code @Invite @SuccessResponse}) is listed under each, and an annotation can
 *                      mark several methods (request and response handlers), hence the lists; the
 *                      dispatcher picks by parameter type and by the method's other annotations.
 *                      Empty for a SipServlet subclass.
 */
public record ServletDescriptor(
        String name,
        String className,
        Class<?> servletClass,
        Map<String, String> initParams,
        int loadOnStartup,
        Map<Class<? extends Annotation>, List<Method>> pojoMethods) {

    public ServletDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(servletClass, "servletClass");
        initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
        Map<Class<? extends Annotation>, List<Method>> methods = new LinkedHashMap<>();
        pojoMethods.forEach((annotation, list) -> methods.put(annotation, List.copyOf(list)));
        pojoMethods = Collections.unmodifiableMap(methods);
    }

    /** True for a SIP Servlet 2.0 POJO, false for a {@code SipServlet} subclass. */
    public boolean isPojo() {
        return !pojoMethods.isEmpty();
    }

    /** True when the servlet is to be created and initialised at deployment. */
    public boolean loadsOnStartup() {
        return loadOnStartup >= 0;
    }
}
