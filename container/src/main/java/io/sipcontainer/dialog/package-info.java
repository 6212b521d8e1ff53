/**
 * Kamailio's dialog module: the {@link io.sipcontainer.service.DialogService} the proxy
 * application feeds with the messages of the calls it relays. {@link DialogTracker} moves each
 * {@link DialogImpl} through Kamailio's states, {@link DialogTable} indexes them by Call-ID and by
 * hash entry and id, {@link DialogTimer} expires them and sends keepalives, {@link DialogRequests}
 * sends BYE and OPTIONS within them, {@link DialogStore} keeps them in the {@code dialog} table
 * per {@code db_mode}, and {@link DialogRpc} answers the {@code dlg.*} commands.
 */
package io.sipcontainer.dialog;
