package io.sipcontainer.service;

import java.util.Optional;

import jakarta.servlet.ServletContext;

/**
 * How an application reaches the container's services: each one is a servlet context attribute
 * named by its interface's class name, set before the application's listeners run. Services
 * apps may use: {@link ServerInfo}, {@link Statistics}, {@link RpcRegistry}, {@link LocationService},
 * {@link DialogService}, {@link DispatcherService}, {@link NatService} and any other interface in this
 * package the container documents.
 *
 * <pre>{@code
 * LocationService location = Services.get(getServletContext(), LocationService.class);
 * }</pre>
 */
public final class Services {
    private Services() {
    }

    /** The service, or an exception naming it when this container does not provide it. */
    public static <T> T get(ServletContext context, Class<T> type) {
        return find(context, type).orElseThrow(
                () -> new IllegalStateException("the container provides no " + type.getName()));
    }

    /** The service, when the container provides it. */
    public static <T> Optional<T> find(ServletContext context, Class<T> type) {
        Object value = context.getAttribute(type.getName());
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }
}
