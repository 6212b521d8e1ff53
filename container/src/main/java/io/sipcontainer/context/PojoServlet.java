package io.sipcontainer.context;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.annotation.AnyMethod;
import jakarta.servlet.sip.annotation.ErrorResponse;
import jakarta.servlet.sip.annotation.ProvisionalResponse;
import jakarta.servlet.sip.annotation.RedirectResponse;
import jakarta.servlet.sip.annotation.SipMethod;
import jakarta.servlet.sip.annotation.SuccessResponse;

/**
 * Runs a SIP Servlet 2.0 POJO as a servlet: a request goes to the method annotated for its SIP
 * method (through the {@code @SipMethod} meta-annotation, e.g. {@code @Invite}), else to an
 * {@code @AnyMethod} one, else gets the SipServlet default (500, or nothing for ACK/CANCEL); a
 * response goes to the method annotated for its status class.
 */
final class PojoServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    private final transient Object target;
    private final transient Map<Class<? extends Annotation>, List<Method>> methods;

    PojoServlet(Object target, Map<Class<? extends Annotation>, List<Method>> methods) {
        this.target = target;
        this.methods = methods;
    }

    @Override
    protected void doRequest(SipServletRequest req) throws ServletException, java.io.IOException {
        for (Map.Entry<Class<? extends Annotation>, List<Method>> e : methods.entrySet()) {
            SipMethod sipMethod = e.getKey().getAnnotation(SipMethod.class);
            if (sipMethod != null && sipMethod.value().equals(req.getMethod())) {
                call(e.getValue(), req);
                return;
            }
        }
        List<Method> any = methods.get(AnyMethod.class);
        if (any != null) {
            call(any, req);
            return;
        }
        super.doRequest(req);
    }

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, java.io.IOException {
        int status = resp.getStatus();
        Class<? extends Annotation> kind = status < 200 ? ProvisionalResponse.class
                : status < 300 ? SuccessResponse.class
                : status < 400 ? RedirectResponse.class : ErrorResponse.class;
        List<Method> handlers = methods.get(kind);
        if (handlers != null) {
            call(handlers, resp);
        }
    }

    private void call(List<Method> handlers, Object message) throws ServletException {
        for (Method m : handlers) {
            try {
                m.invoke(target, message);
            } catch (InvocationTargetException e) {
                throw new ServletException(m.getName() + " failed", e.getCause());
            } catch (IllegalAccessException e) {
                throw new ServletException("cannot call " + m, e);
            }
        }
    }
}
