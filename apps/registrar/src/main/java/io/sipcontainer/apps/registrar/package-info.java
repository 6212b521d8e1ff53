/**
 * The registrar application: Kamailio's registrar module as a SIP servlet. It answers REGISTER
 * (RFC 3261 section 10, Path RFC 3327, GRUU RFC 5627, outbound RFC 5626) by saving the bindings
 * into the container's {@link io.sipcontainer.service.LocationService}, with Kamailio's
 * {@code registrar.*} parameters, replies, {@code P-Registrar-Error} texts and statistics.
 */
@jakarta.servlet.sip.annotation.SipApplication(name = "registrar", mainServlet = "registrar")
package io.sipcontainer.apps.registrar;
