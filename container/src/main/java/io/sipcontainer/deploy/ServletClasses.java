package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServlet;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * Checks that a class can serve as a SIP servlet: a public concrete class with a public no-argument
 * constructor (the container instantiates it) that either extends {@code SipServlet} or, as a
 * SIP Servlet 2.0 POJO, has handler methods. Failing here at deployment beats failing on the first
 * request.
 */
final class ServletClasses {

    private ServletClasses() {
    }

    /**
     * @return the POJO's handler methods by annotation, empty for a {@code SipServlet} subclass
     * @throws DeploymentException naming the servlet and what is wrong with its class
     */
    static Map<Class<? extends Annotation>, List<Method>> check(Class<?> type, String servletName, String archiveName)
            throws DeploymentException {
        String what = "servlet '" + servletName + "' (" + type.getName() + ")";
        int modifiers = type.getModifiers();
        if (type.isInterface() || type.isAnnotation() || type.isEnum() || Modifier.isAbstract(modifiers)) {
            throw new DeploymentException(archiveName, what + " is not a concrete class");
        }
        if (!Modifier.isPublic(modifiers) || (type.isMemberClass() && !Modifier.isStatic(modifiers))) {
            throw new DeploymentException(archiveName, what + " must be a public top-level or static nested class");
        }
        try {
            type.getConstructor(); // public constructors only
        } catch (NoSuchMethodException e) {
            throw new DeploymentException(archiveName, what + " has no public no-argument constructor");
        }
        if (SipServlet.class.isAssignableFrom(type)) {
            return Map.of();
        }
        Map<Class<? extends Annotation>, List<Method>> handlers = PojoHandlerMethods.find(type, archiveName);
        if (handlers.isEmpty()) {
            throw new DeploymentException(archiveName, what + " neither extends jakarta.servlet.sip.SipServlet"
                    + " nor has handler methods (@Invite, @AnyMethod, @SuccessResponse...)");
        }
        return handlers;
    }
}
