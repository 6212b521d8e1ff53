/**
 * The default proxy application: the request flow of Kamailio's default {@code kamailio.cfg}
 * (request initialisation checks, in-dialog handling, authentication hook, relaying to foreign
 * domains, user location and stateful forking) as a SIP servlet that proxies through the
 * container's {@link jakarta.servlet.sip.Proxy}, with Kamailio's reply codes and reason phrases.
 */
@jakarta.servlet.sip.annotation.SipApplication(name = "proxy", mainServlet = "proxy")
package io.sipcontainer.apps.proxy;
