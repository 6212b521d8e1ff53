// The cluster's members: for now this node alone (clustering comes later).
import { api } from '../api.js';
import { el, flash, duration } from '../dom.js';

export function mount(root) {
  const body = el('tbody', { id: 'nodes-body' });
  const note = el('p', { class: 'summary', id: 'cluster-note' });
  root.append(el('h2', { text: 'Cluster members' }), note,
    el('table', { id: 'nodes-table' }, el('thead', {}, el('tr', {},
      ['Node', 'State', 'Version', 'Up since', 'Uptime', 'Applications', 'SIP sockets'].map((h) => el('th', { text: h })))), body));
  let stopped = false;

  async function refresh() {
    try {
      const answer = await api.get('cluster');
      if (stopped) return;
      note.textContent = answer.clustered ? '' : 'Single node: this server is not part of a cluster.';
      body.replaceChildren(...answer.nodes.map((n) => el('tr', { class: 'node', 'data-node': n.name },
        el('td', {}, el('strong', { text: n.name }), n.self ? ' (this node)' : ''),
        el('td', { text: n.state }),
        el('td', { text: n.version }),
        el('td', { text: n.upSince ? new Date(n.upSince).toLocaleString() : '' }),
        el('td', { text: duration(n.uptime) }),
        el('td', { class: 'num', text: n.applications }),
        el('td', {}, el('ul', { class: 'plain' }, (n.sockets || []).map((s) => el('li', { text: String(s) })))))));
    } catch (e) {
      flash('Cannot read the cluster members: ' + e.message);
    }
  }

  refresh();
  const timer = setInterval(refresh, 5000);
  return () => { stopped = true; clearInterval(timer); };
}
