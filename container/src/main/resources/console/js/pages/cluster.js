// The cluster's members (cluster.members), what this node holds (cluster.status) and a few of
// each member's published statistics (cluster.stats).
import { api } from '../api.js';
import { el, flash, duration } from '../dom.js';

export function mount(root) {
  const body = el('tbody', { id: 'nodes-body' });
  const note = el('p', { class: 'summary', id: 'cluster-note' });
  root.append(el('h2', { text: 'Cluster members' }), note,
    el('table', { id: 'nodes-table' }, el('thead', {}, el('tr', {},
      ['Node', 'State', 'Member address', 'SIP addresses', 'Version', 'Uptime', 'Applications', 'Requests received',
        'Registered users'].map((h) => el('th', { text: h })))), body));
  let stopped = false;

  function summary(answer) {
    const s = answer.status || {};
    if (!answer.clustered) return 'Single node: cluster.enable = no, nothing is shared.';
    const sessions = s.sessions || {};
    const parts = [`${s.members} member(s)`, `mode ${s.mode}`];
    if (s.partitions) parts.push(`${s.partitions_owned} of ${s.partitions} partitions owned here`);
    if (s.safe !== undefined) parts.push(s.safe ? 'all backups in sync' : 'backups migrating');
    parts.push(`${sessions.local_sessions ?? 0} session(s) held here, ${sessions.cluster_sessions ?? 0} shared`);
    return parts.join(' · ');
  }

  async function refresh() {
    try {
      const answer = await api.get('cluster');
      if (stopped) return;
      note.textContent = summary(answer);
      body.replaceChildren(...answer.nodes.map((n) => el('tr', { class: 'node', 'data-node': n.name },
        el('td', {}, el('strong', { text: n.name }), n.self ? ' (this node)' : ''),
        el('td', { text: n.state }),
        el('td', { text: n.address || '' }),
        el('td', {}, el('ul', { class: 'plain' }, (n.sip || []).map((s) => el('li', { text: String(s) })))),
        el('td', { text: n.version || '' }),
        el('td', { text: n.uptime !== undefined ? duration(n.uptime) : '' }),
        el('td', { class: 'num', text: n.applications ?? '' }),
        el('td', { class: 'num', text: n.requests ?? '' }),
        el('td', { class: 'num', text: n.contacts ?? '' }))));
    } catch (e) {
      flash('Cannot read the cluster members: ' + e.message);
    }
  }

  refresh();
  const timer = setInterval(refresh, 5000);
  return () => { stopped = true; clearInterval(timer); };
}
