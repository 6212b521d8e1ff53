/**
 * What a SIP application may use of sipcontainer besides the SIP Servlet API: the container's
 * services, looked up with {@link io.sipcontainer.service.Services#get}, and
 * {@link io.sipcontainer.service.ModuleParams} for the application's own settings.
 * <p>
 * This package is the whole boundary: applications compile against this module and
 * {@code sip-servlets-api} (both {@code provided}), the application class loader shares this
 * package with them and hides every other {@code io.sipcontainer} class, and deployment refuses an
 * archive whose classes refer to one. Something an application needs from the container is added
 * here as an interface, implemented inside the container.
 */
package io.sipcontainer.service;
