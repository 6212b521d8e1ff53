// The dialog module's calls: the dialog statistics, and the dialogs dlg.list gives (Kamailio's
// fields, state as a number and a name), refreshed every two seconds; Terminate sends a BYE to
// both sides (dlg.end_dlg), for confirmed dialogs only, as Kamailio allows.
import { rpc } from '../api.js';
import { el, flash, confirmButton, duration, table } from '../dom.js';

const STATES = { 1: 'unconfirmed', 2: 'early', 3: 'confirmed, no ACK', 4: 'confirmed', 5: 'deleted' };
const STATISTICS = [
  ['active_dialogs', 'Active'],
  ['early_dialogs', 'Early'],
  ['processed_dialogs', 'Processed'],
  ['expired_dialogs', 'Expired'],
  ['failed_dialogs', 'Failed'],
];
const REFRESH_MILLIS = 2000;

export function mount(root) {
  const tiles = {};
  const tileRow = el('div', { class: 'tiles' }, STATISTICS.map(([key, label]) => {
    tiles[key] = el('span', { class: 'tile-value', id: 'dlg-stat-' + key, text: '-' });
    return el('div', { class: 'tile' }, tiles[key], el('span', { class: 'tile-label', text: label + ' dialogs' }));
  }));
  const summary = el('p', { id: 'dlg-summary', class: 'summary' });
  const list = el('div', { id: 'dlg-list' });
  root.append(el('h2', { text: 'Dialogs' }), tileRow, summary, list);
  let stopped = false;
  let busy = false;

  async function refresh() {
    if (busy || stopped) return;
    busy = true;
    try {
      const [stats, dialogs] = await Promise.all([rpc('stats.fetch', 'dialog:'), rpc('dlg.list')]);
      if (stopped) return;
      for (const [key] of STATISTICS) {
        const v = stats['dialog.' + key];
        tiles[key].textContent = v === undefined ? '-' : String(v);
      }
      summary.textContent = dialogs.length === 0 ? 'No dialog is up.' : `${dialogs.length} dialog(s)`;
      list.replaceChildren(dialogs.length === 0 ? '' : table(
        ['', 'Call-ID', 'From', 'To', 'State', 'Duration', 'Caller contact', 'Callee contact'],
        dialogs.map(render), { class: 'dialogs' }));
    } catch (e) {
      flash('Cannot read the dialogs: ' + e.message);
    } finally {
      busy = false;
    }
  }

  async function terminate(d) {
    try {
      await rpc('dlg.end_dlg', d.h_entry, d.h_id);
      flash(`BYE sent to both sides of ${d['call-id']}.`, 'info');
    } catch (e) {
      flash('Terminate failed: ' + e.message);
    }
    await refresh();
  }

  function render(d) {
    const confirmed = d.state === 3 || d.state === 4;
    return el('tr', { class: 'dialog', 'data-callid': d['call-id'], 'data-state': d.state },
      el('td', {}, confirmed ? confirmButton('Terminate', () => terminate(d),
        { class: 'danger small terminate-dialog', 'data-callid': d['call-id'] }) : ''),
      el('td', { class: 'addr callid', text: d['call-id'] }),
      el('td', { text: d.from_uri }),
      el('td', { text: d.to_uri }),
      el('td', { class: 'state', text: `${d.state} ${STATES[d.state] || ''}` }),
      el('td', { class: 'num', text: d.start_ts ? duration(d.duration) : '' }),
      el('td', { class: 'addr', text: d.caller.contact }),
      el('td', { class: 'addr', text: d.callee.contact }));
  }

  refresh();
  const timer = setInterval(refresh, REFRESH_MILLIS);
  return () => { stopped = true; clearInterval(timer); };
}
