package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the message handler methods of a SIP Servlet 2.0 POJO: methods carrying an annotation such
 * as {@code @Invite}, {@code @AnyMethod}, {@code @SuccessResponse} or {@code @BranchResponse}, or
 * any annotation meta-annotated with {@code @SipMethod}, {@code @SipResponseCode} or
 * {@code @SipResponseRange}, or a filter meta-annotated with {@code @SipPredicate} (the spec's
 * extension points). A handler is a public instance method
 * taking one {@code SipServletRequest} or {@code SipServletResponse}; response filters need the
 * latter. Annotations are recognised by name so that this class does not depend on which meta
 * annotations the API module defines.
 */
final class PojoHandlerMethods {

    private static final String ANNOTATION_PACKAGE = "jakarta.servlet.sip.annotation.";

    private static final Set<String> REQUEST_METHOD_ANNOTATIONS = Set.of(
            "Invite", "Ack", "Bye", "Cancel", "Info", "Message", "Notify", "Options", "Prack",
            "Publish", "Refer", "Register", "Subscribe", "Update", "AnyMethod");

    private static final Set<String> RESPONSE_ANNOTATIONS = Set.of(
            "ProvisionalResponse", "SuccessResponse", "RedirectResponse", "ErrorResponse", "BranchResponse");

    private static final String SIP_METHOD_META = ANNOTATION_PACKAGE + "SipMethod";
    private static final String PREDICATE_META = ANNOTATION_PACKAGE + "SipPredicate";
    private static final Set<String> RESPONSE_META =
            Set.of(ANNOTATION_PACKAGE + "SipResponseCode", ANNOTATION_PACKAGE + "SipResponseRange");

    private PojoHandlerMethods() {
    }

    /**
     * The handler methods of the class by annotation type, each list in a stable order (by method
     * name). A list, because one annotation may mark several methods: {@code @Invite} on a request
     * handler and on an {@code @Invite @SuccessResponse} response handler. Empty when the class has
     * none.
     *
     * @throws DeploymentException when an annotated method has a signature the container cannot call
     */
    static Map<Class<? extends Annotation>, List<Method>> find(Class<?> type, String archiveName)
            throws DeploymentException {
        Map<Class<? extends Annotation>, List<Method>> handlers = new LinkedHashMap<>();
        for (Method method : sortedMethods(type)) {
            List<Class<? extends Annotation>> annotations = handlerAnnotations(method);
            if (annotations.isEmpty()) {
                continue;
            }
            checkSignature(method, annotations, archiveName);
            for (Class<? extends Annotation> annotation : annotations) {
                handlers.computeIfAbsent(annotation, a -> new ArrayList<>()).add(method);
            }
        }
        Map<Class<? extends Annotation>, List<Method>> frozen = new LinkedHashMap<>();
        handlers.forEach((annotation, methods) -> frozen.put(annotation, List.copyOf(methods)));
        return Collections.unmodifiableMap(frozen);
    }

    /** Public methods (inherited too) plus the class's own non-public ones, which are reported. */
    private static List<Method> sortedMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
        for (Method declared : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(declared.getModifiers())) {
                methods.add(declared);
            }
        }
        methods.removeIf(m -> m.isBridge() || m.isSynthetic() || m.getDeclaringClass() == Object.class);
        methods.sort((a, b) -> a.toGenericString().compareTo(b.toGenericString()));
        return methods;
    }

    private static List<Class<? extends Annotation>> handlerAnnotations(Method method) {
        List<Class<? extends Annotation>> found = new ArrayList<>();
        for (Annotation annotation : method.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (isRequestMethodAnnotation(type) || isResponseAnnotation(type)
                    || hasMeta(type, Set.of(PREDICATE_META))) {
                found.add(type);
            }
        }
        return found;
    }

    private static boolean isRequestMethodAnnotation(Class<? extends Annotation> type) {
        return isNamed(type, REQUEST_METHOD_ANNOTATIONS) || hasMeta(type, Set.of(SIP_METHOD_META));
    }

    private static boolean isResponseAnnotation(Class<? extends Annotation> type) {
        return isNamed(type, RESPONSE_ANNOTATIONS) || hasMeta(type, RESPONSE_META);
    }

    private static boolean isNamed(Class<? extends Annotation> type, Set<String> simpleNames) {
        String name = type.getName();
        return name.startsWith(ANNOTATION_PACKAGE) && simpleNames.contains(name.substring(ANNOTATION_PACKAGE.length()));
    }

    private static boolean hasMeta(Class<? extends Annotation> type, Set<String> metaNames) {
        for (Annotation meta : type.getAnnotations()) {
            if (metaNames.contains(meta.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static void checkSignature(Method method, List<Class<? extends Annotation>> annotations,
            String archiveName) throws DeploymentException {
        String where = "handler " + method.getDeclaringClass().getName() + "." + method.getName();
        int modifiers = method.getModifiers();
        if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)) {
            throw new DeploymentException(archiveName, where + " must be a public instance method");
        }
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != 1
                || (parameters[0] != SipServletRequest.class && parameters[0] != SipServletResponse.class)) {
            throw new DeploymentException(archiveName,
                    where + " must take exactly one SipServletRequest or SipServletResponse");
        }
        if (parameters[0] == SipServletRequest.class) {
            for (Class<? extends Annotation> annotation : annotations) {
                if (isResponseAnnotation(annotation)) {
                    throw new DeploymentException(archiveName, where + " is annotated @"
                            + annotation.getSimpleName() + " so it must take a SipServletResponse");
                }
            }
        }
    }
}
