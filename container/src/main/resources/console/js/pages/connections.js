// The SIP connections over TCP and TLS (core.tcp_list), with the counts and limits of
// core.tcp_info; for TLS the protocol, cipher and SNI name the handshake agreed, and the
// certificates in use (tls.profiles) with a button to read them again (tls.reload). WebSocket
// connections are listed by ws.dump. Refreshed every few seconds.
import { rpc } from '../api.js';
import { el, flash, duration } from '../dom.js';

const REFRESH_MS = 3000;

export function mount(root) {
  const summary = el('p', { id: 'conn-summary', class: 'summary' });
  const body = el('tbody', { id: 'conn-body' });
  const profiles = el('tbody', { id: 'tls-profiles' });
  const reload = el('button', { id: 'tls-reload', type: 'button', class: 'secondary', text: 'Reload TLS certificates',
    onclick: async () => {
      try {
        flash(await rpc('tls.reload'), 'info');
      } catch (e) {
        flash('tls.reload: ' + e.message);
      }
      refresh();
    } });
  root.append(el('h2', { text: 'Connections (TCP and TLS)' }), summary,
    el('table', { id: 'conn-table' }, el('thead', {}, el('tr', {},
      ['Id', 'Type', 'Direction', 'Peer', 'Local', 'Age', 'Last activity', 'TLS']
        .map((h) => el('th', { text: h })))), body),
    el('h2', { text: 'TLS certificates' }),
    el('table', { id: 'tls-table' }, el('thead', {}, el('tr', {},
      ['Profile', 'Server name', 'Subject', 'Valid until', 'Verify', 'Require'].map((h) => el('th', { text: h })))),
    profiles), el('p', {}, reload));
  let stopped = false;

  function tls(c) {
    if (c.type !== 'TLS') return '';
    return [c.protocol, c.cipher, c.server_name ? `SNI ${c.server_name}` : ''].filter(Boolean).join(' · ');
  }

  async function refresh() {
    try {
      const [info, list] = await Promise.all([rpc('core.tcp_info'), rpc('core.tcp_list')]);
      if (stopped) return;
      summary.textContent = `${info.opened_connections} TCP and ${info.opened_tls_connections} TLS connection(s) open`
        + ` · at most ${info.max_connections} per listener`;
      body.replaceChildren(...list.map((c) => el('tr', { class: 'connection', 'data-id': String(c.id) },
        el('td', { class: 'num', text: c.id }),
        el('td', { text: c.type }),
        el('td', { text: c.direction === 'in' ? 'accepted' : 'opened' }),
        el('td', { class: 'addr', text: `${c.src_ip}:${c.src_port}` }),
        el('td', { class: 'addr', text: `${c.dst_ip}:${c.dst_port}` }),
        el('td', { text: duration(c.age) }),
        el('td', { text: c.last_activity }),
        el('td', { text: tls(c) }))));
    } catch (e) {
      flash('Cannot read the connections: ' + e.message);
    }
    try {
      const answer = await rpc('tls.profiles');
      if (stopped) return;
      profiles.replaceChildren(...answer.profiles.map((p) => el('tr', { class: 'profile' },
        el('td', { text: p.section }),
        el('td', { text: p.server_name }),
        el('td', { text: p.subject }),
        el('td', { text: p.not_after || '' }),
        el('td', { text: p.verify_certificate ? 'yes' : 'no' }),
        el('td', { text: p.require_certificate ? 'yes' : 'no' }))));
      reload.hidden = false;
    } catch (e) {
      profiles.replaceChildren(el('tr', {}, el('td', { colspan: '6', text: 'No TLS certificates configured (tls.*).' })));
      reload.hidden = true;
    }
  }

  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}
