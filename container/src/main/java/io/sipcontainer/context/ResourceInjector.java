package io.sipcontainer.context;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

import jakarta.annotation.Resource;
import jakarta.servlet.ServletException;

/**
 * {@code @Resource} injection into an application's servlets and listeners (JSR 359 and Jakarta
 * Annotations): fields and one-argument setter methods, of the class and its superclasses, get the
 * application's SipFactory, SipSessionsUtil or TimerService, or a container service of
 * {@code io.sipcontainer.service}, chosen by type; {@code lookup}/{@code name} naming one of the
 * application's {@code java:comp/env} entries is honoured too. What cannot be resolved stops the
 * deployment, as the Jakarta rules require, instead of leaving a null to fail mid-call.
 */
final class ResourceInjector {
    private final Map<Class<?>, Object> byType;
    private final Map<String, Object> envNames;

    /**
     * @param byType   what can be injected, by the type the field or setter declares
     * @param envNames the application's names relative to java:comp/env
     */
    ResourceInjector(Map<Class<?>, Object> byType, Map<String, Object> envNames) {
        this.byType = byType;
        this.envNames = envNames;
    }

    /** Injects every {@code @Resource} field and setter of {@code target}. */
    void inject(Object target) throws ServletException {
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Resource r = f.getAnnotation(Resource.class);
                if (r != null && !Modifier.isStatic(f.getModifiers())) {
                    Object value = resolve(r, f.getType(), c.getName() + "." + f.getName());
                    try {
                        f.setAccessible(true);
                        f.set(target, value);
                    } catch (IllegalAccessException | RuntimeException e) {
                        throw new ServletException("cannot inject @Resource " + c.getName() + "." + f.getName() + ": " + e, e);
                    }
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                Resource r = m.getAnnotation(Resource.class);
                if (r == null || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String where = c.getName() + "." + m.getName() + "()";
                if (m.getParameterCount() != 1 || !m.getName().startsWith("set")) {
                    throw new ServletException("@Resource on " + where + ": only one-argument setters can be injected");
                }
                Object value = resolve(r, m.getParameterTypes()[0], where);
                try {
                    m.setAccessible(true);
                    m.invoke(target, value);
                } catch (InvocationTargetException e) {
                    throw new ServletException("@Resource setter " + where + " failed: " + e.getCause(), e.getCause());
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new ServletException("cannot inject @Resource " + where + ": " + e, e);
                }
            }
        }
    }

    private Object resolve(Resource r, Class<?> declared, String where) throws ServletException {
        Class<?> wanted = r.type() != Object.class ? r.type() : declared;
        String named = !r.lookup().isEmpty() ? r.lookup() : r.name();
        if (!named.isEmpty()) {
            String relative = named.startsWith("java:comp/env/") ? named.substring("java:comp/env/".length()) : named;
            Object bound = envNames.get(relative);
            if (bound != null && declared.isInstance(bound)) {
                return bound;
            }
        }
        for (Map.Entry<Class<?>, Object> e : byType.entrySet()) {
            if (declared.isAssignableFrom(e.getKey()) && wanted.isAssignableFrom(e.getKey())) {
                return e.getValue();
            }
        }
        throw new ServletException("@Resource " + where + " of type " + declared.getName()
                + (named.isEmpty() ? "" : " named " + named) + ": nothing of that kind can be injected"
                + " (SipFactory, SipSessionsUtil, TimerService or a service of io.sipcontainer.service)");
    }
}
